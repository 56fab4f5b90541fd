"""Every demo role logs in through the real login page in Chromium and lands on its home, in Russian."""

import re

import pytest
from playwright.sync_api import Page, expect

from tenants.demo import DEMO_LOGINS, DEMO_PASSWORD

pytestmark = pytest.mark.browser

HOME_PATTERNS = {
    "region.admin": r"/region/$",
    "region.analyst": r"/region/$",
    "municipal": r"/municipalities/\d+/$",
    "consultant": r"/consultation-points/\d+/$",
    "director": r"/s/yo-sosh-7/$",
    "curator": r"/s/yo-sosh-7/$",
    "mentor": r"/s/yo-sosh-7/$",
    "psychologist": r"/s/yo-sosh-7/$",
    "mentee": r"/s/yo-sosh-7/$",
    "curator.b": r"/s/volzhsk-sosh-6/$",
}


def _log_in(page: Page, site: str, username: str) -> None:
    page.goto(f"{site}/login/")
    expect(page.locator("h1")).to_have_text("Вход в «Наставник»")
    page.get_by_label("Логин или e-mail").fill(username)
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()


def test_every_demo_role_has_a_home_pattern():
    assert {login.username for login in DEMO_LOGINS} == set(HOME_PATTERNS)


@pytest.mark.parametrize("username", list(HOME_PATTERNS))
def test_demo_role_logs_in_and_lands_on_its_home_page(page: Page, site, username):
    _log_in(page, site, username)
    expect(page).to_have_url(re.compile(HOME_PATTERNS[username]))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("button", name="Выйти")).to_be_visible()


def test_curator_of_one_school_gets_not_found_in_another(page: Page, site):
    _log_in(page, site, "curator")
    expect(page).to_have_url(re.compile(r"/s/yo-sosh-7/$"))
    response = page.goto(f"{site}/s/volzhsk-sosh-6/")
    assert response.status == 404


def test_wrong_password_is_explained_in_russian(page: Page, site):
    page.goto(f"{site}/login/")
    page.get_by_label("Логин или e-mail").fill("curator")
    page.get_by_label("Пароль").fill("не тот пароль")
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_role("alert")).to_contain_text("Неверное имя пользователя (e-mail) или пароль.")


def test_cyrillic_text_is_really_drawn(page: Page, site):
    """DOM checks pass even when a Latin-only font draws Cyrillic as nothing; compare pixels."""
    page.goto(f"{site}/login/")
    heading = page.locator("h1")
    with_text = heading.screenshot()
    heading.evaluate("element => element.style.color = 'transparent'")
    without_text = heading.screenshot()
    assert with_text != without_text
