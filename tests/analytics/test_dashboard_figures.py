"""The regional figures kept per data version: the same answers as computing in the request, a new
version as soon as the facts change, and the vectorised pieces equal to the one-figure rules."""

import random

import numpy as np
import pandas as pd
import pytest
from django.utils import timezone

from analytics import dashboards
from analytics.models import IndicatorFact
from analytics.services.effect import did
from analytics.services.status import Measurement, status, statuses

from .support import PERIOD, fact, known_region


@pytest.mark.parametrize("elapsed", [0.0, 0.05, 0.0999, 0.1, 0.5, 0.77, 1.0])
@pytest.mark.parametrize("over", [False, True])
@pytest.mark.parametrize("months", [0, 1, 3, 11])
def test_all_schools_statuses_at_once_equal_the_one_figure_rule(elapsed, over, months):
    rng = random.Random(f"{elapsed}-{over}-{months}")

    def value():
        return rng.choice(
            [np.nan, rng.uniform(0, 120), round(rng.uniform(0, 100), 1), 59.95, 60.05, 0.0, 100.0]
        )

    targets = [rng.choice([30.0, 60.0, 70.0, 80.0]) for _ in range(2000)]
    # Interim points are ends of months already over: always before the current value's day.
    xs = sorted(rng.uniform(0, elapsed * 0.99) for _ in range(months)) if elapsed > 0 else []
    months = len(xs)
    interim = [[value() for _ in xs] for _ in targets]
    current = [value() for _ in targets]
    higher = [rng.random() < 0.8 for _ in targets]
    codes, forecasts = statuses(
        target=targets,
        interim=np.array(interim).reshape(len(targets), months),
        interim_elapsed=xs,
        current=current,
        elapsed=elapsed,
        period_over=over,
        higher_is_better=higher,
    )
    for i, aim in enumerate(targets):
        points = (
            []
            if over
            else [Measurement(x, v) for x, v in zip(xs, interim[i], strict=True) if not np.isnan(v)]
        )
        points += [Measurement(elapsed, current[i])] if not np.isnan(current[i]) else []
        one = status(target=aim, measurements=points, period_over=over, higher_is_better=higher[i])
        assert (codes[i], None if np.isnan(forecasts[i]) else forecasts[i]) == (one.code, one.forecast)


def test_the_bootstrap_equals_adding_the_drawn_schools_one_by_one():
    rng = np.random.default_rng(5)
    rows = []
    for school in range(40):
        for period in ("before", "after"):
            denominator = int(rng.integers(1, 300))
            rows.append((school, "x", period, int(rng.integers(0, denominator + 1)), denominator))
    data = pd.DataFrame(rows, columns=["school_id", "indicator", "period", "numerator", "denominator"])
    (effect,) = did(
        data, treated=range(10), control=range(10, 40), before="before", after="after", rounds=300
    )

    wide = data.pivot_table(index="school_id", columns="period", values=["numerator", "denominator"])
    groups = [
        np.vstack(
            [
                wide[(c, p)].to_numpy(dtype=float)[list(ids)]
                for p in ("before", "after")
                for c in ("numerator", "denominator")
            ]
        )
        for ids in (range(10), range(10, 40))
    ]
    draw = np.random.default_rng(20261122)
    changes = []
    for group in groups:
        picks = group[:, draw.integers(0, group.shape[1], size=(300, group.shape[1]))]
        changes.append(
            picks[2].sum(-1) * 100.0 / picks[3].sum(-1) - picks[0].sum(-1) * 100.0 / picks[1].sum(-1)
        )
    low, high = np.percentile(changes[0] - changes[1], [2.5, 97.5])
    assert (effect.low, effect.high) == (low, high)


@pytest.mark.django_db
def test_a_page_after_new_facts_shows_them_and_then_reuses_the_stored_figures(world, client_of, monkeypatch):
    known_region(world)
    client = client_of("analyst")
    assert "45,1" in client.get(f"/analytics/region/?period={PERIOD}").content.decode()  # 97/215

    computed = []
    real = dashboards._compute_figures
    monkeypatch.setattr(dashboards, "_compute_figures", lambda **kw: computed.append(1) or real(**kw))
    client.get(f"/analytics/region/?period={PERIOD}")
    assert computed == []  # the same data version: nothing computed again

    # A recompute writes new counts for school A (6/10 → 16/20): region 107/225 = 47.6 %.
    IndicatorFact.objects.filter(school=world.school_a, indicator__code="competency_growth").update(
        numerator=16, denominator=20, computed_at=timezone.now()
    )
    html = client.get(f"/analytics/region/?period={PERIOD}").content.decode()
    assert computed == [1] and "47,6" in html and "107 из 225" in html

    fact(world.school_b, "academic_improvement", 3, 9)  # a new fact is a new version too
    client.get(f"/analytics/region/?period={PERIOD}")
    assert computed == [1, 1]


@pytest.mark.django_db
def test_the_recompute_task_stores_the_new_figures_before_any_page(world):
    known_region(world)
    dashboards.warm_figures(period=PERIOD)
    figures = dashboards.region_figures(region=world.region, period=PERIOD)
    numerator, denominator, _value, suppressed = figures.region_index[("competency_growth", PERIOD)]
    assert (numerator, denominator, suppressed) == (97, 215, False)
