"""Entry/exit analysis of monitoring (seed 001 §10, stage 2): pure computations on plain data.

Nothing here touches the database: selectors.monitoring loads answers and grades into pandas frames
and these functions turn them into paired scores, growth counts and statistics. Keeping them pure
lets tests check them on numbers whose right answer is known by construction.

The definitions every report states (see DEFINITIONS):
- a participant's score on a construct at a wave is the mean of their item values on it, each item
  oriented by its direction so that higher is always better (direction −1: (min + max) − value);
- change = exit − entry; the participant "grew" when change ≥ the construct's threshold;
- inference (confidence interval, paired test, effect size) needs at least MIN_PAIRS pairs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

ENTRY = "entry"
EXIT = "exit"
ACADEMIC = "academic"
DEFAULT_THRESHOLD = 0.5
MIN_PAIRS = 6  # fewer pairs: the Wilcoxon test and the bootstrap say nothing trustworthy
SMALL_GROUP = 5  # shares of fewer participants are flagged on every breakdown
NOT_ENOUGH = "недостаточно данных"
NO_CHANGE = "изменений нет"
BOOTSTRAP_RESAMPLES = 1000
BOOTSTRAP_SEED = 20261122  # fixed: the same data always gives the same interval
CONFIDENCE = 0.95
# A multinomial draw per distinct value costs about as much as this many direct resamples.
MULTINOMIAL_COST = 15
# Floating means of integers (e.g. 13/3 − 11/3) must not miss a threshold by a rounding error.
TOLERANCE = 1e-9

DEFINITIONS = [
    "Вход — ответы участника на анкеты рассылок программы с этапом «вход»; выход — с этапом «выход».",
    "Балл участника по показателю — среднее его ответов на вопросы этого показателя; вопросы, где "
    "лучше меньше (тревожность, дефициты), перевёрнуты: (минимум + максимум) − ответ, поэтому везде "
    "больше — лучше.",
    "Изменение = выход − вход. «Вырос» — изменение не меньше порога роста показателя "
    f"(по умолчанию {DEFAULT_THRESHOLD:g}, если правило не задано).",
    "Анонимные ответы нельзя сопоставить с человеком: они учтены только в сводках этапа 1.",
    f"Доверительный интервал среднего изменения — 95%, бутстреп ({BOOTSTRAP_RESAMPLES} повторов); "
    f"парный тест — критерий Уилкоксона; размер эффекта — ранговая бисериальная корреляция r и d Коэна (dz). "
    f"При числе пар меньше {MIN_PAIRS} — «{NOT_ENOUGH}».",
    "Академические результаты: средняя отметка по предметам, отмеченным в обоих периодах, в последнем "
    "периоде, закончившемся до начала работы в паре / группе (вход), и в последнем периоде, закончившемся "
    "к её окончанию, но позже входного (выход).",
]


# --- Scores -----------------------------------------------------------------------------------------


def orient(values, directions, lows, highs) -> np.ndarray:
    """Item values turned so that higher is better: for direction −1, (min + max) − value."""
    values = np.asarray(values, dtype=float)
    return np.where(np.asarray(directions) < 0, np.asarray(lows) + np.asarray(highs) - values, values)


def construct_scores(answers: pd.DataFrame) -> pd.DataFrame:
    """Per participant, construct and wave: the mean oriented value.

    `answers` has one row per item answer with columns participant, wave, construct, value,
    direction, low, high. Returns columns participant, construct, wave, score, low, high."""
    if answers.empty:
        return pd.DataFrame(columns=["participant", "construct", "wave", "score", "low", "high"])
    frame = answers.assign(
        score=orient(answers["value"], answers["direction"], answers["low"], answers["high"])
    )
    return (
        frame.groupby(["participant", "construct", "wave"], sort=False)
        .agg(score=("score", "mean"), low=("low", "min"), high=("high", "max"))
        .reset_index()
    )


def pair_scores(scores: pd.DataFrame) -> pd.DataFrame:
    """Entry and exit scores side by side, only for participants measured at both waves.

    Returns columns participant, construct, entry, exit, change."""
    columns = ["participant", "construct", ENTRY, EXIT, "change"]
    if scores.empty:
        return pd.DataFrame(columns=columns)
    wide = scores.set_index(["participant", "construct", "wave"])["score"].unstack("wave")
    if ENTRY not in wide or EXIT not in wide:
        return pd.DataFrame(columns=columns)
    paired = wide[[ENTRY, EXIT]].dropna().reset_index()
    paired.columns.name = None
    paired["change"] = paired[EXIT] - paired[ENTRY]
    return paired[columns]


def grew(changes, threshold: float) -> np.ndarray:
    """Which changes count as growth under the rule «change ≥ threshold»."""
    return np.asarray(changes, dtype=float) >= float(threshold) - TOLERANCE


# --- Statistics -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeSummary:
    """What a report says about one construct for one set of participants."""

    n: int
    grew: int
    threshold: float
    mean_entry: float | None = None
    mean_exit: float | None = None
    mean_change: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    test_note: str = ""
    rank_biserial: float | None = None
    cohen_dz: float | None = None

    @property
    def share(self) -> float | None:
        """Percent of participants who grew (None when nobody was measured)."""
        return round(100 * self.grew / self.n, 1) if self.n else None

    @property
    def count_text(self) -> str:
        """«12 из 20 (60%)»: the count behind the share, always shown with it."""
        if not self.n:
            return "нет измерений"
        return count_text(self.grew, self.n)

    @property
    def is_small(self) -> bool:
        return self.n < SMALL_GROUP

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < 1 - CONFIDENCE

    @property
    def ci_text(self) -> str:
        if self.ci_low is None:
            return self.test_note or NOT_ENOUGH
        return f"[{ru_number(self.ci_low)}; {ru_number(self.ci_high)}]"

    @property
    def p_text(self) -> str:
        if self.p_value is None:
            return self.test_note or NOT_ENOUGH
        shown = "p < 0,001" if self.p_value < 0.001 else f"p = {ru_number(self.p_value, 3)}"
        return f"{shown} ({self.test_note})" if self.test_note else shown

    @property
    def effect_text(self) -> str:
        if self.rank_biserial is None:
            return NOT_ENOUGH
        dz = ru_number(self.cohen_dz) if self.cohen_dz is not None else "— (все изменения одинаковы)"
        return f"r = {ru_number(self.rank_biserial)}; dz = {dz}"

    def as_dict(self) -> dict:
        return {
            "n": self.n,
            "grew": self.grew,
            "share": self.share,
            "count_text": self.count_text,
            "threshold": self.threshold,
            "mean_entry": self.mean_entry,
            "mean_exit": self.mean_exit,
            "mean_change": self.mean_change,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "p_value": self.p_value,
            "test_note": self.test_note,
            "rank_biserial": self.rank_biserial,
            "cohen_dz": self.cohen_dz,
            "small": self.is_small,
        }


def count_text(part: int, whole: int) -> str:
    """«12 из 20 (60%)», «2 из 3 (66,7%)»: a share always with the count behind it."""
    if not whole:
        return "нет измерений"
    share = f"{round(100 * part / whole, 1):g}".replace(".", ",")
    return f"{part} из {whole} ({share}%)"


def ru_number(value: float, digits: int = 2) -> str:
    """0.5 → «0,50»: numbers as a Russian reader writes them."""
    return f"{value:.{digits}f}".replace(".", ",").replace("-", "−")


def _round(value: float | None, digits: int = 3) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)


def bootstrap_cis(
    groups: Sequence,
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
    level: float = CONFIDENCE,
) -> list[tuple[float, float]]:
    """Percentile bootstrap interval of the mean of each group: `resamples` means of n values drawn
    with replacement. Seeded per group, so the same data always show the same interval.

    Two exact ways to draw, whichever is cheaper for the group: resample positions directly (cost
    resamples × n), or draw how many times each distinct value is taken from a multinomial with the
    observed frequencies (cost resamples × distinct values, but each is a binomial draw, ~15 times
    dearer). Changes are means of a few integer items and take few distinct values, so large groups
    go the second way and the programme report stays around a second for 1,500 participants."""
    intervals = []
    for group in groups:
        group = np.asarray(group, dtype=float)
        n = len(group)
        rng = np.random.default_rng(seed)
        values, counts = np.unique(group, return_counts=True)
        if n <= MULTINOMIAL_COST * len(values):
            # Small index and value types halve the memory traffic, which is the whole cost here.
            positions = rng.integers(0, n, size=(resamples, n), dtype=np.int16 if n < 2**15 else np.int32)
            means = group.astype(np.float32).take(positions).sum(axis=1, dtype=np.float64) / n
        else:
            means = rng.multinomial(n, counts / n, size=resamples) @ values / n
        tail = (1 - level) / 2 * 100
        low, high = np.percentile(means, [tail, 100 - tail])
        intervals.append((float(low), float(high)))
    return intervals


def bootstrap_ci(changes, **options) -> tuple[float, float]:
    """The percentile bootstrap interval of the mean of one group (see bootstrap_cis)."""
    return bootstrap_cis([changes], **options)[0]


# Up to this many non-zero changes the sign-flip distribution is enumerated exactly (2^13 = 8,192
# patterns): exact with ties, and fast. SciPy's "auto" would run a permutation test there, which costs
# seconds per report cell.
EXACT_ENUMERATION_LIMIT = 13


def _signed_rank_exact_p(nonzero: np.ndarray) -> float:
    """Two-sided p of the signed-rank statistic over all 2^n equally likely sign patterns."""
    ranks = stats.rankdata(np.abs(nonzero))
    n = len(ranks)
    patterns = (np.arange(2**n)[:, None] >> np.arange(n)) & 1
    statistics = patterns @ ranks
    expected = ranks.sum() / 2
    observed = ranks[nonzero > 0].sum()
    return float(np.mean(np.abs(statistics - expected) >= abs(observed - expected) - 1e-9))


def wilcoxon_ps(groups: Sequence) -> list[tuple[float | None, str]]:
    """Two-sided Wilcoxon signed-rank test of each group of paired changes: (p-value, note).

    Zero changes are dropped (Wilcoxon's method). Small samples get the exact distribution by
    enumeration (ties included); larger ones SciPy's exact test when there are no ties, else the
    normal approximation with tie correction."""
    results: list[tuple[float | None, str]] = []
    for raw in groups:
        group = np.asarray(raw, dtype=float)
        nonzero = group[np.abs(group) >= TOLERANCE]
        if len(group) < MIN_PAIRS:
            results.append((None, NOT_ENOUGH))
        elif len(nonzero) == 0:
            results.append((1.0, NO_CHANGE))
        elif len(nonzero) <= EXACT_ENUMERATION_LIMIT:
            results.append((_signed_rank_exact_p(nonzero), ""))
        else:
            ties = len(np.unique(np.round(np.abs(nonzero), 9))) < len(nonzero)
            method = "asymptotic" if ties or len(nonzero) > 50 else "exact"
            p = stats.wilcoxon(nonzero, alternative="two-sided", method=method).pvalue
            results.append((float(p), "") if math.isfinite(p) else (None, NOT_ENOUGH))
    return results


def wilcoxon_p(changes) -> tuple[float | None, str]:
    """The Wilcoxon signed-rank test of one group (see wilcoxon_ps)."""
    return wilcoxon_ps([changes])[0]


def average_ranks(values) -> np.ndarray:
    """Ranks 1…n with ties given their average rank (as scipy.stats.rankdata), without its overhead:
    the report ranks changes for every construct of every form and role model."""
    values = np.asarray(values, dtype=float)
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    below = np.concatenate(([0], np.cumsum(counts)[:-1]))
    return (below + (counts + 1) / 2)[inverse]


def rank_biserial(changes) -> float:
    """Matched-pairs rank-biserial correlation: (W+ − W−) / (W+ + W−) over the non-zero changes."""
    changes = np.asarray(changes, dtype=float)
    nonzero = changes[np.abs(changes) >= TOLERANCE]
    if not len(nonzero):
        return 0.0
    ranks = average_ranks(np.abs(nonzero))
    positive = ranks[nonzero > 0].sum()
    negative = ranks[nonzero < 0].sum()
    return float((positive - negative) / (positive + negative))


def cohen_dz(changes) -> float | None:
    """Mean change over its standard deviation; undefined (None) when every change is the same."""
    changes = np.asarray(changes, dtype=float)
    if len(changes) < 2:
        return None
    spread = changes.std(ddof=1)
    if spread < TOLERANCE:
        return None
    return float(changes.mean() / spread)


def summarise_many(cells: Sequence[tuple]) -> list[ChangeSummary]:
    """One summary per (entry, exit, threshold): counts, growth and, from MIN_PAIRS pairs on, the
    interval, the paired test and effect sizes. Intervals and tests are computed for all cells at once."""
    prepared = [
        (np.asarray(entry, dtype=float), np.asarray(exit, dtype=float), float(threshold))
        for entry, exit, threshold in cells
    ]
    changes = [exit - entry for entry, exit, _ in prepared]
    tests = wilcoxon_ps(changes)
    inferred = [index for index, change in enumerate(changes) if len(change) >= MIN_PAIRS]
    intervals = dict(zip(inferred, bootstrap_cis([changes[i] for i in inferred]), strict=True))
    summaries = []
    for index, (entry, exit, threshold) in enumerate(prepared):
        change = changes[index]
        if not len(change):
            summaries.append(ChangeSummary(n=0, grew=0, threshold=threshold, test_note=NOT_ENOUGH))
            continue
        p_value, note = tests[index]
        summary = {
            "n": len(change),
            "grew": int(grew(change, threshold).sum()),
            "threshold": threshold,
            "mean_entry": _round(entry.mean()),
            "mean_exit": _round(exit.mean()),
            "mean_change": _round(change.mean()),
            "p_value": _round(p_value, 5),
            "test_note": note,
        }
        if index in intervals:
            low, high = intervals[index]
            summary.update(
                ci_low=_round(low),
                ci_high=_round(high),
                rank_biserial=_round(rank_biserial(change)),
                cohen_dz=_round(cohen_dz(change)),
            )
        summaries.append(ChangeSummary(**summary))
    return summaries


def summarise(entry, exit, *, threshold: float) -> ChangeSummary:
    """The summary of one set of pairs (see summarise_many)."""
    return summarise_many([(entry, exit, threshold)])[0]


def threshold_of(construct: str, thresholds: Mapping[str, float]) -> float:
    return float(thresholds.get(construct, DEFAULT_THRESHOLD))


def summarise_pairs(pairs: pd.DataFrame, thresholds: Mapping[str, float]) -> dict[str, ChangeSummary]:
    """Per construct of a paired frame (participant, construct, entry, exit, change)."""
    parts = list(pairs.groupby("construct", sort=False))
    summaries = summarise_many(
        [
            (part[ENTRY].to_numpy(), part[EXIT].to_numpy(), threshold_of(construct, thresholds))
            for construct, part in parts
        ]
    )
    return {construct: summary for (construct, _), summary in zip(parts, summaries, strict=True)}


def mark_growth(pairs: pd.DataFrame, thresholds: Mapping[str, float]) -> pd.DataFrame:
    """The paired frame with a boolean column `grew` under each construct's rule."""
    limits = pairs["construct"].map({c: float(t) for c, t in thresholds.items()}).fillna(DEFAULT_THRESHOLD)
    return pairs.assign(grew=pairs["change"].astype(float) >= limits - TOLERANCE)


def people_grown(marked: pd.DataFrame, constructs) -> tuple[int, int]:
    """(who grew, who was measured) among people with at least one of `constructs` at entry and exit.

    A person counts once: measured on any of the constructs, grown on any of them (fewer deficits
    and more competencies are one result). `marked` is mark_growth's frame."""
    relevant = marked[marked["construct"].isin([str(c) for c in constructs])]
    if relevant.empty:
        return 0, 0
    per_person = relevant.groupby("participant")["grew"].any()
    return int(per_person.sum()), len(per_person)


def growth_counts(pairs: pd.DataFrame, thresholds: Mapping[str, float], by: str) -> pd.DataFrame:
    """Without inference, for long lists (e.g. every pair): per `by` value, measurements and growths
    pooled over constructs. Columns: by, participants, measured, grew."""
    if pairs.empty:
        return pd.DataFrame(columns=[by, "participants", "measured", "grew"])
    marked = mark_growth(pairs, thresholds)
    return (
        marked.groupby(by)
        .agg(participants=("participant", "nunique"), measured=("grew", "size"), grew=("grew", "sum"))
        .reset_index()
    )


# --- Academic results from marks -------------------------------------------------------------------


def _last_period(periods: pd.DataFrame, ends_by: str) -> pd.DataFrame:
    """Per participant, the period that ended last among `periods` (ties: the one with more marks)."""
    chosen = periods.sort_values(["participant", "period_end", "marks", "period_key"])
    return (
        chosen.drop_duplicates("participant", keep="last")
        .set_index("participant")[["period_key", "period", "period_end"]]
        .add_prefix(f"{ends_by}_")
    )


def academic_pairs(grades: pd.DataFrame, windows: pd.DataFrame) -> pd.DataFrame:
    """Mean mark at entry and at exit per student, over subjects marked in both periods.

    grades: participant, subject, period, period_end (date), value.
    windows: participant, start, end (dates) — when their mentoring began and ends (or ended).
    Entry period: the last one that ended on or before `start`; exit period: the last one that
    ended on or before `end` and after the entry period. Registers spell subjects and periods with
    different letter case, so both are compared case-insensitively. Returns participant, construct
    ("academic"), entry, exit, change, entry_period, exit_period, exit_end."""
    columns = ["participant", "construct", ENTRY, EXIT, "change", "entry_period", "exit_period", "exit_end"]
    if grades.empty or windows.empty:
        return pd.DataFrame(columns=columns)
    marks = grades.assign(
        period_key=grades["period"].str.casefold(),
        subject_key=grades["subject"].str.casefold(),
        period_end=pd.to_datetime(grades["period_end"]),
        value=grades["value"].astype(float),
    )
    periods = (
        marks.groupby(["participant", "period_key"])
        .agg(period=("period", "first"), period_end=("period_end", "max"), marks=("value", "size"))
        .reset_index()
        .merge(
            windows.assign(start=pd.to_datetime(windows["start"]), end=pd.to_datetime(windows["end"])),
            on="participant",
        )
    )
    entry = _last_period(periods[periods["period_end"] <= periods["start"]], "entry")
    periods = periods.join(entry, on="participant", how="inner")
    after = periods[
        (periods["period_end"] > periods["entry_period_end"]) & (periods["period_end"] <= periods["end"])
    ]
    chosen = entry.join(_last_period(after, "exit"), how="inner")
    if chosen.empty:
        return pd.DataFrame(columns=columns)
    at_entry = marks.merge(
        chosen["entry_period_key"].rename("period_key").reset_index(), on=["participant", "period_key"]
    )
    at_exit = marks.merge(
        chosen["exit_period_key"].rename("period_key").reset_index(), on=["participant", "period_key"]
    )
    both = at_entry.merge(at_exit, on=["participant", "subject_key"], suffixes=("_entry", "_exit"))
    if both.empty:
        return pd.DataFrame(columns=columns)
    means = both.groupby("participant").agg(entry=("value_entry", "mean"), exit=("value_exit", "mean"))
    result = means.join(chosen).reset_index()
    result["construct"] = ACADEMIC
    result["change"] = result[EXIT] - result[ENTRY]
    result["exit_end"] = result["exit_period_end"].dt.date
    return result[columns]


# --- Distributions for charts and stage-1 summaries ------------------------------------------------


def value_counts(values: Sequence[float], low: int, high: int) -> list[int]:
    """How many values fall on each point low…high (means are rounded half up to the nearest point)."""
    points = np.clip(np.floor(np.asarray(values, dtype=float) + 0.5), low, high)
    return np.bincount((points - low).astype(int), minlength=high - low + 1).tolist()
