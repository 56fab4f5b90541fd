"""The regional analyst opens on the region's dashboard: targets with statuses, charts drawn by the
vendored Chart.js (no network), drills into a municipality and downloads the ministry report — on a
desktop and on a phone 390 px wide, where no page scrolls sideways."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from analytics.models import Indicator, IndicatorFact
from analytics.periods import school_year_label
from tenants.demo import DEMO_PASSWORD
from tenants.models import School
from tests.support.db import committed

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _fits(page: Page) -> bool:
    page.wait_for_load_state("load")  # after a click the page may still be laid out without its style sheet
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def facts(site, django_db_blocker):
    """Facts of the seed indicators for every demo school where the recompute wrote none; removed after."""
    period = school_year_label(timezone.localdate())
    made = []
    with committed(django_db_blocker):
        for n, school in enumerate(School.objects.order_by("pk")):
            for code, share in (
                ("competency_growth", 30 + 7 * n),
                ("students_10_18_in_mentoring", 50 + 5 * n),
            ):
                fact, created = IndicatorFact.objects.get_or_create(
                    school=school,
                    indicator=Indicator.objects.get(code=code),
                    period=period,
                    defaults={
                        "numerator": min(share, 100),
                        "denominator": 100,
                        "computed_at": timezone.now(),
                    },
                )
                if created:
                    made.append(fact.pk)
    yield
    with committed(django_db_blocker):
        IndicatorFact.objects.filter(pk__in=made).delete()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_analyst_sees_targets_drills_down_and_exports_the_report(page: Page, site, facts, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{site}/login/")
    page.get_by_label("Логин или e-mail").fill("region.analyst")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()

    expect(page).to_have_url(f"{site}/analytics/region/")
    expect(page.get_by_role("heading", name="Показатели наставничества региона")).to_be_visible()
    coverage = page.locator('[data-testid="indicators"] tr[data-indicator="students_10_18_in_mentoring"]')
    expect(coverage.locator("[data-status]")).to_have_count(1)
    expect(coverage).to_contain_text("70,0")
    expect(page.locator("canvas[data-drawn]").first).to_be_attached()  # Chart.js from static, offline
    assert _fits(page)

    link = page.locator('[data-testid="units"] a').first
    name = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", name=f"Показатели: {name}")).to_be_visible()
    expect(page.locator('[data-testid="indicators"] [data-status]').first).to_be_visible()
    assert _fits(page)

    page.get_by_role("link", name="← Регион").click()
    with page.expect_download() as download:
        page.get_by_test_id("report-docx").click()
    assert download.value.suggested_filename.endswith(".docx")
