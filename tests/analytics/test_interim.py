"""Interim measurements: the recompute keeps a snapshot per month of the running year, and a status's
forecast is the straight line through the month-end values and the current one — never through last
year's value (a year of its own, often measured differently: pairs are formed anew each September)."""

from datetime import date, timedelta

import numpy as np
import pytest

from analytics.dashboards import municipality_dashboard, region_dashboard
from analytics.models import FactSnapshot, Indicator
from analytics.services import recompute
from analytics.services.status import AT_RISK, NO_DATA, OFF_TRACK
from tests.support.clock import TODAY

from .support import PERIOD, bare_school, fact, target

pytestmark = pytest.mark.django_db

CODE = "competency_growth"
START = date(2026, 9, 1)
LENGTH = (date(2027, 8, 31) - START).days + 1


def snapshot(school, month: date, numerator: int, denominator: int, code: str = CODE):
    return FactSnapshot.objects.create(
        school=school,
        indicator=Indicator.objects.get(code=code),
        period=PERIOD,
        month=month,
        taken_on=month + timedelta(days=14),
        numerator=numerator,
        denominator=denominator,
    )


def _line_at_end(points):
    xs, ys = zip(*points, strict=True)
    slope, intercept = np.polyfit(xs, ys, 1)
    return min(100.0, max(0.0, intercept + slope))


def _row(dashboard, code=CODE):
    return next(row for row in dashboard.rows if row.indicator.code == code)


def test_the_forecast_runs_through_the_month_ends_and_the_current_value(world):
    # Two schools of the test region: 20 % → 35 % → 50 % and 10 % → 10 % (no October snapshot: its
    # data did not change, September's value holds) → 10 %.
    rising = bare_school(slug="rising", name="Школа Рост", municipality=world.other_municipality)
    flat = bare_school(slug="flat", name="Школа Ровно", municipality=world.other_municipality)
    snapshot(rising, date(2026, 9, 1), 20, 100)
    snapshot(rising, date(2026, 10, 1), 35, 100)
    snapshot(rising, date(2026, 11, 1), 50, 100)  # this month: the current value stands for it
    snapshot(flat, date(2026, 9, 1), 10, 100)
    fact(rising, CODE, 50, 100)
    fact(flat, CODE, 10, 100)
    target(world.region, CODE, 60)

    dashboard = municipality_dashboard(municipality=world.other_municipality, period=PERIOD, today=TODAY)
    cell = _row(dashboard).cell
    september, october, today = (
        (date(2026, 9, 30) - START).days / LENGTH,
        (date(2026, 10, 31) - START).days / LENGTH,
        (TODAY - START).days / LENGTH,
    )
    expected = _line_at_end([(september, 15.0), (october, 22.5), (today, 30.0)])
    assert cell.value == 30.0
    assert cell.status.forecast == pytest.approx(expected)
    # 30 % today is short of 60 %, but the line of the autumn reaches it: at risk, not off track.
    assert expected > 60 and cell.status.code == AT_RISK
    # The school's own line, at the school level of the same page.
    rising_cell = next(u for u in dashboard.units if u.unit.pk == rising.pk).cells[CODE]
    assert rising_cell.status.forecast == pytest.approx(
        _line_at_end([(september, 20.0), (october, 35.0), (today, 50.0)])
    )
    flat_cell = next(u for u in dashboard.units if u.unit.pk == flat.pk).cells[CODE]
    assert flat_cell.status.forecast == pytest.approx(10.0) and flat_cell.status.code == OFF_TRACK


def test_the_off_track_list_uses_the_same_forecast_as_the_cells(world):
    falling = bare_school(slug="falling", name="Школа Спад", municipality=world.other_municipality)
    snapshot(falling, date(2026, 9, 1), 90, 100)
    snapshot(falling, date(2026, 10, 1), 75, 100)
    fact(falling, CODE, 62, 100)  # meets 60 % today, but the line ends far below
    target(world.region, CODE, 60)
    dashboard = region_dashboard(region=world.region, period=PERIOD, today=TODAY)
    listed = next(item for item in dashboard.off_track if item.school.pk == falling.pk)
    (indicator, cell) = listed.indicators[0]
    assert indicator.code == CODE and cell.status.code == OFF_TRACK and cell.status.forecast < 55


def test_last_years_value_alone_is_no_data_this_year(world):
    only_last_year = bare_school(
        slug="last-year", name="Школа Прошлый год", municipality=world.other_municipality
    )
    fact(only_last_year, CODE, 90, 100, period="2025/26")
    target(world.region, CODE, 60)
    dashboard = municipality_dashboard(municipality=world.other_municipality, period=PERIOD, today=TODAY)
    cell = next(u for u in dashboard.units if u.unit.pk == only_last_year.pk).cells[CODE]
    assert cell.value is None and cell.status.code == NO_DATA


def test_the_recompute_keeps_one_snapshot_a_month_only_while_the_year_runs(world):
    recompute.recompute_school(school=world.school_a, period=PERIOD, today=TODAY)
    recompute.recompute_school(school=world.school_a, period=PERIOD, today=TODAY + timedelta(days=3))
    november = FactSnapshot.objects.filter(school=world.school_a, period=PERIOD, month=date(2026, 11, 1))
    facts = world.school_a.indicator_facts.filter(period=PERIOD)
    assert november.count() == facts.count() > 0
    assert set(november.values_list("taken_on", flat=True)) == {TODAY + timedelta(days=3)}
    recompute.recompute_school(school=world.school_a, period=PERIOD, today=date(2026, 12, 2))
    assert FactSnapshot.objects.filter(school=world.school_a, period=PERIOD).count() == 2 * facts.count()
    # Last year's facts recomputed now: the year is over, its final figures need no snapshot.
    recompute.recompute_school(school=world.school_a, period="2025/26", today=TODAY)
    assert not FactSnapshot.objects.filter(school=world.school_a, period="2025/26").exists()


def test_a_finished_year_is_judged_by_its_final_figures_whatever_its_snapshots(world):
    school = bare_school(slug="finished", name="Школа Итог", municipality=world.other_municipality)
    last_year = "2025/26"
    FactSnapshot.objects.create(
        school=school,
        indicator=Indicator.objects.get(code=CODE),
        period=last_year,
        month=date(2025, 10, 1),
        taken_on=date(2025, 10, 20),
        numerator=90,
        denominator=100,
    )
    fact(school, CODE, 40, 100, period=last_year)
    target(world.region, CODE, 60, period=last_year)
    dashboard = region_dashboard(region=world.region, period=last_year, today=TODAY)
    listed = next(item for item in dashboard.off_track if item.school.pk == school.pk)
    assert (
        listed.indicators[0][1].status.code == OFF_TRACK and listed.indicators[0][1].status.forecast is None
    )
