"""The standing test world: one region, two schools (A and B) and the personas of style.md.

Built once per test session and committed, because school schemas are DDL that every test shares;
each test then runs inside a transaction that is rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from consultation_points.models import ConsultationPoint
from regional_center.models import Municipality, Region
from tenants.models import Membership, Role, School, User
from tenants.services.provisioning import SchoolData, school_create

PASSWORD = "correct-horse-battery"
current: World | None = None  # set by tests/conftest.py once per session


@dataclass
class World:
    region: Region
    municipality: Municipality
    other_municipality: Municipality
    point: ConsultationPoint
    school_a: School
    school_b: School
    users: dict[str, User] = field(default_factory=dict)


PERSONAS = {
    # name: (role, scope key)
    "regional_admin": (Role.REGIONAL_ADMIN, "region"),
    "analyst": (Role.REGIONAL_ANALYST, "region"),
    "coordinator": (Role.MUNICIPAL_COORDINATOR, "municipality"),
    "point_consultant": (Role.CONSULTANT, "point"),
    "director_a": (Role.DIRECTOR, "school_a"),
    "curator_a": (Role.CURATOR, "school_a"),
    "mentor_a": (Role.MENTOR, "school_a"),
    "curator_b": (Role.CURATOR, "school_b"),
}


def build_world() -> World:
    region = Region.objects.create(name="Тестовая область", centre_name="Тестовый центр наставничества")
    municipality = Municipality.objects.create(region=region, name="Городской округ Тестовск")
    other = Municipality.objects.create(region=region, name="Дальний район")
    point = ConsultationPoint.objects.create(municipality=municipality, name="КП Тестовска")
    school_a = school_create(
        data=SchoolData(
            slug="school-a", full_name="МБОУ «Школа А»", short_name="Школа А", municipality=municipality
        )
    )
    school_b = school_create(
        data=SchoolData(
            slug="school-b",
            full_name="МБОУ «Школа Б»",
            short_name="Школа Б",
            municipality=other,
            low_results=True,
        )
    )
    world = World(region, municipality, other, point, school_a, school_b)
    scopes = {
        "region": {"region": region},
        "municipality": {"municipality": municipality},
        "point": {"consultation_point": point},
        "school_a": {"school": school_a},
        "school_b": {"school": school_b},
    }
    for name, (role, scope) in PERSONAS.items():
        user = User(username=name, last_name=name.title(), first_name="Тест", email=f"{name}@example.test")
        user.set_password(PASSWORD)
        user.save()
        Membership.objects.create(user=user, role=role, **scopes[scope])
        world.users[name] = user
    return world
