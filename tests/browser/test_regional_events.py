"""The regional administrator plans an internship and opens registration, a school's curator registers
two teachers, the administrator marks attendance after the start — on a desktop and on a phone 390 px
wide, where no page scrolls sideways."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from regional_center.models import Event
from tenants.demo import DEMO_PASSWORD
from tests.support.clock import MOSCOW
from tests.support.db import committed

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _fits(page: Page) -> bool:
    page.wait_for_load_state("load")  # the page's own stylesheet included
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


# The elements that stick out on the right, named for the failure message.
TOO_WIDE = """[...document.querySelectorAll('main *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth).slice(0, 5)
  .map(e => e.tagName + '.' + e.className).join('; ')"""


def _too_wide(page: Page) -> str:
    return page.evaluate(TOO_WIDE)


def _log_in(page: Page, site: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{site}/login/")
    page.get_by_label("Логин или e-mail").fill(username)
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page.locator("h1")).to_be_visible()


@pytest.fixture
def title(request, django_db_blocker):
    """The internship's title; the event is removed afterwards (the demo site is shared)."""
    name = f"Стажировка в браузере ({request.node.callspec.params['viewport']})"
    yield name
    with committed(django_db_blocker):
        Event.objects.filter(title=name).delete()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_an_internship_is_planned_filled_by_a_school_and_its_attendance_marked(
    page: Page, site, title, viewport, time_machine
):
    page.set_viewport_size(VIEWPORTS[viewport])
    _log_in(page, site, "region.admin")
    page.goto(f"{site}/events/")
    expect(page.locator("h1")).to_have_text("Мероприятия")
    assert _fits(page), "the calendar scrolls sideways"
    page.get_by_role("link", name="Запланировать мероприятие").click()
    expect(page.locator("h1")).to_have_text("Новое мероприятие")
    page.get_by_label("Название").fill(title)
    page.get_by_label("Вид мероприятия").select_option("internship")
    page.get_by_label(re.compile(r"^Начало")).fill("2026-11-24T09:00")
    page.get_by_label("Окончание").fill("2026-11-23T16:00")  # before the start: refused
    page.get_by_label("Запись до").fill("2026-11-23T18:00")
    page.get_by_label(re.compile(r"^Мест(?!о)")).fill("10")
    page.get_by_label("Место проведения").fill("Гимназия № 4, г. Йошкар-Ола")
    page.get_by_label("Кто проводит").select_option("centre")
    page.get_by_label("Вид методического сопровождения").select_option("educational")
    page.get_by_label("педагоги-предметники").check()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator('[data-field="ends_at"]')).to_contain_text("Окончание должно быть позже начала")
    assert _fits(page), "the event form scrolls sideways"
    page.get_by_label("Окончание").fill("2026-11-28T16:00")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("h1")).to_have_text(title)
    page.get_by_label("Статус").select_option("open")
    page.get_by_role("button", name="Сменить статус").click()
    expect(page.get_by_test_id("event-status")).to_have_text("идёт запись")
    event_url = page.url

    _log_in(page, site, "curator")
    page.goto(event_url)
    page.get_by_role("link", name="Записать педагогов").click()
    expect(page.locator("h1")).to_have_text("Запись педагогов")
    assert _fits(page), "the registration form scrolls sideways"
    for n, (last, subject) in enumerate([("Зорина", "maths"), ("Яковлев", "physics")], start=1):
        page.get_by_label("Фамилия").fill(last)
        page.get_by_label(re.compile(r"^Имя")).fill("Анна" if n == 1 else "Илья")
        page.get_by_label("Должность").fill("учитель")
        page.get_by_label("Предмет").select_option(subject)
        page.get_by_label("Категория педагога").select_option("subject")
        page.get_by_label("E-mail педагога").fill(f"{viewport}.{n}@teachers.example")
        page.get_by_label("Педагог согласен").check()
        page.get_by_role(
            "button", name="Записать и добавить ещё" if n == 1 else "Записать", exact=True
        ).click()
        signed_up = "Анна записана" if n == 1 else "Илья записан"  # Зорина, Яковлев
        expect(page.locator(".messages")).to_contain_text(f"{last} {signed_up} на мероприятие")
    expect(page.get_by_test_id("seats")).to_have_text("записано 2 из 10")
    expect(page.get_by_test_id("registrations").locator("tbody tr")).to_have_count(2)
    assert _fits(page), "the event page scrolls sideways"

    # The internship has begun: the administrator marks who came.
    time_machine.move_to(datetime.datetime(2026, 11, 24, 12, tzinfo=MOSCOW))
    _log_in(page, site, "region.admin")
    page.goto(event_url)
    page.get_by_role("link", name="Отметить посещаемость").click()
    expect(page.locator("h1")).to_have_text("Посещаемость")
    page.get_by_label("Зорина").check()
    page.get_by_role("button", name="Сохранить посещаемость").click()
    expect(page.locator(".messages")).to_contain_text("Посещаемость отмечена: пришёл 1 из 2.")
    expect(page.get_by_test_id("attendance-summary")).to_contain_text("пришли: 1")
    assert _fits(page), "the event page scrolls sideways after marking: " + _too_wide(page)
