"""Logging in by user name or e-mail, and API tokens (lockouts: test_login_lockout.py)."""

from django.test import Client
from knox.models import AuthToken

from tests.support.world import PASSWORD


def test_login_page_is_russian(client):
    html = client.get("/login/").content.decode()
    assert 'lang="ru"' in html
    assert "Вход в «Наставник»" in html
    assert "Пароль" in html


def test_login_by_username_and_by_email_case_insensitively(world):
    for login in ["curator_a", "CURATOR_A", "curator_a@example.test", "Curator_A@Example.Test"]:
        client = Client()
        response = client.post("/login/", {"username": login, "password": PASSWORD})
        assert response.status_code == 302, login
        assert client.get("/").status_code == 302


def test_wrong_password_shows_a_russian_error(world):
    response = Client().post("/login/", {"username": "curator_a", "password": "nope"})
    assert response.status_code == 200
    assert "Неверное имя пользователя (e-mail) или пароль." in response.content.decode()


def test_login_redirects_to_next_only_on_this_site(world):
    response = Client().post(
        "/login/?next=/s/school-a/", {"username": "curator_a", "password": PASSWORD, "next": "/s/school-a/"}
    )
    assert response["Location"] == "/s/school-a/"
    response = Client().post(
        "/login/", {"username": "curator_a", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_logout_needs_post(client_of):
    client = client_of("curator_a")
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/s/school-a/").status_code == 302


def test_api_token_is_issued_for_valid_credentials_and_authenticates(world):
    client = Client()
    response = client.post(
        "/api/v1/auth/token/",
        {"username": "curator_a", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    token = body["token"]
    assert body["expiry"]
    assert AuthToken.objects.get(token_key=token[:15]).user == world.users["curator_a"]
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/me/").json()
    assert me["username"] == "curator_a"
    assert me["memberships"][0]["role"] == "curator"
    assert me["memberships"][0]["school_slug"] == "school-a"
    assert api.get("/api/v1/schools/school-a/programmes/").status_code == 200
    assert api.get("/api/v1/schools/school-b/programmes/").status_code == 404


def test_api_token_is_refused_for_wrong_credentials_in_russian(world):
    response = Client().post(
        "/api/v1/auth/token/", {"username": "curator_a", "password": "nope"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["Неверное имя пользователя (e-mail) или пароль."]


def test_bad_token_is_refused(world):
    api = Client(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/v1/me/").status_code == 401


def test_english_is_not_offered_until_the_whole_interface_is_translated(client, db):
    """Issue 8: a half-translated English was worse than none (docs/interface.md)."""
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    client.cookies["django_language"] = "en"  # a cookie left from when English was offered
    html = client.get("/login/").content.decode()
    assert 'lang="ru"' in html
    assert "Вход в «Наставник»" in html
    assert 'name="language"' not in html  # no language switch in the header


def test_a_browser_asking_for_english_still_gets_russian(client, db):
    html = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Вход в «Наставник»" in html
