"""The effect of organisation–organisation mentoring on ШНОР schools: difference in differences.

Pure functions over a frame of facts (no database): the caller says which ШНОР schools are in an
organisation pair (`treated`), which ШНОР schools are not (`control`), and which periods are «before»
and «after». Schema: none.

For each indicator:
- each group's change is its share after minus its share before, each share the ratio of the summed
  numerators to the summed denominators of the group's schools (the roll-up rule: percentages are
  never averaged, a school counts by its people);
- only schools with data in both periods count, so the two shares describe the same schools;
- the effect is the change of the schools with a pair minus the change of the schools without one
  (difference in differences, percentage points): what the pairs added beyond what happened anyway;
- its 95 % confidence interval comes from a bootstrap over schools: both groups are resampled with
  replacement, each on its own, BOOTSTRAP_ROUNDS times with a fixed seed (the same data always gives
  the same interval), and the 2.5th and 97.5th percentiles of the recomputed effect are the bounds;
- fewer than MIN_SCHOOLS schools in either group: no estimate, only the counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

BOOTSTRAP_ROUNDS = 2000
SEED = 20261122
MIN_SCHOOLS = 3


@dataclass(frozen=True)
class Effect:
    indicator: str
    treated_schools: int
    control_schools: int
    treated_before: float | None
    treated_after: float | None
    control_before: float | None
    control_after: float | None
    difference: float | None  # percentage points
    low: float | None
    high: float | None

    @property
    def estimated(self) -> bool:
        return self.difference is not None

    @property
    def treated_change(self) -> float | None:
        return _minus(self.treated_after, self.treated_before)

    @property
    def control_change(self) -> float | None:
        return _minus(self.control_after, self.control_before)

    @property
    def significant(self) -> bool:
        return self.estimated and (self.low > 0 or self.high < 0)

    def sentence(self, title: str) -> str:
        """The finding in plain Russian, for the page and the ministry report."""
        if not self.estimated:
            return (
                f"«{title}»: оценить эффект нельзя — данных за оба периода нет хотя бы у {MIN_SCHOOLS} "
                f"школ в каждой группе (с парой: {self.treated_schools}, без пары: {self.control_schools})."
            )
        verdict = (
            "Интервал не включает ноль: разница не объясняется случайным составом школ."
            if self.significant
            else "Интервал включает ноль: по этим данным нельзя утверждать, что пары что-то изменили."
        )
        return (
            f"«{title}»: в школах ШНОР с парой «организация – организация» показатель изменился на "
            f"{_pp(self.treated_change)}, в школах ШНОР без пары — на {_pp(self.control_change)}. "
            f"Разница изменений (эффект пар): {_pp(self.difference)} (95 % доверительный интервал: от "
            f"{_pp(self.low)} до {_pp(self.high)}; школ с парой — {self.treated_schools}, без пары — "
            f"{self.control_schools}). "
            f"{verdict}"
        )


def _minus(a, b):
    return None if a is None or b is None else a - b


def _pp(value: float, *, signed: bool = True) -> str:
    text = f"{value:+.1f}" if signed else f"{value:.1f}"
    return text.replace(".", ",").replace("-", "−") + " п. п."


def _pooled(numerators: np.ndarray, denominators: np.ndarray) -> np.ndarray:
    """Pooled shares (percent) along the last axis."""
    return numerators.sum(axis=-1) * 100.0 / denominators.sum(axis=-1)


def did(
    facts: pd.DataFrame,
    *,
    treated: Iterable[int],
    control: Iterable[int],
    before: str,
    after: str,
    rounds: int = BOOTSTRAP_ROUNDS,
    seed: int = SEED,
) -> list[Effect]:
    """One Effect per indicator present in the facts (frame columns: school_id, indicator, period,
    numerator, denominator), in the order of the indicators' codes."""
    treated, control = set(treated), set(control)
    if treated & control:
        raise ValueError("Школа не может быть одновременно в паре и без пары.")
    rows = facts[facts["period"].isin([before, after]) & (facts["denominator"] > 0)]
    rows = rows.astype({"indicator": object, "period": object})
    # One grouping for every indicator at once (not a pivot per indicator): per (indicator, school)
    # the summed counts of each period; a school counts only with data in both periods.
    wide = (
        rows.groupby(["indicator", "school_id", "period"], sort=True)[["numerator", "denominator"]]
        .sum()
        .unstack("period")
        .dropna()
    )
    present = set(wide.columns.get_level_values("period"))
    complete = before in present and after in present
    by_indicator = (
        {code: part.droplevel("indicator") for code, part in wide.groupby(level="indicator", sort=False)}
        if complete
        else {}
    )
    effects = []
    for code in sorted(facts["indicator"].unique()):
        part = by_indicator.get(code)
        groups = {}
        for name, ids in (("treated", treated), ("control", control)):
            chosen = part[part.index.isin(ids)] if part is not None else None
            if chosen is None or chosen.empty:
                groups[name] = np.zeros((4, 0))
                continue
            groups[name] = np.vstack(
                [
                    chosen[("numerator", before)].to_numpy(dtype="float64"),
                    chosen[("denominator", before)].to_numpy(dtype="float64"),
                    chosen[("numerator", after)].to_numpy(dtype="float64"),
                    chosen[("denominator", after)].to_numpy(dtype="float64"),
                ]
            )
        effects.append(_effect(code, groups["treated"], groups["control"], rounds=rounds, seed=seed))
    return effects


def _shares(group: np.ndarray) -> tuple[float, float] | tuple[None, None]:
    if group.shape[1] == 0:
        return None, None
    before = float(_pooled(group[0], group[1]))
    after = float(_pooled(group[2], group[3]))
    return before, after


def _effect(code: str, treated: np.ndarray, control: np.ndarray, *, rounds: int, seed: int) -> Effect:
    t_before, t_after = _shares(treated)
    c_before, c_after = _shares(control)
    n_t, n_c = treated.shape[1], control.shape[1]
    if n_t < MIN_SCHOOLS or n_c < MIN_SCHOOLS:
        return Effect(code, n_t, n_c, t_before, t_after, c_before, c_after, None, None, None)
    difference = (t_after - t_before) - (c_after - c_before)
    rng = np.random.default_rng(seed)
    # Each round draws schools with replacement within each group. A round's sums are the draw counts
    # of each school times its four counts: one matrix product per group instead of gathering
    # rounds × schools × 4 values. The counts are whole numbers far below 2**53, so the sums, and
    # hence every share and both bounds, are exactly those of adding the drawn schools one by one.
    t_sums = _drawn_sums(treated, rng.integers(0, n_t, size=(rounds, n_t)))  # rounds × 4
    c_sums = _drawn_sums(control, rng.integers(0, n_c, size=(rounds, n_c)))
    t_change = t_sums[:, 2] * 100.0 / t_sums[:, 3] - t_sums[:, 0] * 100.0 / t_sums[:, 1]
    c_change = c_sums[:, 2] * 100.0 / c_sums[:, 3] - c_sums[:, 0] * 100.0 / c_sums[:, 1]
    low, high = np.percentile(t_change - c_change, [2.5, 97.5])
    return Effect(
        code, n_t, n_c, t_before, t_after, c_before, c_after, float(difference), float(low), float(high)
    )


def _drawn_sums(group: np.ndarray, picks: np.ndarray) -> np.ndarray:
    """Per round (row of `picks`), the sums of the four counts of the drawn schools."""
    rounds, size = picks.shape
    offsets = (np.arange(rounds) * size)[:, None]
    drawn = np.bincount((picks + offsets).ravel(), minlength=rounds * size).reshape(rounds, size)
    # einsum, not BLAS: on a busy two-core machine the threaded matrix product waits for cores.
    return np.einsum("rs,ks->rk", drawn.astype("float64"), group)
