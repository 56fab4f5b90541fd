"""Reads for the dashboards: facts as a frame, targets, ШНОР schools with and without an
organisation pair. Schema: PUBLIC (facts are already public rows; no school schema is entered)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import pandas as pd
from django.db.models import Max, Q

from regional_center.models import Municipality, Region, SchoolYearStatus
from regional_center.models.support import OrganisationPair
from tenants.models import School

from ..models import FactSnapshot, Indicator, IndicatorFact, Target
from ..periods import parse_period, period_bounds
from ..services.rollups import FACT_COLUMNS


def facts_frame(*, region: Region, periods: Iterable[str]) -> pd.DataFrame:
    """One row per (school, indicator, period) of the region's working schools, as rollups expects.

    One statement through `.values_list` (only the six columns, no model instances: at 2,000 schools
    this is ~10⁵ rows). Indicator and period come back as categoricals whose categories are sorted
    labels, so the roll-ups group by integer codes, not by strings."""
    periods = sorted(set(periods))
    codes = dict(Indicator.objects.filter(is_active=True).values_list("pk", "code"))
    rows = (
        IndicatorFact.objects.filter(
            school__municipality__region=region, period__in=periods, indicator__is_active=True
        )
        .exclude(school__status=School.Status.ARCHIVED)
        .values_list(
            "school_id", "school__municipality_id", "indicator_id", "period", "numerator", "denominator"
        )
    )
    frame = pd.DataFrame.from_records(
        list(rows), columns=["school_id", "municipality_id", "indicator_id", *FACT_COLUMNS[3:]]
    ).astype({"school_id": "int64", "municipality_id": "int64", "numerator": "int64", "denominator": "int64"})
    labels = sorted(codes.values())
    position = {pk: labels.index(code) for pk, code in codes.items()}
    frame["indicator_id"] = pd.Categorical.from_codes(
        frame["indicator_id"].map(position).to_numpy(dtype="int64"), categories=labels
    )
    frame["period"] = pd.Categorical(frame["period"], categories=periods)
    return frame.rename(columns={"indicator_id": "indicator"})[FACT_COLUMNS]


def snapshots_frame(*, region: Region, period: str) -> pd.DataFrame:
    """The monthly snapshots of the region's working schools for one school year: school_id,
    municipality_id, indicator (code), month (first day), numerator, denominator.

    Filtered as `facts_frame` is, by the active indicators' ids (codes put back in Python): joining
    the catalogue for its codes let the planner nest-loop the snapshots (seconds at 2,000 schools)."""
    codes = dict(Indicator.objects.filter(is_active=True).values_list("pk", "code"))
    rows = (
        FactSnapshot.objects.filter(
            school__municipality__region=region, period=period, indicator_id__in=list(codes)
        )
        .exclude(school__status=School.Status.ARCHIVED)
        .values_list(
            "school_id", "school__municipality_id", "indicator_id", "month", "numerator", "denominator"
        )
    )
    columns = ["school_id", "municipality_id", "indicator", "month", "numerator", "denominator"]
    frame = pd.DataFrame.from_records(list(rows), columns=columns)
    frame["indicator"] = frame["indicator"].map(codes)
    return frame


def facts_computed_at(*, region: Region, period: str) -> datetime | None:
    """When the newest fact of the region for the period was computed (the report's «date of
    computation»)."""
    return (
        IndicatorFact.objects.filter(school__municipality__region=region, period=period)
        .aggregate(at=Max("computed_at"))
        .get("at")
    )


def facts_queryset(*, schools, indicator_code: str | None = None, period: str | None = None):
    queryset = IndicatorFact.objects.filter(school__in=schools).select_related("indicator", "school")
    if indicator_code:
        queryset = queryset.filter(indicator__code=indicator_code)
    if period:
        queryset = queryset.filter(period=period)
    return queryset.order_by("school__short_name", "indicator__position", "period")


def indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(is_active=True).order_by("position", "code"))


def targets(*, region: Region, period: str) -> dict[tuple[str, int | None], Target]:
    """{(indicator code, municipality id or None for the region): target} for one school year."""
    found = Target.objects.filter(region=region, period=period).select_related("indicator", "municipality")
    return {(t.indicator.code, t.municipality_id): t for t in found}


def targets_queryset(*, region: Region, municipalities=None):
    queryset = Target.objects.filter(region=region).select_related("indicator", "municipality")
    if municipalities is not None:
        queryset = queryset.filter(Q(municipality__isnull=True) | Q(municipality__in=municipalities))
    return queryset.order_by("-period", "indicator__position", "municipality__name")


def municipalities(*, region: Region) -> dict[int, Municipality]:
    return {m.pk: m for m in Municipality.objects.filter(region=region).order_by("name")}


def schools(*, region: Region) -> dict[int, School]:
    return {
        s.pk: s
        for s in School.objects.filter(municipality__region=region)
        .exclude(status=School.Status.ARCHIVED)
        .only("id", "short_name", "municipality_id", "low_results")
    }


def low_results_groups(*, region: Region, period: str) -> tuple[set[int], set[int]]:
    """(ШНОР schools in an organisation pair during the school year, ШНОР schools without one).

    ШНОР that year: the school's flag for that year (regional_center.SchoolYearStatus), else its
    current flag. In a pair: mentee of an organisation pair, not cancelled, whose dates overlap the
    school year (regional_center.models.support.OrganisationPair)."""
    start, end = period_bounds(period)
    region_schools = School.objects.filter(municipality__region=region).exclude(status=School.Status.ARCHIVED)
    flagged = dict(
        SchoolYearStatus.objects.filter(
            school__in=region_schools, start_year=parse_period(period)
        ).values_list("school_id", "low_results")
    )
    low = {pk for pk, current in region_schools.values_list("pk", "low_results") if flagged.get(pk, current)}
    paired = set(
        OrganisationPair.objects.filter(mentee_school_id__in=low, starts_on__lte=end, ends_on__gte=start)
        .exclude(status=OrganisationPair.Status.CANCELLED)
        .values_list("mentee_school_id", flat=True)
    )
    return paired, low - paired
