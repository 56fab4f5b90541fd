"""The shell in Chromium, on a desktop and on a phone 390 px wide: every demo role's main pages never
scroll sideways, the phone header is one line with a menu button, and a Russian error page really
draws its Cyrillic text (a Latin-only font would leave it blank while DOM checks pass)."""

import base64
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tenants.demo import DEMO_LOGINS, DEMO_PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCHOOL_NAV = 'nav[aria-label="Разделы школы"] a'


def _log_in(page: Page, site: str, username: str) -> None:
    page.goto(f"{site}/login/")
    page.get_by_label("Логин или e-mail").fill(username)
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_test_id("current-user")).to_be_attached()
    page.wait_for_load_state("load")  # styles and shell.js in place before anything is measured


def _no_sideways_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _main_pages(page: Page) -> list[str]:
    """The home page, every item of the role's menus, and the first pair and plan the role can open."""
    urls = [page.url]
    urls += page.eval_on_selector_all(f"{SCHOOL_NAV}, nav.places a", "links => links.map(link => link.href)")
    return list(dict.fromkeys(urls))


def _deeper_pages(page: Page, site: str, urls: list[str]) -> list[str]:
    """A pair and a plan page (the mentor's «Внимание», plan results and «Изменить» live there)."""
    found = []
    for url in urls:
        if not re.search(r"/groups/$", url):
            continue
        page.goto(url)
        group = page.locator("#groups tbody a").first
        if group.count():
            found.append(group.evaluate("a => a.href"))
            page.goto(found[-1])
            plan = page.locator("#mentees a[href*='/plans/']").first
            if plan.count():
                found.append(plan.evaluate("a => a.href"))
    return found


@pytest.mark.parametrize("username", [login.username for login in DEMO_LOGINS])
def test_no_main_page_of_a_demo_role_scrolls_sideways_on_a_phone(browser: Browser, site, username):
    context = browser.new_context(locale="ru-RU", viewport=PHONE)
    try:
        page = context.new_page()
        _log_in(page, site, username)
        urls = _main_pages(page)
        urls += _deeper_pages(page, site, urls)
        wide = []
        for url in urls:
            response = page.goto(url)
            assert response.status < 400, (url, response.status)
            if not _no_sideways_scroll(page):
                wide.append((url, page.evaluate("document.documentElement.scrollWidth")))
        assert not wide, f"pages wider than 390 px: {wide}"
    finally:
        context.close()


def test_the_phone_header_is_one_line_with_a_menu_button(browser: Browser, site):
    context = browser.new_context(locale="ru-RU", viewport=PHONE)
    try:
        page = context.new_page()
        _log_in(page, site, "curator")
        header = page.locator("header.topbar").bounding_box()
        assert header["height"] <= 0.1 * PHONE["height"], header  # the first screen is for the page
        menu = page.get_by_role("navigation", name="Разделы школы")
        expect(menu).to_be_hidden()
        page.get_by_role("button", name="Меню").click()
        expect(menu).to_be_visible()
        expect(page.get_by_role("button", name="Меню")).to_have_attribute("aria-expanded", "true")
        menu.get_by_role("link", name="Пары и группы", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Пары и группы")
        # The table scrolls inside itself; its last column («Внимание») can be scrolled into view.
        attention = page.locator("#groups thead th").last
        expect(attention).to_have_text("Внимание")
        attention.scroll_into_view_if_needed()
        expect(attention).to_be_in_viewport()
        assert _no_sideways_scroll(page)
    finally:
        context.close()


def test_the_mentor_reaches_attention_plan_results_and_edit_on_a_phone(browser: Browser, site):
    context = browser.new_context(locale="ru-RU", viewport=PHONE)
    try:
        page = context.new_page()
        _log_in(page, site, "mentor")
        page.get_by_role("button", name="Меню").click()
        page.get_by_role("navigation", name="Разделы школы").get_by_role("link", name="Мои пары").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Мои пары")
        attention = page.locator("#groups thead th", has_text="Внимание")
        attention.scroll_into_view_if_needed()
        expect(attention).to_be_in_viewport()
        page.locator("#groups tbody a").first.click()
        edit = page.locator("#meetings").get_by_role("link", name="Изменить").first
        if edit.count():
            edit.scroll_into_view_if_needed()
            expect(edit).to_be_in_viewport()
        plan = page.locator("#mentees a[href*='/plans/']").first
        if plan.count():
            plan.click()
            result = page.locator("#plan-tasks thead th", has_text="Фактический результат")
            result.scroll_into_view_if_needed()
            expect(result).to_be_in_viewport()
        assert _no_sideways_scroll(page)
    finally:
        context.close()


def test_on_a_desktop_the_menus_are_open_and_named_like_their_pages(page: Page, site):
    page.set_viewport_size(DESKTOP)
    _log_in(page, site, "director")
    expect(page.get_by_role("button", name="Меню")).to_be_hidden()
    menu = page.get_by_role("navigation", name="Разделы школы")
    expect(menu).to_be_visible()
    items = menu.get_by_role("link").all_inner_texts()
    assert "Приказы" in items and "Подбор пар" not in items  # not the curator's back office
    menu.get_by_role("link", name="Результаты мониторинга").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Результаты мониторинга")
    assert _no_sideways_scroll(page)


def test_the_directors_home_says_what_to_sign(page: Page, site):
    _log_in(page, site, "director")
    expect(page.get_by_test_id("orders-to-sign")).to_be_visible()
    expect(page.get_by_test_id("director-today")).to_contain_text("пар и групп работают")


# --- A Russian error page really draws its text ------------------------------------------------------

COUNT_INK = """async (png) => {
  const image = new Image();
  image.src = "data:image/png;base64," + png;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width; canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const data = context.getImageData(0, 0, image.width, image.height).data;
  const [r, g, b] = [data[0], data[1], data[2]];  // the corner: the background
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) > 96) ink++;
  }
  return ink;
}"""


def _ink(page: Page, png: bytes) -> int:
    return page.evaluate(COUNT_INK, base64.b64encode(png).decode())


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_russian_404_page_draws_its_cyrillic_heading(browser: Browser, site, viewport):
    context = browser.new_context(locale="ru-RU", viewport=viewport)
    try:
        page = context.new_page()
        _log_in(page, site, "mentor")
        response = page.goto(f"{site}/s/yo-sosh-7/no-such-page/")
        assert response.status == 404
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_text("Страница не найдена")
        expect(page.get_by_role("link", name="На мою главную страницу")).to_be_visible()
        drawn = _ink(page, heading.screenshot())
        heading.evaluate("element => element.style.color = 'transparent'")
        blank = _ink(page, heading.screenshot())
        assert blank < 20, blank  # the measure sees no text where none is drawn…
        assert drawn > 300, drawn  # …and plenty of dark pixels where «Страница не найдена» is
        assert _no_sideways_scroll(page)
    finally:
        context.close()


def test_a_role_refused_page_is_the_russian_403(page: Page, site):
    _log_in(page, site, "mentor")
    response = page.goto(f"{site}/s/yo-sosh-7/orders/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Недостаточно прав")
    expect(page.locator("body")).not_to_contain_text("Forbidden")
