"""«Личный кабинет»: own roles and places, password change, own page sessions and API tokens."""

import pytest
from django.test import Client

from tenants.models import Role, UserSession
from tests.support.people import person, with_role

pytestmark = pytest.mark.django_db

PASSWORD = "пароль-кабинета-1"


@pytest.fixture
def teacher(world):
    user = person(email="cabinet@example.test", password=PASSWORD)
    with_role(user, Role.MENTOR, school=world.school_a)
    with_role(user, Role.CONSULTANT, consultation_point=world.point)
    return user


def log_in(agent="Mozilla/5.0 (Windows NT 10.0) Chrome/120.0", address="10.0.0.5") -> Client:
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    assert (
        client.post("/login/", {"username": "cabinet@example.test", "password": PASSWORD}).status_code == 302
    )
    return client


def test_the_account_page_lists_own_roles_and_places(teacher):
    page = log_in().get("/account/").content.decode()
    assert "Личный кабинет" in page
    assert "Школа А" in page and "наставник" in page
    assert "КП Тестовска" in page and "консультант" in page


def test_own_sessions_are_listed_with_device_and_address_and_one_is_ended(teacher):
    laptop = log_in()
    phone = log_in(agent="Mozilla/5.0 (Linux; Android 14) Chrome/120.0 Mobile", address="10.0.0.9")
    page = laptop.get("/account/").content.decode()
    assert "Chrome, Windows" in page and "Chrome, Android" in page
    assert "10.0.0.9" in page and "это устройство" in page
    other = UserSession.objects.get(user=teacher, ip="10.0.0.9")
    laptop.post(f"/account/sessions/{other.pk}/revoke/")
    assert phone.get("/account/").status_code == 302  # logged out
    assert laptop.get("/account/").status_code == 200


def test_nobody_ends_someone_elses_session(world, teacher, client_of):
    log_in()
    theirs = UserSession.objects.get(user=teacher)
    answer = client_of("curator_a").post(f"/account/sessions/{theirs.pk}/revoke/", follow=True)
    assert "Такой сессии нет." in answer.content.decode()
    assert UserSession.objects.filter(pk=theirs.pk).exists()


def test_all_other_sessions_end_at_once(teacher):
    here, there, elsewhere = log_in(), log_in(), log_in()
    here.post("/account/sessions/revoke-others/")
    assert here.get("/account/").status_code == 200
    assert there.get("/account/").status_code == 302
    assert elsewhere.get("/account/").status_code == 302


def test_changing_the_password_keeps_this_session_and_ends_the_others(teacher):
    here, there = log_in(), log_in()
    wrong = here.post(
        "/account/password/",
        {"old_password": "не тот", "new_password1": "Новый-пароль-99", "new_password2": "Новый-пароль-99"},
    )
    assert wrong.status_code == 400 and "Ваш старый пароль введен неправильно" in wrong.content.decode()
    answer = here.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "Новый-пароль-99", "new_password2": "Новый-пароль-99"},
    )
    assert answer.status_code == 302
    page = here.get("/account/").content.decode()
    assert page.count("это устройство") == 1  # the session kept its row under its new key
    assert there.get("/account/").status_code == 302
    assert (
        Client()
        .post("/login/", {"username": "cabinet@example.test", "password": "Новый-пароль-99"})
        .status_code
        == 302
    )


def test_own_api_tokens_are_listed_and_revoked(teacher):
    token = (
        Client()
        .post("/api/v1/auth/token/", {"username": "cabinet@example.test", "password": PASSWORD})
        .json()["token"]
    )
    page = log_in()
    body = page.get("/account/").content.decode()
    key = token[:15]  # knox's token_key: the start of the token, by which it is revoked
    assert key in body and token not in body
    page.post(f"/account/tokens/{key}/revoke/")
    assert Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401


def test_the_sessions_api_lists_and_ends_own_sessions(teacher):
    laptop = log_in()
    log_in(address="10.0.0.77")
    rows = laptop.get("/api/v1/account/sessions/").json()
    assert len(rows) == 2 and sum(row["current"] for row in rows) == 1
    other = next(row for row in rows if not row["current"])
    assert other["ip"] == "10.0.0.77" and other["last_activity"]
    assert laptop.delete(f"/api/v1/account/sessions/{other['id']}/").status_code == 204
    assert laptop.delete(f"/api/v1/account/sessions/{other['id']}/").status_code == 404
    assert len(laptop.get("/api/v1/account/sessions/").json()) == 1
