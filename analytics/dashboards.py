"""The dashboards' content, built once for the pages, the API and the exports: target against actual
per indicator, the drill-down tables, trends, the distribution of schools, the schools off track and
the effect of organisation–organisation mentoring.

Schema: PUBLIC. Reads facts through analytics.selectors.dashboards and computes with the pure
functions of analytics.services (rollups, status, effect); nothing here writes.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd
from django.core.cache import cache
from django.db import connection

from regional_center.models import Municipality, Region
from tenants.models import School

from .models import Indicator, Target
from .periods import parse_period, period_bounds, previous_period
from .selectors import dashboards as selectors
from .services import effect as effect_service
from .services import rollups
from .services.status import (
    NO_DATA,
    OFF_TRACK,
    STATUS_LABELS,
    STATUS_RULE,
    Measurement,
    Status,
    status,
    statuses,
)

TREND_YEARS = 4
SUPPRESSION_RULE = (
    "Выше уровня школы значение не показывается, если в числителе или знаменателе от 1 до 4 человек; "
    "чтобы такое значение нельзя было восстановить вычитанием из итога, скрывается и следующее по "
    "величине значение той же группы, а если скрыть больше нечего — итог."
)
ROLLUP_RULE = (
    "Значения муниципалитетов и региона — сумма числителей, делённая на сумму знаменателей школ "
    "(проценты школ не усредняются)."
)


@dataclass
class Cell:
    """One figure of one unit (school, municipality or region) for one indicator and period."""

    numerator: int = 0
    denominator: int = 0
    value: float | None = None
    suppressed: bool = False
    target: Target | None = None
    status: Status = field(default_factory=lambda: Status(NO_DATA, None))

    @property
    def shown(self) -> float | None:
        return None if self.suppressed else self.value

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status.code]


@dataclass
class IndicatorRow:
    indicator: Indicator
    cell: Cell
    trend: list[tuple[str, float | None]]
    others: dict[str, Cell] = field(default_factory=dict)  # «municipality», «region» beside a school's


@dataclass
class UnitRow:
    """A municipality of the region, or a school of a municipality, with its cells per indicator."""

    unit: Municipality | School
    cells: dict[str, Cell]


@dataclass
class OffTrack:
    school: School
    municipality: Municipality
    indicators: list[tuple[Indicator, Cell]]


@dataclass
class Dashboard:
    title: str
    region: Region
    period: str
    periods: list[str]
    rows: list[IndicatorRow]
    targeted: list[Indicator]
    units: list[UnitRow] = field(default_factory=list)
    off_track: list[OffTrack] = field(default_factory=list)
    distribution: dict[str, list[int]] = field(default_factory=dict)
    effects: list[tuple[Indicator, effect_service.Effect]] = field(default_factory=list)
    computed_at: object = None
    status_rule: str = STATUS_RULE
    suppression_rule: str = SUPPRESSION_RULE
    rollup_rule: str = ROLLUP_RULE
    distribution_labels: list[str] = field(default_factory=lambda: list(rollups.DISTRIBUTION_LABELS))


# --- The pieces ----------------------------------------------------------------------------------


def trend_periods(period: str) -> list[str]:
    first = parse_period(period)
    return [f"{year}/{(year + 1) % 100:02d}" for year in range(first - TREND_YEARS + 1, first + 1)]


def _elapsed(period: str, today: date) -> tuple[float, bool]:
    start, end = period_bounds(period)
    if today > end:
        return 1.0, True
    if today < start:
        return 0.0, False
    return (today - start).days / ((end - start).days + 1), False


def _value(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _index(frame: pd.DataFrame, keys: list[str]) -> dict[tuple, tuple]:
    """{(keys…, indicator, period): (numerator, denominator, value, suppressed)} of a roll-up."""
    if frame.empty:
        return {}
    columns = [*keys, "indicator", "period", "numerator", "denominator", "value", "suppressed"]
    width = len(keys) + 2
    return {row[:width]: row[width:] for row in frame[columns].itertuples(index=False, name=None)}


def _month_end(month: date) -> date:
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return following - timedelta(days=1)


@dataclass
class Interim:
    """The interim measurements of one level while a school year runs: for each unit and indicator
    `values[(*unit key, code)]`, the value at the end of each of `months` (NaN: nothing yet, or fewer
    than 5 people above the school level). A school's value in a month without a snapshot is its last
    earlier one (its data did not change); a unit's is the sum over its schools of those."""

    months: list[date] = field(default_factory=list)
    values: dict[tuple, list[float]] = field(default_factory=dict)

    def points(self, *, period: str, today: date) -> list[tuple[int, float]]:
        """(column, elapsed share) of the months already over on `today`: the month under way is the
        current value itself."""
        this_month = today.replace(day=1)
        return [
            (i, _elapsed(period, _month_end(month))[0])
            for i, month in enumerate(self.months)
            if month < this_month
        ]


def interim_levels(snapshots: pd.DataFrame, multipliers: dict[str, float]) -> dict[str, Interim]:
    """Interim measurements of every school, municipality and the region from the monthly snapshots
    (selectors.snapshots_frame): carried forward per school, summed (never averaged) per unit, with the
    small counts above the school level hidden as everywhere else."""
    levels = {
        "school": ["school_id", "municipality_id", "indicator"],
        "municipality": ["municipality_id", "indicator"],
        "region": ["indicator"],
    }
    if snapshots.empty:
        return {level: Interim() for level in levels}
    months = sorted(snapshots["month"].unique())
    numerators = snapshots.pivot(index=levels["school"], columns="month", values="numerator")
    denominators = snapshots.pivot(index=levels["school"], columns="month", values="denominator")
    numerators = numerators.reindex(columns=months).ffill(axis=1)
    denominators = denominators.reindex(columns=months).ffill(axis=1)
    found = {}
    for level, keys in levels.items():
        if level == "school":
            top, bottom = numerators, denominators
        else:
            top = numerators.groupby(level=keys).sum(min_count=1)
            bottom = denominators.groupby(level=keys).sum(min_count=1)
        codes = top.index.get_level_values("indicator")
        scale = np.array([multipliers.get(code, 100.0) / 100.0 for code in codes], dtype="float64")[:, None]
        values = rollups.share(top.to_numpy(dtype="float64"), bottom.to_numpy(dtype="float64")) * scale
        if level != "school":
            hidden = rollups.is_small(
                np.nan_to_num(top.to_numpy(dtype="float64")), np.nan_to_num(bottom.to_numpy(dtype="float64"))
            )
            values[hidden] = np.nan
        keys_of = top.index.tolist()
        found[level] = Interim(
            months=list(months),
            values={
                (key if isinstance(key, tuple) else (key,)): row
                for key, row in zip(keys_of, values.tolist(), strict=True)
            },
        )
    return found


class _Cells:
    """Cells of one level, with status against the target that applies to each unit."""

    def __init__(self, index, *, period, today, key_len, interim: Interim | None = None):
        self.index = index
        self.period = period
        self.elapsed, self.over = _elapsed(period, today)
        self.key_len = key_len
        self.interim = interim or Interim()
        self.points = [] if self.over else self.interim.points(period=period, today=today)

    def cell(self, key: tuple, indicator: Indicator, target: Target | None) -> Cell:
        found = self.index.get((*key, indicator.code, self.period))
        if found is None:
            cell = Cell(target=target)
        else:
            numerator, denominator, value, suppressed = found
            cell = Cell(int(numerator), int(denominator), _value(value), bool(suppressed), target)
        if target is not None:
            measurements = []
            row = self.interim.values.get((*key, indicator.code))
            if row is not None:
                measurements += [Measurement(x, row[i]) for i, x in self.points if not math.isnan(row[i])]
            if cell.value is not None:
                measurements.append(Measurement(self.elapsed, cell.value))
            cell.status = status(
                target=float(target.value),
                measurements=measurements,
                period_over=self.over,
                higher_is_better=indicator.direction == Indicator.Direction.HIGHER,
                suppressed=cell.suppressed,
            )
        return cell

    def trend(self, key: tuple, indicator: Indicator, periods: list[str]) -> list[tuple[str, float | None]]:
        points = []
        for period in periods:
            found = self.index.get((*key, indicator.code, period))
            points.append((period, None if found is None or found[3] else _value(found[2])))
        return points


def _multipliers(indicators: list[Indicator]) -> dict[str, float]:
    return {i.code: float(i.multiplier) for i in indicators}


def _target(targets, code: str, municipality_id: int | None) -> Target | None:
    if municipality_id is not None and (code, municipality_id) in targets:
        return targets[(code, municipality_id)]
    return targets.get((code, None))


def _off_track(
    school_cells: _Cells, schools, municipalities, indicators, targets, only=None
) -> list[OffTrack]:
    result = []
    for school in schools.values():
        if only is not None and school.municipality_id != only:
            continue
        bad = []
        for indicator in indicators:
            target = _target(targets, indicator.code, school.municipality_id)
            if target is None:
                continue
            cell = school_cells.cell((school.pk, school.municipality_id), indicator, target)
            if cell.status.code == OFF_TRACK:
                bad.append((indicator, cell))
        if bad:
            result.append(OffTrack(school, municipalities[school.municipality_id], bad))
    result.sort(key=lambda item: (-len(item.indicators), item.municipality.name, item.school.short_name))
    return result


def _did(facts, indicators, *, groups, period) -> list[effect_service.Effect]:
    treated, control = groups
    if not treated and not control:
        return []
    codes = {i.code for i in indicators if i.level == Indicator.Level.SCHOOL}
    # Only the ШНОР schools' rows enter the comparison: a fifth of the region, filtered once here.
    mask = facts["school_id"].isin(treated | control) & facts["indicator"].isin(codes)
    return effect_service.did(
        facts[mask],
        treated=treated,
        control=control,
        before=previous_period(period),
        after=period,
    )


# --- The region's figures, computed once per data version ---------------------------------------
#
# Everything of the regional page that depends only on the facts (roll-ups with suppression, the
# schools' rows, the org–org effect with its bootstrap) is computed once per version of the data and
# kept: in this process and in the shared cache (Redis), so that every worker and the report reuse it.
# The version is read on every request from the facts themselves (count, newest id, newest and summed
# computation times, summed counts — any insert, upsert, delete or entered value changes it), the
# catalogue, the region's schools and its ШНОР groups; a page that finds no figures for the current
# version computes them once and stores them, and the recompute task stores them as soon as a run
# ends. Targets and today's date are not part of it: statuses are worked out on each request.

FIGURES_SECONDS = 7 * 24 * 3600
_MEMORY: dict[str, RegionFigures] = {}
_MEMORY_SIZE = 8

# One statement, a few milliseconds: what the figures are computed from. Facts: any insert, upsert,
# delete or entered value changes the count, the newest id or the computation times or the counts.
# The region's schools (municipality, status, ШНОР flag, name), the organisation pairs, the ШНОР flags
# per year and the catalogue: as digests of their rows.
_VERSION_SQL = """
    SELECT
      (SELECT concat_ws(':', count(*), max(id), max(computed_at), sum(numerator), sum(denominator))
       FROM analytics_indicatorfact),
      (SELECT concat_ws(':', count(*), max(id), max(taken_on), sum(numerator), sum(denominator))
       FROM analytics_factsnapshot),
      (SELECT md5(coalesce(string_agg(concat_ws(':', s.id, s.municipality_id, s.status, s.low_results,
                                                s.short_name), ',' ORDER BY s.id), ''))
       FROM tenants_school s JOIN regional_center_municipality m ON m.id = s.municipality_id
       WHERE m.region_id = %s),
      (SELECT md5(coalesce(string_agg(concat_ws(':', id, mentee_school_id, starts_on, ends_on, status),
                                      ',' ORDER BY id), ''))
       FROM regional_center_organisationpair),
      (SELECT md5(coalesce(string_agg(concat_ws(':', id, school_id, start_year, low_results), ','
                                      ORDER BY id), ''))
       FROM regional_center_schoolyearstatus),
      (SELECT md5(coalesce(string_agg(concat_ws(':', id, code, multiplier, level, is_active), ','
                                      ORDER BY id), ''))
       FROM analytics_indicator)
"""


@dataclass
class SchoolRows:
    """One indicator's current-period rows of every school, as arrays (the school level: no
    suppression), with the school's interim values of the period beside (rows × RegionFigures.months,
    NaN where absent)."""

    school_id: np.ndarray
    municipality_id: np.ndarray
    numerator: np.ndarray
    denominator: np.ndarray
    value: np.ndarray
    interim: np.ndarray


@dataclass
class RegionFigures:
    """The region's derived tables for one period and one data version."""

    region_index: dict
    municipality_index: dict
    interim: dict[str, Interim]  # «region», «municipality» (the schools' are in school_rows)
    schools: dict  # {id: School} of the region's working schools
    school_rows: dict[str, SchoolRows]
    distribution: dict[str, list[int]]
    effects: list[effect_service.Effect]
    computed_at: object


def _figures_key(*, region, period) -> str:
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL, [region.pk])
        version = cursor.fetchone()
    digest = hashlib.sha256(repr(version).encode()).hexdigest()[:32]
    return f"analytics:region-figures:{region.pk}:{period}:{digest}"


def _compute_figures(*, region, period) -> RegionFigures:
    indicators = selectors.indicators()
    periods = trend_periods(period)
    facts = selectors.facts_frame(region=region, periods=periods)
    multipliers = _multipliers(indicators)
    region_frame, municipality_frame = rollups.region_view(facts, multipliers=multipliers)
    school_frame = rollups.rollup(facts[facts["period"] == period], level="school", multipliers=multipliers)
    keys = ["school_id", "municipality_id", "indicator"]
    current = school_frame[[*keys, "numerator", "denominator", "value"]]
    interim = interim_levels(selectors.snapshots_frame(region=region, period=period), multipliers)
    school_rows = {
        code: _school_rows(part, code, interim["school"])
        for code, part in current.groupby("indicator", sort=False)
    }
    groups = selectors.low_results_groups(region=region, period=period)
    return RegionFigures(
        region_index=_index(region_frame, []),
        municipality_index=_index(municipality_frame, ["municipality_id"]),
        interim={"region": interim["region"], "municipality": interim["municipality"]},
        schools=selectors.schools(region=region),
        school_rows=school_rows,
        distribution={
            code: rollups.distribution(current[current["indicator"] == code]) for code in school_rows
        },
        effects=_did(facts, indicators, groups=groups, period=period),
        computed_at=selectors.facts_computed_at(region=region, period=period),
    )


def _school_rows(part: pd.DataFrame, code: str, interim: Interim) -> SchoolRows:
    school_id = part["school_id"].to_numpy(dtype="int64")
    municipality_id = part["municipality_id"].to_numpy(dtype="int64")
    absent = [math.nan] * len(interim.months)
    rows = [
        interim.values.get((school, municipality, code), absent)
        for school, municipality in zip(school_id.tolist(), municipality_id.tolist(), strict=True)
    ]
    return SchoolRows(
        school_id=school_id,
        municipality_id=municipality_id,
        numerator=part["numerator"].to_numpy(dtype="int64"),
        denominator=part["denominator"].to_numpy(dtype="int64"),
        value=part["value"].to_numpy(dtype="float64"),
        interim=np.array(rows, dtype="float64").reshape(len(rows), len(interim.months)),
    )


def region_figures(*, region, period) -> RegionFigures:
    """The region's figures for the period: from this process, else the shared cache, else computed
    now and stored in both."""
    key = _figures_key(region=region, period=period)
    # The process copy is used only while the shared entry exists, so clearing the cache clears both.
    if key in _MEMORY and cache.has_key(key):
        return _MEMORY[key]
    figures = cache.get(key)
    if figures is None:
        figures = _compute_figures(region=region, period=period)
        cache.set(key, figures, FIGURES_SECONDS)
    while len(_MEMORY) >= _MEMORY_SIZE:
        _MEMORY.pop(next(iter(_MEMORY)))
    _MEMORY[key] = figures
    return figures


def warm_figures(*, period: str) -> int:
    """Compute and store every region's figures for the period (after a recompute run); returns how
    many regions had schools."""
    warmed = 0
    for region in Region.objects.filter(municipalities__schools__isnull=False).distinct():
        region_figures(region=region, period=period)
        warmed += 1
    return warmed


def _school_statuses(figures, *, municipalities, targeted, targets, period, today) -> list[OffTrack]:
    """Every school's status against its target at once; the schools off track, as `_off_track`."""
    elapsed, over = _elapsed(period, today)
    # Every level has the same months (those of the region's snapshots).
    points = [] if over else figures.interim["region"].points(period=period, today=today)
    usable = np.array([i for i, _ in points], dtype="int64")
    bad: dict[int, dict[str, Cell]] = {}
    for indicator in targeted:
        rows = figures.school_rows.get(indicator.code)
        if rows is None:
            continue
        # The target of each row: its municipality's own, else the region's.
        chosen = {m: _target(targets, indicator.code, m) for m in np.unique(rows.municipality_id).tolist()}
        found, forecasts = statuses(
            target=np.array([float(chosen[m].value) for m in rows.municipality_id.tolist()]),
            interim=rows.interim[:, usable],
            interim_elapsed=[x for _, x in points],
            current=rows.value,
            elapsed=elapsed,
            period_over=over,
            higher_is_better=indicator.direction == Indicator.Direction.HIGHER,
        )
        picked = np.flatnonzero(found == OFF_TRACK)
        columns = zip(
            rows.school_id[picked].tolist(),
            rows.municipality_id[picked].tolist(),
            rows.numerator[picked].tolist(),
            rows.denominator[picked].tolist(),
            rows.value[picked].tolist(),
            forecasts[picked].tolist(),
            strict=True,
        )
        for school_id, municipality_id, numerator, denominator, value, forecast in columns:
            bad.setdefault(school_id, {})[indicator.code] = Cell(
                numerator,
                denominator,
                _value(value),
                False,
                chosen[municipality_id],
                Status(OFF_TRACK, None if over else forecast),
            )
    result = []
    for school in figures.schools.values():  # the order of `_off_track`, then its sort
        cells = bad.get(school.pk)
        if cells:
            found_here = [(i, cells[i.code]) for i in targeted if i.code in cells]
            result.append(OffTrack(school, municipalities[school.municipality_id], found_here))
    result.sort(key=lambda item: (-len(item.indicators), item.municipality.name, item.school.short_name))
    return result


# --- The three dashboards ------------------------------------------------------------------------


def region_dashboard(*, region: Region, period: str, today: date, with_effect: bool = True) -> Dashboard:
    indicators = selectors.indicators()
    periods = trend_periods(period)
    figures = region_figures(region=region, period=period)
    targets = selectors.targets(region=region, period=period)
    region_cells = _Cells(
        figures.region_index, period=period, today=today, key_len=0, interim=figures.interim["region"]
    )
    municipality_cells = _Cells(
        figures.municipality_index,
        period=period,
        today=today,
        key_len=1,
        interim=figures.interim["municipality"],
    )
    rows = [
        IndicatorRow(
            i, region_cells.cell((), i, targets.get((i.code, None))), region_cells.trend((), i, periods)
        )
        for i in indicators
    ]
    targeted = [row.indicator for row in rows if row.cell.target is not None]
    municipalities = selectors.municipalities(region=region)
    units = [
        UnitRow(
            m, {i.code: municipality_cells.cell((m.pk,), i, _target(targets, i.code, m.pk)) for i in targeted}
        )
        for m in municipalities.values()
    ]
    empty = rollups.distribution(pd.DataFrame({"value": pd.Series(dtype="float64")}))
    by_code = {i.code: i for i in indicators}
    return Dashboard(
        title=f"Показатели наставничества: {region.name}",
        region=region,
        period=period,
        periods=periods,
        rows=rows,
        targeted=targeted,
        units=units,
        off_track=_school_statuses(
            figures,
            municipalities=municipalities,
            targeted=targeted,
            targets=targets,
            period=period,
            today=today,
        ),
        distribution={i.code: figures.distribution.get(i.code, empty) for i in targeted},
        effects=[(by_code[e.indicator], e) for e in figures.effects if e.indicator in by_code]
        if with_effect
        else [],
        computed_at=figures.computed_at,
    )


def municipality_dashboard(*, municipality: Municipality, period: str, today: date) -> Dashboard:
    region = municipality.region
    indicators = selectors.indicators()
    periods = trend_periods(period)
    facts = selectors.facts_frame(region=region, periods=periods)
    multipliers = _multipliers(indicators)
    own, school_frame = rollups.municipality_view(
        facts, municipality_id=municipality.pk, multipliers=multipliers
    )
    region_frame, _ = rollups.region_view(facts, multipliers=multipliers)
    targets = selectors.targets(region=region, period=period)
    interim = interim_levels(selectors.snapshots_frame(region=region, period=period), multipliers)
    own_cells = _Cells(
        _index(own, ["municipality_id"]),
        period=period,
        today=today,
        key_len=1,
        interim=interim["municipality"],
    )
    region_cells = _Cells(
        _index(region_frame, []), period=period, today=today, key_len=0, interim=interim["region"]
    )
    school_cells = _Cells(
        _index(school_frame, ["school_id", "municipality_id"]),
        period=period,
        today=today,
        key_len=2,
        interim=interim["school"],
    )
    rows = []
    for i in indicators:
        target = _target(targets, i.code, municipality.pk)
        rows.append(
            IndicatorRow(
                i,
                own_cells.cell((municipality.pk,), i, target),
                own_cells.trend((municipality.pk,), i, periods),
                {"region": region_cells.cell((), i, targets.get((i.code, None)))},
            )
        )
    targeted = [row.indicator for row in rows if row.cell.target is not None]
    schools = {
        pk: s for pk, s in selectors.schools(region=region).items() if s.municipality_id == municipality.pk
    }
    units = [
        UnitRow(
            s,
            {
                i.code: school_cells.cell(
                    (s.pk, municipality.pk), i, _target(targets, i.code, municipality.pk)
                )
                for i in targeted
            },
        )
        for s in sorted(schools.values(), key=lambda s: s.short_name)
    ]
    current = school_frame[school_frame["period"] == period]
    return Dashboard(
        title=f"Показатели наставничества: {municipality.name}",
        region=region,
        period=period,
        periods=periods,
        rows=rows,
        targeted=targeted,
        units=units,
        off_track=_off_track(school_cells, schools, {municipality.pk: municipality}, targeted, targets),
        distribution={
            i.code: rollups.distribution(current[current["indicator"] == i.code]) for i in targeted
        },
        computed_at=selectors.facts_computed_at(region=region, period=period),
    )


def school_dashboard(*, school: School, period: str, today: date) -> Dashboard:
    """The school's own figures beside its municipality's and the region's — no other school."""
    municipality = school.municipality
    region = municipality.region
    indicators = selectors.indicators()
    periods = trend_periods(period)
    facts = selectors.facts_frame(region=region, periods=periods)
    multipliers = _multipliers(indicators)
    seen = rollups.school_view(facts, school_id=school.pk, multipliers=multipliers)
    targets = selectors.targets(region=region, period=period)
    interim = interim_levels(selectors.snapshots_frame(region=region, period=period), multipliers)
    own = _Cells(
        _index(seen["school"], ["school_id", "municipality_id"]),
        period=period,
        today=today,
        key_len=2,
        interim=interim["school"],
    )
    mun = _Cells(
        _index(seen["municipality"], ["municipality_id"]),
        period=period,
        today=today,
        key_len=1,
        interim=interim["municipality"],
    )
    reg = _Cells(_index(seen["region"], []), period=period, today=today, key_len=0, interim=interim["region"])
    rows = []
    for i in indicators:
        target = _target(targets, i.code, municipality.pk)
        rows.append(
            IndicatorRow(
                i,
                own.cell((school.pk, municipality.pk), i, target),
                own.trend((school.pk, municipality.pk), i, periods),
                {
                    "municipality": mun.cell((municipality.pk,), i, target),
                    "region": reg.cell((), i, targets.get((i.code, None))),
                },
            )
        )
    return Dashboard(
        title=f"Показатели наставничества: {school.short_name}",
        region=region,
        period=period,
        periods=periods,
        rows=rows,
        targeted=[row.indicator for row in rows if row.cell.target is not None],
        computed_at=selectors.facts_computed_at(region=region, period=period),
    )
