"""Roll-ups whose right answers are known by construction: sums of numerators and denominators at
every level, unequal denominators, suppression of small counts and of the cells that would give them
back by subtraction."""

import math

import pandas as pd
import pytest

from analytics.services.rollups import (
    distribution,
    municipality_view,
    region_view,
    rollup,
    school_view,
    trend,
)

COLUMNS = ["school_id", "municipality_id", "indicator", "period", "numerator", "denominator"]


def facts(rows):
    return pd.DataFrame(rows, columns=COLUMNS)


def value_of(frame, **where):
    for key, wanted in where.items():
        frame = frame[frame[key] == wanted]
    assert len(frame) == 1, frame
    return frame.iloc[0]


def test_a_municipality_of_6_of_10_and_1_of_5_is_7_of_15_not_the_mean_of_percentages():
    data = facts([(1, 10, "x", "2026/27", 6, 10), (2, 10, "x", "2026/27", 1, 5)])
    row = value_of(rollup(data, level="municipality"), municipality_id=10)
    assert (row.numerator, row.denominator, row.schools) == (7, 15, 2)
    assert round(row.value, 1) == 46.7  # not (60 + 20) / 2 = 40


def test_every_level_sums_numerators_and_denominators_with_unequal_denominators():
    data = facts(
        [
            (1, 10, "x", "2026/27", 6, 10),
            (2, 10, "x", "2026/27", 1, 5),
            (3, 20, "x", "2026/27", 90, 100),
            (4, 20, "x", "2026/27", 0, 0),  # reports nothing: no weight, not a zero
        ]
    )
    schools = rollup(data, level="school")
    assert round(value_of(schools, school_id=1).value, 1) == 60.0
    assert math.isnan(value_of(schools, school_id=4).value)
    municipalities = rollup(data, level="municipality")
    assert value_of(municipalities, municipality_id=20).schools == 1
    assert value_of(municipalities, municipality_id=20).value == 90.0
    region = value_of(rollup(data, level="region"), indicator="x")
    assert (region.numerator, region.denominator) == (97, 115)
    assert round(region.value, 1) == 84.3  # 97/115, not the mean of 60, 20 and 90


def test_a_municipality_with_fewer_than_5_people_is_hidden_and_so_is_the_next_one():
    # Municipality 30 has 3 people: hidden. With only it hidden, region − 10 − 20 would give it back,
    # so the smallest of the others (20: 8 people) is hidden too; 10 stays.
    data = facts(
        [
            (1, 10, "x", "p", 40, 100),
            (2, 20, "x", "p", 5, 8),
            (3, 30, "x", "p", 0, 3),
        ]
    )
    region, municipalities = region_view(data)
    hidden = dict(zip(municipalities.municipality_id, municipalities.suppressed, strict=True))
    assert hidden == {10: False, 20: True, 30: True}
    assert not value_of(region, indicator="x").suppressed


def test_a_numerator_under_5_is_a_small_count_too():
    data = facts([(1, 10, "x", "p", 2, 50), (2, 20, "x", "p", 30, 60), (3, 30, "x", "p", 30, 70)])
    _region, municipalities = region_view(data)
    assert list(municipalities.sort_values("municipality_id").suppressed) == [True, True, False]


def test_when_the_hidden_cells_together_are_still_small_the_total_is_hidden():
    # Two municipalities of 2 and 1 people: hiding both still leaves 3 people = region total.
    data = facts([(1, 10, "x", "p", 1, 2), (2, 20, "x", "p", 0, 1)])
    region, municipalities = region_view(data)
    assert municipalities.suppressed.all()
    assert value_of(region, indicator="x").suppressed


def test_no_hidden_value_can_be_recovered_by_subtraction_from_the_total():
    data = facts(
        [
            (1, 10, "x", "p", 3, 4),
            (2, 20, "x", "p", 50, 80),
            (3, 30, "x", "p", 60, 90),
            (4, 40, "x", "p", 70, 95),
        ]
    )
    region, municipalities = region_view(data)
    total = value_of(region, indicator="x")
    shown = municipalities[~municipalities.suppressed]
    hidden = municipalities[municipalities.suppressed]
    assert len(hidden) >= 2
    rest = (total.numerator - shown.numerator.sum(), total.denominator - shown.denominator.sum())
    # What subtraction gives is the hidden cells together, and that is no small count.
    assert rest[1] >= 5 and not (0 < rest[0] < 5)


def test_the_municipal_page_shows_its_schools_and_keeps_the_regional_suppression():
    data = facts([(1, 10, "x", "p", 6, 10), (2, 10, "x", "p", 1, 5), (3, 20, "x", "p", 2, 3)])
    own, schools = municipality_view(data, municipality_id=10)
    assert round(value_of(own, indicator="x").value, 1) == 46.7
    # Municipality 20 (3 people) is hidden and 10 with it, because the region total would give 20 back.
    assert value_of(own, indicator="x").suppressed
    assert list(schools.school_id) == [1, 2] and not schools.suppressed.any()


def test_a_school_sees_the_totals_unless_the_rest_would_be_a_small_count():
    data = facts(
        [
            (1, 10, "x", "p", 6, 10),
            (2, 10, "x", "p", 1, 5),
            (3, 20, "x", "p", 50, 100),
            (4, 20, "x", "p", 40, 100),
        ]
    )
    seen = school_view(data, school_id=1)
    assert round(value_of(seen["school"], indicator="x").value, 1) == 60.0
    # 7/15 − 6/10 = 1/5: the other school's figure, so the municipal total is hidden from school 1.
    assert value_of(seen["municipality"], indicator="x").suppressed
    assert not value_of(seen["region"], indicator="x").suppressed
    assert round(value_of(seen["region"], indicator="x").value, 1) == round(97 / 215 * 100, 1)
    seen_by_3 = school_view(data, school_id=3)
    assert not value_of(seen_by_3["municipality"], indicator="x").suppressed
    assert value_of(seen_by_3["municipality"], indicator="x").value == 45.0


def test_trend_orders_periods_and_leaves_hidden_values_out():
    data = facts(
        [
            (1, 10, "x", "2025/26", 40, 100),
            (1, 10, "x", "2026/27", 60, 100),
            (2, 20, "x", "2026/27", 1, 2),
        ]
    )
    region, _ = region_view(data)
    table = trend(region, periods=["2025/26", "2026/27"])
    assert list(table.columns) == ["2025/26", "2026/27"]
    assert table.loc["x", "2025/26"] == 40.0


def test_distribution_counts_schools_by_tenths():
    data = facts([(1, 10, "x", "p", 5, 100), (2, 10, "x", "p", 55, 100), (3, 10, "x", "p", 100, 100)])
    counts = distribution(rollup(data, level="school"))
    assert counts[0] == 1 and counts[5] == 1 and counts[9] == 1 and sum(counts) == 3


@pytest.mark.parametrize("n", [0, 5, 100])
def test_counts_of_zero_and_five_and_more_are_not_small(n):
    data = facts([(1, 10, "x", "p", n, 100), (2, 20, "x", "p", 50, 100)])
    _region, municipalities = region_view(data)
    assert not municipalities.suppressed.any()


def test_an_indicator_that_is_not_a_share_uses_its_multiplier():
    data = facts([(1, 10, "meetings", "p", 30, 10), (2, 10, "meetings", "p", 10, 10)])
    row = value_of(rollup(data, level="municipality", multipliers={"meetings": 1.0}), municipality_id=10)
    assert row.value == 2.0  # 40 meetings over 20 pair-months
