"""Facts whose right answers are known by construction, on the standing test world plus schools that
exist only as public rows (no schema: facts are public rows, nothing enters a school)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from analytics.models import Indicator, IndicatorFact, Target
from tenants.models import School

PERIOD = "2026/27"


def bare_school(*, slug: str, name: str, municipality, low_results: bool = False) -> School:
    return School.objects.create(
        schema_name=f"school_{slug.replace('-', '_')}",
        slug=slug,
        full_name=name,
        short_name=name,
        municipality=municipality,
        low_results=low_results,
    )


def fact(school, code: str, numerator: int, denominator: int, period: str = PERIOD) -> IndicatorFact:
    return IndicatorFact.objects.create(
        school=school,
        indicator=Indicator.objects.get(code=code),
        period=period,
        numerator=numerator,
        denominator=denominator,
        computed_at=timezone.now(),
    )


def target(region, code: str, value, *, municipality=None, period: str = PERIOD) -> Target:
    return Target.objects.create(
        indicator=Indicator.objects.get(code=code),
        scope="municipality" if municipality else "region",
        region=region,
        municipality=municipality,
        period=period,
        value=value,
        order_number="45-од",
        order_date=date(2026, 8, 28),
        order_title="Об утверждении показателей целевой модели наставничества",
    )


def known_region(world):
    """Municipality (A 6/10, «Школа Х» 1/5 → 7/15 = 46.7 %), the other (B 50/100, «Школа У» 40/100 →
    45 %), region 97/215 = 45.1 %; the region's target 60 %."""
    x = bare_school(slug="school-x", name="Школа Х", municipality=world.municipality)
    y = bare_school(slug="school-y", name="Школа У", municipality=world.other_municipality)
    fact(world.school_a, "competency_growth", 6, 10)
    fact(x, "competency_growth", 1, 5)
    fact(world.school_b, "competency_growth", 50, 100)
    fact(y, "competency_growth", 40, 100)
    target(world.region, "competency_growth", 60)
    return x, y
