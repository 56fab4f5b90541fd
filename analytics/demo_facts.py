"""Demo facts: every demo school's computed indicators for this and last school year, and the
entered figures of the ШНОР schools. Idempotent (upserts); run after the schools' own demo data.

Schema: PUBLIC (the recompute switches into each school by itself).
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from tenants.models import School

from .models import FactSnapshot, Indicator, IndicatorFact
from .periods import period_bounds, previous_period, school_year_label
from .services import recompute
from .services.entered import PlannedValue, entered_indicators, entered_values_save

# Entered figures per school: (ВПР pass %, ВПР quality %, ГИА above threshold %, categories %),
# drawn once per school from a seeded generator so the demo is the same every time.
_SEED = 20261122


def seed_facts(*, schools=None) -> int:
    """Recompute the demo schools' facts for the current and previous year; returns facts written."""
    today = timezone.localdate()
    current = school_year_label(today)
    schools = list(schools if schools is not None else School.objects.filter(status=School.Status.ACTIVE))
    written = 0
    for period in (previous_period(current), current):
        for school in schools:
            written += recompute.recompute_school(school=school, period=period, today=today)
    _entered(schools=[s for s in schools if s.low_results], periods=(previous_period(current), current))
    _autumn(schools=schools, period=current, today=today)
    return written


def _autumn(*, schools, period: str, today) -> None:
    """The months of this year already over, as the nightly recompute would have left them: the demo
    is seeded in one go, so its schools' interim measurements are drawn from today's facts — pairs
    formed over the autumn, shares growing towards today's — for the status forecasts to have a
    line to draw. Entered figures are yearly and get none."""
    start, _ = period_bounds(period)
    months = []
    month = start
    while month < today.replace(day=1):
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    if not months:
        return
    entered = {indicator.pk for indicator in entered_indicators()}
    facts = IndicatorFact.objects.filter(school__in=schools, period=period, denominator__gt=0).exclude(
        indicator_id__in=entered
    )
    rows = []
    for fact in facts:
        rng = random.Random(f"{_SEED}-{fact.school_id}-{fact.indicator_id}")
        for index, month in enumerate(months):
            share = 0.5 + 0.5 * (index + 1) / (len(months) + 1) + rng.uniform(-0.05, 0.05)
            rows.append(
                FactSnapshot(
                    school_id=fact.school_id,
                    indicator_id=fact.indicator_id,
                    period=period,
                    month=month,
                    taken_on=(month + timedelta(days=32)).replace(day=1) - timedelta(days=1),
                    numerator=min(fact.denominator, round(fact.numerator * share)),
                    denominator=fact.denominator,
                )
            )
    FactSnapshot.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["school", "indicator", "period", "month"],
        update_fields=["taken_on", "numerator", "denominator"],
    )


def _entered(*, schools, periods) -> None:
    planned = []
    indicators = {indicator.code: indicator for indicator in entered_indicators()}
    for school in schools:
        rng = random.Random(f"{_SEED}-{school.slug}")
        for index, period in enumerate(periods):
            for code, (low, high), base in (
                ("vpr_pass_rate", (70, 90), 120),
                ("vpr_quality", (25, 45), 120),
                ("gia_above_threshold", (80, 97), 40),
                ("teachers_first_highest_category", (30, 55), 45),
            ):
                indicator: Indicator | None = indicators.get(code)
                if indicator is None:
                    continue
                denominator = base + rng.randint(-10, 10)
                share = rng.randint(low, high) + 3 * index  # a little better in the later year
                planned.append(
                    PlannedValue(school, indicator, period, denominator * min(share, 100) // 100, denominator)
                )
    if planned:
        entered_values_save(planned=planned, source_file="демо")
