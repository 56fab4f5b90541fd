"""Demo targets (seed_demo looks up `seed(region)` here): the three seed targets of the regional
project (60 %, 80 %, 30 %) and the federal 70 % coverage of students aged 10–18, for the region and,
tighter for coverage, for the demo region's first municipality. Idempotent: a target already there
is left as it is. Facts for the demo schools come from the recompute (analytics.services.recompute),
which must run after the school programmes' demo data exist.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from regional_center.models import Municipality, Region

from .models import Indicator, Target
from .periods import period_bounds, previous_period, school_year_label

ORDER = {
    "order_number": "01-05/412",
    "order_title": "Об утверждении целевых показателей региональной целевой модели наставничества",
}
REGION_TARGETS = {
    "competency_growth": 60,
    "self_education_growth": 80,
    "academic_improvement": 30,
    "students_10_18_in_mentoring": 70,
}
MUNICIPAL_TARGETS = {"students_10_18_in_mentoring": 75, "competency_growth": 60}


@transaction.atomic
def seed(region: Region, stdout=None) -> None:
    """This year's targets and last year's (the regional project runs since 2024: the finished year
    shows its final statuses), each set by an order a week before its year began."""
    current = school_year_label(timezone.localdate())
    municipality = Municipality.objects.filter(region=region).order_by("name").first()
    created = 0
    for period in (previous_period(current), current):
        order = {**ORDER, "order_date": period_bounds(period)[0] - timedelta(days=7)}
        for scope_municipality, targets in ((None, REGION_TARGETS), (municipality, MUNICIPAL_TARGETS)):
            if targets is MUNICIPAL_TARGETS and municipality is None:
                continue
            for code, value in targets.items():
                indicator = Indicator.objects.filter(code=code).first()
                if indicator is None:
                    continue
                _, made = Target.objects.get_or_create(
                    indicator=indicator,
                    region=region,
                    municipality=scope_municipality,
                    period=period,
                    defaults={
                        "scope": Target.Scope.MUNICIPALITY if scope_municipality else Target.Scope.REGION,
                        "value": value,
                        **order,
                    },
                )
                created += made
    if stdout is not None and created:
        stdout.write(f"Аналитика: целевых значений добавлено — {created}.")


def finish(region: Region, stdout=None) -> None:
    """After every app has seeded (the school programmes first): the demo schools' facts for this and
    last school year, so the dashboards open on figures the analyst can check by hand."""
    from tenants.models import School

    from .demo_facts import seed_facts

    written = seed_facts(
        schools=School.objects.filter(municipality__region=region, status=School.Status.ACTIVE)
    )
    if stdout is not None:
        stdout.write(f"Аналитика: показателей школ пересчитано — {written}.")
