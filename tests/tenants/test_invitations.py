"""Invitation links (one-time, expiring, stored hashed) and the password reset by e-mail."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tenants.models import Invitation, Role
from tenants.services import invitations
from tenants.services.invitations import invitation_send, token_hash
from tenants.services.people import PersonData, person_create
from tests.support.people import fresh, invitation_token, person, reset_path

pytestmark = pytest.mark.django_db

PASSWORD = "Новый-пароль-2026"


def authenticate(*, username, password) -> bool:
    """Through the log-in page, as a person would (the lockout backend wants a request)."""
    answer = Client().post("/login/", {"username": username, "password": password})
    return answer.status_code == 302


@pytest.fixture
def invited(world, django_capture_on_commit_callbacks):
    """A new curator of school A, created by the director, with the invitation e-mailed."""
    with django_capture_on_commit_callbacks(execute=True):
        result = person_create(
            by=fresh(world, "director_a"),
            data=PersonData(last_name="Орлова", first_name="Нина", email="orlova@example.test"),
            role=Role.CURATOR,
            scope=world.school_a,
            base_url="http://testserver/",
        )
    return result.user


def test_the_invitation_is_e_mailed_and_only_its_hash_is_stored(invited):
    token = invitation_token("orlova@example.test")
    invitation = Invitation.objects.get(user=invited)
    assert invitation.token_hash == token_hash(token) != token
    assert not Invitation.objects.filter(token_hash=token).exists()
    message = mail.outbox[-1]
    assert message.subject == "Приглашение в «Наставник»"
    assert "orlova@example.test" in message.body  # the login
    assert invited.has_usable_password() is False


def test_the_link_sets_the_password_once_and_then_the_person_logs_in(invited):
    token = invitation_token("orlova@example.test")
    client = Client()
    page = client.get(f"/invite/{token}/")
    assert page.status_code == 200
    assert "Орлова Нина" in page.content.decode()
    answer = client.post(f"/invite/{token}/", {"password1": PASSWORD, "password2": PASSWORD})
    assert answer.status_code == 302 and answer.url == "/login/"
    assert authenticate(username="orlova@example.test", password=PASSWORD) is True

    again = client.get(f"/invite/{token}/")
    assert again.status_code == 410
    assert "Эта ссылка уже использована" in again.content.decode()
    reused = client.post(
        f"/invite/{token}/", {"password1": "Другой-пароль-77", "password2": "Другой-пароль-77"}
    )
    assert reused.status_code == 410
    assert authenticate(username="orlova@example.test", password="Другой-пароль-77") is False


def test_a_weak_or_mismatched_password_is_refused_and_the_link_stays_usable(invited):
    token = invitation_token("orlova@example.test")
    client = Client()
    weak = client.post(f"/invite/{token}/", {"password1": "123", "password2": "123"})
    assert weak.status_code == 200
    assert "слишком" in weak.content.decode().lower()
    mismatch = client.post(f"/invite/{token}/", {"password1": PASSWORD, "password2": PASSWORD + "x"})
    assert "Пароли не совпадают." in mismatch.content.decode()
    assert Invitation.objects.get(user=invited).used_at is None


def test_an_expired_link_is_refused_in_russian(invited, time_machine):
    token = invitation_token("orlova@example.test")
    time_machine.move_to(timezone.now() + datetime.timedelta(days=7, minutes=1))
    page = Client().get(f"/invite/{token}/")
    assert page.status_code == 410
    assert "Срок действия ссылки истёк" in page.content.decode()
    answer = Client().post(f"/invite/{token}/", {"password1": PASSWORD, "password2": PASSWORD})
    assert answer.status_code == 410
    assert authenticate(username="orlova@example.test", password=PASSWORD) is False


def test_the_link_still_works_on_its_last_day(invited, time_machine):
    token = invitation_token("orlova@example.test")
    time_machine.move_to(timezone.now() + datetime.timedelta(days=6, hours=23))
    assert Client().get(f"/invite/{token}/").status_code == 200


def test_the_validity_is_configurable(world, settings, django_capture_on_commit_callbacks, time_machine):
    settings.INVITATION_VALID_DAYS = 1
    user = person(email="short@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invitation_send(
            by=fresh(world, "regional_admin"), user=user, base_url="http://t/"
        )
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=1)
    time_machine.move_to(timezone.now() + datetime.timedelta(days=1, minutes=1))
    assert Client().get(f"/invite/{token}/").status_code == 410


def test_a_new_invitation_replaces_the_old_link(world, invited, django_capture_on_commit_callbacks):
    old = invitation_token("orlova@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(by=fresh(world, "director_a"), user=invited, base_url="http://testserver/")
    new = invitation_token("orlova@example.test")
    assert new != old
    page = Client().get(f"/invite/{old}/")
    assert page.status_code == 410
    assert "вам отправлено новое приглашение" in page.content.decode()
    assert Client().get(f"/invite/{new}/").status_code == 200


def test_an_unknown_link_says_so(db):
    page = Client().get("/invite/not-a-token/")
    assert page.status_code == 410
    assert "Ссылка-приглашение не найдена" in page.content.decode()


def test_the_link_is_not_a_page_of_any_school(world, invited):
    """The link lives outside the schools: under a school's prefix it is nothing (404)."""
    token = invitation_token("orlova@example.test")
    client = Client()
    client.force_login(fresh(world, "curator_a"))
    assert client.get(f"/s/{world.school_a.slug}/invite/{token}/").status_code == 404
    assert Client().get(f"/s/{world.school_b.slug}/invite/{token}/").status_code in (302, 404)
    assert Invitation.objects.get(user=invited).used_at is None


def test_a_deactivated_persons_link_stops_working(world, invited):
    token = invitation_token("orlova@example.test")
    from tenants.services.people import person_deactivate

    person_deactivate(by=fresh(world, "director_a"), person=invited)
    assert Client().get(f"/invite/{token}/").status_code == 410
    with pytest.raises(invitations.InvitationInvalid):
        invitations.invitation_accept(token=token, password=PASSWORD)


def test_no_invitation_without_an_e_mail_or_to_a_deactivated_account(world):
    from django.core.exceptions import ValidationError

    admin = fresh(world, "regional_admin")
    with pytest.raises(ValidationError, match="нет e-mail"):
        invitation_send(by=admin, user=person(email=""), base_url="http://t/")
    off = person()
    off.is_active = False
    off.save()
    with pytest.raises(ValidationError, match="отключена"):
        invitation_send(by=admin, user=off, base_url="http://t/")


# --- Password reset -------------------------------------------------------------------------------


@pytest.fixture
def with_password(db):
    return person(email="reset.me@example.test", password="старый-пароль-2025")


def test_reset_does_not_tell_whether_the_e_mail_exists(with_password):
    known = Client().post("/password-reset/", {"email": "RESET.ME@example.test"})
    unknown = Client().post("/password-reset/", {"email": "nobody@example.test"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == "/password-reset/sent/"
    assert [m.to for m in mail.outbox] == [["reset.me@example.test"]]
    page = Client().get("/password-reset/sent/").content.decode()
    assert "Если этот e-mail принадлежит учётной записи" in page


def test_the_reset_link_works_once(with_password):
    Client().post("/password-reset/", {"email": "reset.me@example.test"})
    path = reset_path("reset.me@example.test")
    client = Client()
    form = client.get(path, follow=True)
    assert "Новый пароль" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True
    )
    assert "Пароль изменён" in done.content.decode()
    assert authenticate(username=with_password.username, password=PASSWORD) is True
    reused = Client().get(path, follow=True).content.decode()
    assert "Ссылка не действует" in reused


def test_an_expired_reset_link_is_refused(with_password, time_machine, settings):
    Client().post("/password-reset/", {"email": "reset.me@example.test"})
    path = reset_path("reset.me@example.test")
    # Django's reset tokens count naive local seconds: a day more than the timeout is past it anywhere.
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT, days=1))
    answer = Client().get(path, follow=True)
    page = answer.content.decode()
    assert "Ссылка не действует" in page, (answer.redirect_chain, page[page.find("<main") :][:600])


def test_the_login_page_offers_the_reset(db):
    assert 'href="/password-reset/"' in Client().get("/login/").content.decode()


def test_an_invited_person_whose_link_expired_may_reset_but_a_deactivated_one_may_not(world, invited):
    Client().post("/password-reset/", {"email": "orlova@example.test"})
    path = reset_path("orlova@example.test")
    client = Client()
    form = client.get(path, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert authenticate(username="orlova@example.test", password=PASSWORD) is True

    from tenants.services.people import person_deactivate

    person_deactivate(by=fresh(world, "director_a"), person=invited)
    mail.outbox.clear()
    answer = Client().post("/password-reset/", {"email": "orlova@example.test"})
    assert answer.status_code == 302 and mail.outbox == []
