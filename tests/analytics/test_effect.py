"""Difference in differences on constructed schools whose answer is known."""

import pandas as pd
import pytest

from analytics.services.effect import did

COLUMNS = ["school_id", "indicator", "period", "numerator", "denominator"]


def constructed(treated_gain: int, control_gain: int, *, schools: int = 6, noise: bool = False):
    rows = []
    for school in range(1, schools * 2 + 1):
        in_pair = school <= schools
        before = 40 + (school % 3 if noise else 0)
        gain = treated_gain if in_pair else control_gain
        gain += (school % 2) * 2 if noise else 0
        rows.append((school, "x", "before", before, 100))
        rows.append((school, "x", "after", before + gain, 100))
    return pd.DataFrame(rows, columns=COLUMNS), range(1, schools + 1), range(schools + 1, schools * 2 + 1)


def test_the_effect_is_the_change_with_a_pair_minus_the_change_without():
    data, treated, control = constructed(15, 5)
    (effect,) = did(data, treated=treated, control=control, before="before", after="after")
    assert effect.difference == pytest.approx(10.0)
    assert (effect.treated_schools, effect.control_schools) == (6, 6)
    # Every school moved by exactly its group's gain: every resample gives the same answer.
    assert effect.low == pytest.approx(10.0) and effect.high == pytest.approx(10.0)
    assert effect.significant
    assert "школ с парой — 6, без пары — 6" in effect.sentence("Доля")
    assert "+10,0 п. п." in effect.sentence("Доля")


def test_the_interval_is_seeded_and_holds_the_estimate():
    data, treated, control = constructed(8, 5, noise=True)
    first = did(data, treated=treated, control=control, before="before", after="after")[0]
    again = did(data, treated=treated, control=control, before="before", after="after")[0]
    assert (first.low, first.high) == (again.low, again.high)
    assert first.low <= first.difference <= first.high


def test_schools_count_by_their_people_not_by_their_percentage():
    # Treated: a big school 50→60 of 1000 and a small one 0→5 of 5 (and a third 50→60 of 10):
    # pooled before 1000/2015... the pooled change is dominated by the big schools.
    rows = [
        (1, "x", "b", 500, 1000),
        (1, "x", "a", 600, 1000),
        (2, "x", "b", 0, 5),
        (2, "x", "a", 5, 5),
        (3, "x", "b", 5, 10),
        (3, "x", "a", 6, 10),
        (4, "x", "b", 50, 100),
        (4, "x", "a", 50, 100),
        (5, "x", "b", 50, 100),
        (5, "x", "a", 50, 100),
        (6, "x", "b", 50, 100),
        (6, "x", "a", 50, 100),
    ]
    data = pd.DataFrame(rows, columns=COLUMNS)
    (effect,) = did(data, treated=[1, 2, 3], control=[4, 5, 6], before="b", after="a")
    expected = (611 / 1015 - 505 / 1015) * 100
    assert effect.difference == pytest.approx(expected)


def test_schools_missing_a_period_are_left_out_and_too_few_give_no_estimate():
    data, treated, control = constructed(15, 5, schools=3)
    data = data[~((data.school_id == 1) & (data.period == "after"))]
    (effect,) = did(data, treated=treated, control=control, before="before", after="after")
    assert effect.treated_schools == 2 and not effect.estimated
    assert "оценить эффект нельзя" in effect.sentence("Доля")


def test_a_school_cannot_be_in_both_groups():
    data, _, _ = constructed(1, 1)
    with pytest.raises(ValueError):
        did(data, treated=[1, 2], control=[2, 3], before="before", after="after")
