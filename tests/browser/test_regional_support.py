"""The regional administrator pairs a strong school with a ШНОР school from the ranked suggestions (the
reason for each place is shown) and adds an item to the pair's support plan — on a desktop and on a
phone 390 px wide, where no page scrolls sideways."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from regional_center.models import OrganisationPair
from tenants.demo import DEMO_PASSWORD
from tenants.models import School
from tests.support.db import committed

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# A ШНОР demo school without a pair for each run (the demo site is shared by the whole session).
MENTEES = {"desktop": "morki-shinsha", "phone": "sernur-kazanskoe"}


def _fits(page: Page) -> bool:
    page.wait_for_load_state("load")  # after a click the page may still be laid out without its style sheet
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def mentee(request, django_db_blocker):
    """The run's ШНОР school; its pair is removed afterwards."""
    slug = MENTEES[request.node.callspec.params["viewport"]]
    with committed(django_db_blocker):
        school = School.objects.get(slug=slug)
        assert not OrganisationPair.objects.filter(mentee_school=school).exists()
    yield school
    with committed(django_db_blocker):
        OrganisationPair.objects.filter(mentee_school=school).delete()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_administrator_pairs_schools_from_the_suggestions_and_plans_support(
    page: Page, site, mentee, viewport
):
    page.set_viewport_size(VIEWPORTS[viewport])
    today = timezone.localdate()
    page.goto(f"{site}/login/")
    page.get_by_label("Логин или e-mail").fill("region.admin")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(f"{site}/region/")

    page.goto(f"{site}/support/schools/")
    expect(page.locator("h1")).to_have_text("Школы с низкими результатами")
    assert _fits(page), "the ШНОР list scrolls sideways"
    row = page.get_by_test_id("low-results-schools").locator("tr", has_text=mentee.short_name)
    row.get_by_role("link", name="подобрать наставника").click()
    expect(page.locator("h1")).to_have_text(f"Школа-наставник для {mentee.short_name}")
    assert _fits(page), "the suggestions scroll sideways"

    first = page.get_by_test_id("suggestions").locator("li").first
    expect(first.locator(".reason")).to_contain_text("1-е место")
    expect(first.locator(".reason")).to_contain_text("муниципалитет")
    mentor_name = first.locator("strong").inner_text()
    first.get_by_role("link", name="Выбрать").click()
    form = page.get_by_test_id("pair-form")
    expect(form.get_by_label("Школа-наставник")).to_have_value(first.get_attribute("data-school") or "")
    form.get_by_label("Начало").fill(today.isoformat())
    form.get_by_label("Окончание").fill((today + datetime.timedelta(days=180)).isoformat())
    form.get_by_label("Цели").fill("Повышение результатов по математике и русскому языку")
    form.get_by_role("button", name="Создать пару").click()
    expect(page.locator("h1")).to_have_text(f"{mentor_name} → {mentee.short_name}")
    assert _fits(page), "the pair card scrolls sideways"

    items = page.get_by_test_id("item-form")
    items.get_by_label("Мероприятие").fill("Открытые уроки математики для учителей школы")
    items.get_by_label("Вид сопровождения").select_option("educational")
    # A deadline outside the pair's period: the error appears under the field, nothing is saved.
    items.get_by_label("Срок").fill((today + datetime.timedelta(days=400)).isoformat())
    items.get_by_label("Ответственный от школы-наставника").fill("Руководитель МО математики")
    items.get_by_label("Ответственный от школы-наставляемого").fill("Учителя математики")
    items.get_by_role("button", name="Добавить пункт").click()
    deadline_field = page.get_by_test_id("item-form").locator('[data-field="deadline"]')
    expect(deadline_field.locator(".errorlist")).to_contain_text("в периоде пары")
    page.get_by_test_id("item-form").get_by_label("Срок").fill(
        (today + datetime.timedelta(days=30)).isoformat()
    )
    page.get_by_test_id("item-form").get_by_role("button", name="Добавить пункт").click()
    expect(page.get_by_test_id("plan-items")).to_contain_text("Открытые уроки математики для учителей школы")
    assert _fits(page), "the pair card with its plan scrolls sideways"
