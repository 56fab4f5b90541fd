"""Issue 10 in Chromium: a teacher of a ШНОР school asks for methodological help, the coordinator of
the point of the school's municipality assigns the best-ranked consultant with the reasons shown, the
consultant logs a consultation and the teacher rates it — on a desktop and on a phone 390 px wide,
where no page scrolls sideways.

The data are built here, committed for the live server and removed afterwards (the demo site is shared
by the whole session): the standing world's school B (ШНОР, in a municipality without a point), a point
opened there, its coordinator, three consultants of different fit and a teacher of school B."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from consultation_points.models import (
    Consultant,
    Consultation,
    ConsultationPoint,
    ConsultationRequest,
    RequestEvent,
)
from consultation_points.services.consultants import consultant_create
from tenants.models import Membership, Role, User
from tests.support import world as world_module
from tests.support.db import committed

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PASSWORD = "Konsultaciya-2026!"
TOPIC = "Разбор результатов ВПР по математике в 7 классах"


def _fits(page: Page) -> bool:
    page.wait_for_load_state("load")  # after a click the page may still be laid out without its style sheet
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _person(username: str, last: str, first: str) -> User:
    user = User(username=username, last_name=last, first_name=first, email=f"{username}@browser.test")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def story(request, django_db_blocker):
    viewport = request.node.callspec.params["viewport"]
    tag = f"kp-{viewport}"
    world = world_module.current
    profile = {
        "selected_on": datetime.date(2026, 5, 1),
        "training_programme": "ДПП ПК «Методическое сопровождение педагогов» (72 ч)",
        "active_from": datetime.date(2026, 8, 1),
        "monthly_capacity": 4,
    }
    with committed(django_db_blocker):
        point = ConsultationPoint.objects.create(
            municipality=world.other_municipality, name=f"КП Дальнего района ({viewport})"
        )
        coordinator = _person(f"{tag}-coordinator", "Координаторова", "Ирина")
        Membership.objects.create(
            user=coordinator, role=Role.MUNICIPAL_COORDINATOR, municipality=world.other_municipality
        )
        teacher = _person(f"{tag}-teacher", "Учителева", "Мария")
        Membership.objects.create(user=teacher, role=Role.MENTOR, school=world.school_b)
        best = consultant_create(
            user=_person(f"{tag}-best", "Лучшева", "Анна"),
            points=[point],
            subjects=["maths"],
            deficit_areas=["assessment"],
            teacher_categories=["subject"],
            formats=["online", "in_person"],
            **profile,
        )
        consultant_create(
            user=_person(f"{tag}-second", "Вторая", "Ольга"),
            points=[point],
            subjects=["maths"],
            deficit_areas=["digital"],
            teacher_categories=["primary"],
            formats=["in_person"],
            **profile,
        )
        consultant_create(
            user=_person(f"{tag}-third", "Третьякова", "Елена"),
            points=[point],
            subjects=["physics"],
            deficit_areas=["management"],
            teacher_categories=["administration"],
            formats=["in_person"],
            **profile,
        )
    yield {"tag": tag, "point": point, "best": best, "world": world}
    with committed(django_db_blocker):
        requests = ConsultationRequest.objects.filter(point=point)
        Consultation.objects.filter(request__in=requests).delete()
        RequestEvent.objects.filter(request__in=requests).delete()
        requests.delete()
        Consultant.objects.filter(points=point).delete()
        Membership.objects.filter(user__username__startswith=tag).delete()
        User.objects.filter(username__startswith=tag).delete()
        point.delete()


def _log_in(page: Page, site: str, username: str, next_url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{site}/login/?next={next_url}")
    page.get_by_label("Логин или e-mail").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_shnor_teachers_request_is_assigned_consulted_and_rated(
    page: Page, site, story, viewport, time_machine
):
    page.set_viewport_size(VIEWPORTS[viewport])
    tag, best = story["tag"], story["best"]

    # The teacher asks; the request goes to the point of the school's municipality, marked ШНОР.
    _log_in(page, site, f"{tag}-teacher", "/consultations/requests/new/")
    assert _fits(page)
    expect(page.get_by_label("Педагог (ФИО)")).to_have_value("Учителева Мария")
    page.get_by_label("Тема запроса").fill(TOPIC)
    page.get_by_label("Предмет").select_option("maths")
    page.get_by_label("Область дефицита").select_option("assessment")
    page.get_by_label("Вид сопровождения").select_option("consultative")
    page.get_by_label("Категория педагога").select_option("subject")
    page.get_by_label("Удобный формат").select_option("online")
    page.get_by_role("button", name="Отправить запрос").click()
    expect(page.locator("h1")).to_contain_text(TOPIC)
    expect(page.get_by_text(f"отправлен: {story['point'].name}")).to_be_visible()
    expect(page.locator(".badge", has_text="ШНОР").first).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("новый")
    request_url = page.url.removeprefix(site)
    assert _fits(page)

    # The coordinator of that point sees it in the queue with the best candidates, opens it, and
    # assigns the first-ranked consultant, whose reasons are shown.
    _log_in(page, site, f"{tag}-coordinator", "/consultations/queue/")
    row = page.get_by_test_id("queue").locator("tr", has_text=TOPIC)
    expect(row).to_contain_text("ШНОР")
    expect(row).to_contain_text("1. Лучшева")
    assert _fits(page)
    row.get_by_role("link").first.click()
    first = page.get_by_test_id("suggestion").first
    expect(first).to_contain_text(best.user.full_name)
    expect(first).to_contain_text("ведёт «математика»")
    expect(first).to_contain_text("специализация: оценивание")
    expect(first).to_contain_text("работает онлайн")
    expect(page.get_by_test_id("contact")).to_contain_text("Учителева Мария")
    assert _fits(page)
    first.get_by_role("button", name="Назначить").click()
    expect(page.get_by_test_id("status")).to_have_text("назначен консультант")
    expect(page.get_by_test_id("consultant")).to_have_text(best.user.full_name)
    expect(page.get_by_test_id("history")).to_contain_text("назначен консультант: " + best.user.full_name)

    # Two hours later the consultant records the session held an hour ago.
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=2))
    held = timezone.localtime(timezone.now() - datetime.timedelta(hours=1))
    _log_in(page, site, f"{tag}-best", request_url)
    form = page.get_by_test_id("log-consultation")
    form.get_by_label("Дата и время").fill(held.strftime("%Y-%m-%dT%H:%M"))
    form.get_by_label("Формат", exact=True).select_option("online")
    form.get_by_label("Продолжительность, мин").fill("45")
    form.get_by_label("Содержание").fill("Разобрали типичные ошибки ВПР")
    form.get_by_label("Рекомендации").fill("Диагностическая работа в начале четверти")
    assert _fits(page)
    form.get_by_role("button", name="Записать").click()
    expect(page.get_by_test_id("status")).to_have_text("в работе")
    expect(page.get_by_test_id("consultations")).to_contain_text("Разобрали типичные ошибки ВПР")

    # The teacher rates it; the rating is kept and the form is gone.
    _log_in(page, site, f"{tag}-teacher", request_url)
    cell = page.get_by_test_id("rating").first
    cell.get_by_label("5", exact=True).check()
    cell.get_by_label("Отзыв").fill("Очень полезно, спасибо")
    assert _fits(page)
    cell.get_by_role("button", name="Оценить").click()
    expect(page.get_by_test_id("rating").first).to_contain_text("5 из 5")
    expect(page.get_by_test_id("rating").first).to_contain_text("Очень полезно, спасибо")
    assert _fits(page)
