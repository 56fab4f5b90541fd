"""The demo region ships with the support of low-result schools under way: risk profiles of the ШНОР
schools, three strong schools paired with three ШНОР schools and their plans in progress, and teachers'
routes in a ШНОР demo school — the same after a second run."""

import pytest
from django.core.management import call_command

from regional_center.models import (
    OrganisationPair,
    RouteSummary,
    SchoolRiskFactor,
    SharedRoute,
    SupportPlanItem,
    WorkStatus,
)
from regional_center.services.school_years import current_school_year
from tenants.demo import REGION
from tenants.models import School, User
from tests.support.db import committed


def _snapshot():
    return {
        "factors": sorted(SchoolRiskFactor.objects.values_list("school__slug", "factor", "level")),
        "pairs": sorted(OrganisationPair.objects.values_list("mentor_school__slug", "mentee_school__slug")),
        "items": SupportPlanItem.objects.count(),
        "routes": sorted(
            RouteSummary.objects.values_list("school__slug", "routes_total", "with_methodologist")
        ),
        "shared": sorted(
            SharedRoute.objects.values_list("school__slug", "route_id", "methodologist__username")
        ),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with committed(django_db_blocker):
        call_command("seed_demo", verbosity=0)
        first = _snapshot()
        call_command("seed_demo", verbosity=0)
        second = _snapshot()
    return first, second


def test_the_support_demo_is_idempotent(demo, db):
    first, second = demo
    assert first == second


def test_three_strong_schools_support_three_low_results_schools(demo, db, client):
    year = current_school_year()
    low = School.objects.filter(
        municipality__region__name=REGION["name"],
        year_statuses__start_year=year,
        year_statuses__low_results=True,
    )
    assert low.exists()
    for school in low:
        assert SchoolRiskFactor.objects.filter(school=school, start_year=year).exists(), school.slug
    pairs = OrganisationPair.objects.filter(status=OrganisationPair.Status.ACTIVE)
    assert pairs.count() == 3
    for pair in pairs:
        statuses = set(pair.plan_items.values_list("status", flat=True))
        assert WorkStatus.DONE in statuses and WorkStatus.PLANNED in statuses, pair
        assert pair.indicator_values.exists()
    client.force_login(User.objects.get(username="region.admin"))
    pair = pairs.get(mentee_school__slug="volzhsk-sosh-6")
    page = client.get(f"/support/pairs/{pair.pk}/").content.decode()
    assert "Открытые уроки учителей школы-наставника" in page


def test_the_region_admin_opens_a_teachers_route_with_its_events(demo, db, client):
    summary = RouteSummary.objects.get(school__slug="volzhsk-sosh-6")
    assert summary.routes_total == 3 and summary.with_methodologist == 2
    admin = User.objects.get(username="region.admin")
    shared = SharedRoute.objects.get(methodologist=admin)
    assert shared.links and shared.items
    client.force_login(admin)
    page = client.get(f"/support/routes/shared/{shared.pk}/").content.decode()
    assert shared.teacher_name in page and shared.links[0]["title"] in page
