"""The demo region shows the organisations section: every school with its year flags and a history."""

import pytest
from django.core.management import call_command

from regional_center.models import SchoolYearStatus
from tenants.demo import SCHOOLS
from tenants.models import School, User
from tests.support.db import committed


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with committed(django_db_blocker):
        call_command("seed_demo", verbosity=0)
        first = sorted(
            SchoolYearStatus.objects.values_list("school__slug", "start_year", "low_results", "set_at")
        )
        call_command("seed_demo", verbosity=0)
        second = sorted(
            SchoolYearStatus.objects.values_list("school__slug", "start_year", "low_results", "set_at")
        )
    return first, second


def test_the_region_admin_sees_all_demo_schools_with_their_flags(demo, db, client):
    client.force_login(User.objects.get(username="region.admin"))
    page = client.get("/organisations/schools/").content.decode()
    for slug, *_ in SCHOOLS:
        assert slug in page
    assert len(SCHOOLS) == 32
    assert (
        page.count("badge warn")
        == School.objects.filter(slug__in=[s[0] for s in SCHOOLS], low_results=True).count()
    )


def test_every_demo_school_has_this_and_last_year_and_one_changed(demo, db, client):
    for slug, *_ in SCHOOLS:
        years = set(SchoolYearStatus.objects.filter(school__slug=slug).values_list("start_year", flat=True))
        assert years == {2025, 2026}, slug
    changed = SchoolYearStatus.objects.get(school__slug="yo-sosh-7", start_year=2025)
    assert changed.low_results and not School.objects.get(slug="yo-sosh-7").low_results
    client.force_login(User.objects.get(username="region.admin"))
    school = School.objects.get(slug="yo-sosh-7")
    page = client.get(f"/organisations/schools/{school.pk}/").content.decode()
    assert "2025/26" in page and "2026/27" in page and "Вышла из перечня ШНОР" in page


def test_seeding_twice_changes_no_flag(demo):
    first, second = demo
    assert first == second
