"""Roll-ups of per-school facts: school → municipality → region, with small counts suppressed.

Pure functions over pandas frames (no database, no clock): the selectors read the facts into a frame
of the shape below, these functions answer, and pages, the API and the exports all show the same
numbers. Schema: none (the caller reads public rows).

The input frame, one row per (school, indicator, period):
    school_id, municipality_id, indicator, period, numerator, denominator

The rule of a roll-up: numerators are summed and denominators are summed, and the share is the one
ratio of the two sums. Percentages are never averaged: a municipality of two schools at 6/10 and 1/5
is 7/15 = 46.7 %, not (60 % + 20 %) / 2 = 40 %, because the second school has half the people.

Suppression (architecture.md, "Analytics flow"): above the school level a figure counting fewer than
five people could point at a person, so a share whose numerator is 1–4 or whose denominator is 1–4
is not shown. Hiding that cell alone is not enough when the total beside it is shown: the region's
total minus the other municipalities gives the hidden one back. So within each group that adds up to
a shown total (the municipalities of the region for one indicator and period), when the hidden cells
together are still recoverable — only one is hidden, or their sum is itself a small count — the next
smallest shown cell is hidden too (complementary suppression); when nothing is left to hide, the total
is hidden. A school's own staff see their school and the totals: for them a total is hidden when the
total minus their own school is a small count (the rest of the municipality would be recoverable).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

SMALL_COUNT = 5  # counts 1..4 are suppressed above the school level
FACT_COLUMNS = ["school_id", "municipality_id", "indicator", "period", "numerator", "denominator"]
LEVEL_KEYS = {
    "school": ["school_id", "municipality_id"],
    "municipality": ["municipality_id"],
    "region": [],
}


def empty_facts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            column: pd.Series(dtype="int64" if column != "indicator" and column != "period" else "object")
            for column in FACT_COLUMNS
        }
    )


def share(numerator, denominator):
    """Percent, one decimal kept by the caller; NaN where the denominator is 0 (no data)."""
    numerator = np.asarray(numerator, dtype="float64")
    denominator = np.asarray(denominator, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(
            denominator > 0, numerator * 100.0 / np.where(denominator > 0, denominator, 1), np.nan
        )


def is_small(numerator, denominator):
    """A count of 1–4 people in the numerator or the denominator (0 is not a person)."""
    numerator = np.asarray(numerator)
    denominator = np.asarray(denominator)
    return ((numerator > 0) & (numerator < SMALL_COUNT)) | ((denominator > 0) & (denominator < SMALL_COUNT))


def rollup(
    facts: pd.DataFrame, *, level: str, multipliers: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Sums of numerators and denominators per (unit of `level`, indicator, period).

    Columns: the level's keys, indicator, period, numerator, denominator, schools (with a
    denominator > 0), value (percent, NaN for no data)."""
    keys = LEVEL_KEYS[level] + ["indicator", "period"]
    if facts.empty:
        frame = pd.DataFrame(columns=[*keys, "numerator", "denominator", "schools", "value"])
        return frame
    # Grouping by strings is the slow part of a roll-up at 10⁵ rows: indicator and period are grouped
    # by integer codes whose order is the order of the labels, then the labels are put back, so the
    # rows and their order are those of grouping by the labels themselves.
    work = pd.DataFrame({key: facts[key].to_numpy() for key in LEVEL_KEYS[level]})
    labels = {}
    for key in ("indicator", "period"):
        work[key], labels[key] = _codes(facts[key])
    work["numerator"] = facts["numerator"].to_numpy()
    work["denominator"] = facts["denominator"].to_numpy()
    work["reporting"] = (work["denominator"] > 0).astype("int64")
    frame = (
        work.groupby(keys, sort=True, dropna=False)
        .agg(numerator=("numerator", "sum"), denominator=("denominator", "sum"), schools=("reporting", "sum"))
        .reset_index()
    )
    for key, found in labels.items():
        frame[key] = found.take(frame[key].to_numpy())
    frame["value"] = share(frame["numerator"], frame["denominator"])
    if multipliers:
        # Not every indicator is a share: value = numerator / denominator × the indicator's multiplier.
        frame["value"] = (
            frame["value"] * frame["indicator"].map(multipliers).fillna(100.0).astype(float) / 100.0
        )
    return frame


def _codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """(integer codes, labels) with codes ordered as the labels sort."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = column.cat.categories
        codes = column.cat.codes.to_numpy()
        if categories.is_monotonic_increasing and not (codes < 0).any():
            return codes, categories
        column = column.astype(object)
    codes, found = pd.factorize(column, sort=True, use_na_sentinel=False)
    return codes, pd.Index(found)


def suppress_groups(
    cells: pd.DataFrame, *, group: list[str], total: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Mark `suppressed` on `cells` (rows that add up to a shown total within each `group`), primary
    and complementary; with `total` (one row per group), mark the total suppressed where needed.

    Returns `cells` with a bool column `suppressed`; `total`, when given, gets one too (attribute
    `.attrs["total"]` of the result)."""
    cells = cells.copy()
    cells["suppressed"] = is_small(cells["numerator"], cells["denominator"])
    hidden_totals: set[tuple] = set()
    for key, index in cells.groupby(group, sort=False, dropna=False).groups.items():
        key = key if isinstance(key, tuple) else (key,)
        rows = cells.loc[index]
        hidden = rows[rows["suppressed"]]
        if hidden.empty:
            continue
        shown = rows[~rows["suppressed"] & (rows["denominator"] > 0)].sort_values(
            ["denominator", "numerator"]
        )
        hidden_ids = list(hidden.index)
        for candidate in shown.index:
            if not _recoverable(cells.loc[hidden_ids]):
                break
            hidden_ids.append(candidate)
        cells.loc[hidden_ids, "suppressed"] = True
        if _recoverable(cells.loc[hidden_ids]):
            # Everything reporting is hidden and their sum is still a small count: the total would
            # give it back, so the total goes too.
            hidden_totals.add(key)
    if total is not None:
        total = total.copy()
        own = is_small(total["numerator"], total["denominator"])
        keyed = [tuple(row) for row in total[group].itertuples(index=False, name=None)]
        total["suppressed"] = own | np.array([key in hidden_totals for key in keyed], dtype=bool)
        cells.attrs["total"] = total
    return cells


def _recoverable(hidden: pd.DataFrame) -> bool:
    """Hidden cells can be told apart when there is one of them, or when together they are small."""
    if hidden.empty:
        return False
    if len(hidden) == 1:
        return True
    return bool(is_small(hidden["numerator"].sum(), hidden["denominator"].sum()))


def region_view(
    facts: pd.DataFrame, *, multipliers: Mapping[str, float] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(region rows, municipality rows), each with `value` and `suppressed`; the municipalities of
    the region for one indicator and period are one group adding up to the region's total."""
    region = rollup(facts, level="region", multipliers=multipliers)
    municipalities = rollup(facts, level="municipality", multipliers=multipliers)
    if municipalities.empty:
        municipalities["suppressed"] = pd.Series(dtype=bool)
        region["suppressed"] = pd.Series(dtype=bool)
        return region, municipalities
    municipalities = suppress_groups(municipalities, group=["indicator", "period"], total=region)
    region = municipalities.attrs.pop("total")
    return region, municipalities


def municipality_view(
    facts: pd.DataFrame, *, municipality_id: int, multipliers: Mapping[str, float] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the municipality's rows, its schools' rows). Schools are the school level: not suppressed.
    The municipality's own rows carry the suppression decided on the regional view, so a figure
    hidden there is hidden here too."""
    _region, municipalities = region_view(facts, multipliers=multipliers)
    own = municipalities[municipalities["municipality_id"] == municipality_id].reset_index(drop=True)
    schools = rollup(
        facts[facts["municipality_id"] == municipality_id], level="school", multipliers=multipliers
    )
    schools["suppressed"] = False
    return own, schools


def rest_suppressed(totals: pd.DataFrame, own: pd.DataFrame) -> pd.DataFrame:
    """For a school's own staff: a total (per indicator and period) is hidden when the total minus
    the school is a small count, because subtracting their own figure would show the others'."""
    merged = totals.merge(
        own[["indicator", "period", "numerator", "denominator"]],
        on=["indicator", "period"],
        how="left",
        suffixes=("", "_own"),
    )
    rest_n = merged["numerator"] - merged["numerator_own"].fillna(0)
    rest_d = merged["denominator"] - merged["denominator_own"].fillna(0)
    merged["suppressed"] = merged["suppressed"].astype(bool) | is_small(rest_n, rest_d)
    return merged.drop(columns=["numerator_own", "denominator_own"])


def school_view(
    facts: pd.DataFrame, *, school_id: int, multipliers: Mapping[str, float] | None = None
) -> dict[str, pd.DataFrame]:
    """What a school sees: itself (not suppressed), its municipality and the region, each total hidden
    where the school could recover the others from it."""
    row = facts[facts["school_id"] == school_id]
    region, municipalities = region_view(facts, multipliers=multipliers)
    own = rollup(row, level="school", multipliers=multipliers)
    own["suppressed"] = False
    if row.empty:
        municipality = municipalities.iloc[0:0]
    else:
        municipality_id = int(row["municipality_id"].iloc[0])
        municipality = municipalities[municipalities["municipality_id"] == municipality_id]
    return {
        "school": own,
        "municipality": rest_suppressed(municipality.reset_index(drop=True), own),
        "region": rest_suppressed(region, own),
    }


def trend(frame: pd.DataFrame, *, periods: Iterable[str]) -> pd.DataFrame:
    """Rows of a roll-up ordered by the given periods (oldest first), one column per period."""
    order = list(periods)
    shown = frame.copy()
    shown["value"] = np.where(shown.get("suppressed", False), np.nan, shown["value"])
    pivot = shown.pivot_table(
        index="indicator", columns="period", values="value", aggfunc="first", dropna=False
    )
    return pivot.reindex(columns=[period for period in order if period in pivot.columns])


DISTRIBUTION_BINS = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100.0001]
DISTRIBUTION_LABELS = [
    "0–10",
    "10–20",
    "20–30",
    "30–40",
    "40–50",
    "50–60",
    "60–70",
    "70–80",
    "80–90",
    "90–100",
]


def distribution(school_rows: pd.DataFrame) -> list[int]:
    """How many schools fall in each tenth of the scale (schools with no data are left out)."""
    values = school_rows["value"].dropna()
    counts, _edges = np.histogram(values.clip(0, 100), bins=DISTRIBUTION_BINS)
    return [int(count) for count in counts]
