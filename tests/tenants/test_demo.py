"""The demo region: believable, complete, and the same after a second run."""

import pytest
from django.core.management import call_command

from consultation_points.models import ConsultationPoint
from regional_center.models import Municipality, Region
from tenants.demo import DEMO_LOGINS, REGION
from tenants.models import Membership, Role, School, User
from tests.support.db import committed


def _snapshot():
    return {
        "municipalities": Municipality.objects.count(),
        "schools": sorted(School.objects.values_list("slug", "low_results", "partner_school")),
        "points": ConsultationPoint.objects.count(),
        "users": sorted(User.objects.values_list("username", "password")),
        "memberships": Membership.objects.count(),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with committed(django_db_blocker):
        call_command("seed_demo", verbosity=0)
        first = _snapshot()
        call_command("seed_demo", verbosity=0)
        second = _snapshot()
    return first, second


def test_demo_region_is_believable(demo, db):
    region = Region.objects.get(name=REGION["name"])
    municipalities = Municipality.objects.filter(region=region)
    schools = School.objects.filter(municipality__region=region)
    assert municipalities.count() >= 10
    assert schools.count() >= 30
    assert schools.filter(low_results=True).count() >= 5
    assert schools.filter(partner_school=True).count() >= 5
    for municipality in municipalities:
        assert ConsultationPoint.objects.filter(municipality=municipality).count() == 1, municipality


def test_demo_has_a_login_for_every_role(demo, db):
    roles = set(
        Membership.objects.filter(user__username__in=[d.username for d in DEMO_LOGINS]).values_list(
            "role", flat=True
        )
    )
    assert roles == set(Role.values)


def test_running_the_demo_twice_changes_nothing(demo, db):
    first, second = demo
    assert first == second
