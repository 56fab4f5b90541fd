"""Extra schools and people for the support tests (public rows only: pairs never enter a school's schema,
so these schools get no schema)."""

from __future__ import annotations

from regional_center.models import PartnerOrganisation
from regional_center.services.school_years import school_flags_set
from tenants.models import Membership, Role, School, User

YEAR = 2026  # the suite's clock stands in the 2026/27 school year


def school(slug: str, municipality, *, low_results=False, partner=False, subjects=None) -> School:
    created = School.objects.create(
        slug=slug,
        schema_name=f"school_{slug.replace('-', '_')}",
        full_name=f"МБОУ «{slug}»",
        short_name=slug,
        municipality=municipality,
    )
    school_flags_set(school=created, start_year=YEAR, low_results=low_results, partner_school=partner)
    if subjects is not None:
        PartnerOrganisation.objects.create(
            name=f"Партнёр {slug}",
            kind=PartnerOrganisation.Kind.SCHOOL,
            school=created,
            municipality=municipality,
            subjects=subjects,
        )
    return created


def person(username: str, role: Role, **scope) -> User:
    user = User.objects.create(username=username, last_name=username.title(), first_name="Тест")
    Membership.objects.create(user=user, role=role, **scope)
    return user
