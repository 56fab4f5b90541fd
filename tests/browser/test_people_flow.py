"""People and roles in Chromium, on a desktop and on a phone 390 px wide: the director appoints a new
curator; the curator sets her password through the invitation e-mail and gives a mentor teacher of
the register an account from his participant card; the teacher sets his password through his own
invitation, logs in as a mentor and sees his pairs. The e-mails are read from the test mail box
(the live server runs in this process)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django_tenants.utils import schema_context
from playwright.sync_api import Browser, Page, expect

from school_programs.models import MentoringGroup, Participant
from tenants.demo import DEMO_PASSWORD, SCHOOL_A
from tenants.models import Role, School, User
from tests.support.db import committed

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
NEW_PASSWORD = "Наставник-2026-пароль"
LINK = re.compile(r"https?://[^\s]+?(/invite/[A-Za-z0-9_\-]+/)")


def _log_in(page: Page, site: str, username: str, password: str) -> None:
    page.goto(f"{site}/login/")
    page.get_by_label("Логин или e-mail").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_test_id("current-user")).to_be_attached()


def _no_sideways_scroll(page: Page) -> None:
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def _invitation_path(email: str) -> str:
    for message in reversed(mail.outbox):
        if email in message.to:
            found = LINK.search(message.body)
            assert found, message.body
            return found.group(1)
    raise AssertionError(f"no invitation e-mailed to {email}: {[m.to for m in mail.outbox]}")


def _set_password_by_invitation(page: Page, site: str, email: str, greeting: str) -> None:
    path = _invitation_path(email)
    page.goto(site + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Добро пожаловать в «Наставник»")
    expect(page.get_by_text(greeting)).to_be_visible()
    _no_sideways_scroll(page)
    page.get_by_label("Новый пароль").fill(NEW_PASSWORD)
    page.get_by_label("Пароль ещё раз").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Задать пароль").click()
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.get_by_text("Пароль задан.")).to_be_visible()
    # The link works once.
    assert page.goto(site + path).status == 410
    expect(page.get_by_role("alert")).to_contain_text("Эта ссылка уже использована")
    _no_sideways_scroll(page)


def _mentor_teacher_without_account(django_db_blocker) -> tuple[Participant, int]:
    """A teacher of school A who leads pairs and has no account yet (each run takes the next one)."""
    with committed(django_db_blocker):
        school = School.objects.get(slug=SCHOOL_A)
        with schema_context(school.schema_name):
            groups = MentoringGroup.objects.filter(
                mentor__participant__kind="teacher", mentor__participant__user_id__isnull=True
            ).exclude(mentor__participant__email="")
            teacher = groups.order_by("mentor__participant__last_name", "pk").first().mentor.participant
            return teacher, MentoringGroup.objects.filter(mentor__participant=teacher).count()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_director_curator_and_teacher_each_do_their_part(browser: Browser, site, django_db_blocker, viewport):
    size = VIEWPORTS[viewport]
    curator_email = f"new.curator.{viewport}@demo.local"

    # 1. The director appoints a new curator of the school.
    director = browser.new_context(locale="ru-RU", viewport=size).new_page()
    _log_in(director, site, "director", DEMO_PASSWORD)
    director.goto(f"{site}/people/")
    expect(director.get_by_role("heading", level=1)).to_have_text("Люди и роли")
    _no_sideways_scroll(director)
    director.get_by_role("link", name="Добавить человека").click()
    director.get_by_label("Фамилия").fill("Кураторова")
    director.get_by_label(re.compile(r"^Имя")).fill("Елена")
    director.get_by_role("textbox", name=re.compile(r"^E-mail")).fill(curator_email)
    director.get_by_label("Роль").select_option(label="куратор")
    director.get_by_label("Место работы").select_option(label="Школа: СОШ № 7 (Йошкар-Ола)")
    _no_sideways_scroll(director)
    director.get_by_role("button", name="Создать").click()
    expect(director.locator(".messages")).to_contain_text(f"приглашение отправлено на {curator_email}")
    expect(director.get_by_test_id("roles")).to_contain_text("куратор — СОШ № 7 (Йошкар-Ола)")
    _no_sideways_scroll(director)
    director.goto(f"{site}/people/log/")
    expect(director.get_by_test_id("grant-log")).to_contain_text("Кураторова Е.")
    _no_sideways_scroll(director)
    director.context.close()

    # 2. The curator sets her password through the invitation and logs in.
    curator = browser.new_context(locale="ru-RU", viewport=size).new_page()
    _set_password_by_invitation(curator, site, curator_email, "Кураторова Елена, задайте пароль.")
    _log_in(curator, site, curator_email, NEW_PASSWORD)
    expect(curator).to_have_url(re.compile(rf"/s/{SCHOOL_A}/$"))

    # 3. She gives a mentor teacher of the register an account from his card.
    teacher, pairs = _mentor_teacher_without_account(django_db_blocker)
    assert pairs >= 1
    curator.goto(f"{site}/s/{SCHOOL_A}/participants/{teacher.pk}/")
    expect(curator.get_by_role("heading", level=1)).to_have_text(teacher.full_name)
    _no_sideways_scroll(curator)
    curator.get_by_role("button", name="Создать учётную запись").click()
    expect(curator.locator(".messages")).to_contain_text(
        f"{teacher.full_name}: учётная запись (наставник) создана, приглашение отправлено на {teacher.email}"
    )
    expect(curator.get_by_role("button", name="Создать учётную запись")).to_have_count(0)
    _no_sideways_scroll(curator)
    with committed(django_db_blocker):
        user = User.objects.get(email__iexact=teacher.email)
        assert [m.role for m in user.memberships.all()] == [Role.MENTOR]
    curator.context.close()

    # 4. The teacher sets his password, logs in as a mentor and sees his own pairs.
    mentor = browser.new_context(locale="ru-RU", viewport=size).new_page()
    _set_password_by_invitation(mentor, site, teacher.email, f"{teacher.full_name}, задайте пароль.")
    _log_in(mentor, site, teacher.email, NEW_PASSWORD)
    expect(mentor).to_have_url(re.compile(rf"/s/{SCHOOL_A}/$"))
    _no_sideways_scroll(mentor)
    mentor.goto(f"{site}/s/{SCHOOL_A}/groups/")
    rows = mentor.locator("#groups tbody tr[data-group]")
    expect(rows).to_have_count(pairs)
    for row in rows.all():
        expect(row.locator("td").first).to_have_text(teacher.short_name)
    _no_sideways_scroll(mentor)
    mentor.goto(f"{site}/account/")
    expect(mentor.get_by_test_id("my-roles")).to_contain_text("наставник")
    expect(mentor.get_by_test_id("sessions")).to_contain_text("это устройство")
    _no_sideways_scroll(mentor)
    mentor.context.close()
