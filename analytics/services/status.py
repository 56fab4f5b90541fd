"""A figure's status against its target: met, at risk, off track, no data — and the rule, in words.

Pure functions (no database, no clock of their own): the caller gives the target, the measurements of
the period and how far the period has gone. Schema: none.

The rule (shown on every dashboard as STATUS_RULE):
- no data: nothing measured in the period (no school reported, or the denominator is 0);
- the period is over: met when the last measurement reaches the target, otherwise off track;
- the period is still running: the forecast for its end is the straight line through the period's
  measurements (least squares over time: the value at the end of each month already over, as the
  month's last recompute left it — analytics.FactSnapshot — and the current value), carried to the
  end of the period and kept within 0–100 %. With one measurement, or before a tenth
  of the period has passed, the forecast is the last measurement itself (no trend to speak of yet).
  Then: met when the last measurement and the forecast both reach the target; off track when the
  forecast misses it by more than RISK_MARGIN percentage points; at risk otherwise — the target is
  not reached yet but the trend brings it within reach, or it is reached but the trend leads away.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

RISK_MARGIN = 5.0  # percentage points of forecast shortfall still called «at risk»
MIN_ELAPSED_FOR_TREND = 0.1

MET = "met"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
NO_DATA = "no_data"
HIDDEN = "hidden"

STATUS_LABELS = {
    MET: "достигнуто",
    AT_RISK: "под угрозой",
    OFF_TRACK: "отстаёт",
    NO_DATA: "нет данных",
    HIDDEN: "скрыто (меньше 5 человек)",
}

STATUS_RULE = (
    "Статус сравнивает показатель с целевым значением. «Нет данных» — за период ничего не измерено. "
    "Если период закончился: «достигнуто», когда последнее измерение достигает цели, иначе «отстаёт». "
    "Если период идёт: строится прогноз на конец периода — прямая по промежуточным измерениям периода "
    "(метод наименьших квадратов по значениям на конец каждого прошедшего месяца учебного года и "
    "текущему значению), продолженная до конца периода; пока прошло меньше десятой части периода или "
    "измерение одно, прогноз равен последнему измерению. Значение прошлого учебного года в прогноз не "
    "входит: без измерений этого года статус — «нет данных». «Достигнуто» — последнее измерение и "
    "прогноз достигают цели; «отстаёт» — прогноз не "
    f"дотягивает до цели больше чем на {RISK_MARGIN:g} п. п.; «под угрозой» — в остальных случаях: цель "
    "ещё не достигнута, но по тренду достижима, или достигнута, но тренд ведёт вниз. Значения, за "
    "которыми меньше 5 человек, выше уровня школы скрыты, и их статус тоже."
)


@dataclass(frozen=True)
class Measurement:
    elapsed: float  # share of the period gone at the measurement: 0 = its start, 1 = its end
    value: float  # percent


@dataclass(frozen=True)
class Status:
    code: str
    forecast: float | None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.code]


def forecast(measurements: Sequence[Measurement]) -> float | None:
    """The value the period's trend reaches at its end (percent, 0–100), or None with no data."""
    points = [m for m in measurements if m.value is not None and not math.isnan(m.value)]
    if not points:
        return None
    points = sorted(points, key=lambda m: m.elapsed)
    last = points[-1]
    if len(points) < 2 or last.elapsed < MIN_ELAPSED_FOR_TREND:
        return last.value
    xs = [m.elapsed for m in points]
    ys = [m.value for m in points]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return last.value
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    at_end = mean_y + slope * (1.0 - mean_x)
    return min(100.0, max(0.0, at_end))


def _reaches(value: float, target: float, *, higher_is_better: bool) -> bool:
    # Compared at the one decimal people see, so 59.96 % shown as «60,0 %» is not «off track».
    value = round(value, 1)
    return value >= target if higher_is_better else value <= target


def status(
    *,
    target: float,
    measurements: Sequence[Measurement],
    period_over: bool,
    higher_is_better: bool = True,
    suppressed: bool = False,
) -> Status:
    """The status of one figure (see the module's rule)."""
    if suppressed:
        return Status(HIDDEN, None)
    points = [m for m in measurements if m.value is not None and not math.isnan(m.value)]
    if not points:
        return Status(NO_DATA, None)
    last = max(points, key=lambda m: m.elapsed).value
    if period_over:
        return Status(MET if _reaches(last, target, higher_is_better=higher_is_better) else OFF_TRACK, None)
    expected = forecast(points)
    now_ok = _reaches(last, target, higher_is_better=higher_is_better)
    later_ok = _reaches(expected, target, higher_is_better=higher_is_better)
    if now_ok and later_ok:
        return Status(MET, expected)
    shortfall = (target - expected) if higher_is_better else (expected - target)
    if shortfall > RISK_MARGIN:
        return Status(OFF_TRACK, expected)
    return Status(AT_RISK, expected)


def statuses(
    *,
    target,
    current,
    elapsed: float,
    period_over: bool,
    higher_is_better,
    interim=None,
    interim_elapsed: Sequence[float] = (),
) -> tuple[np.ndarray, np.ndarray]:
    """`status` for many figures of one period at once (the school level: never suppressed).

    Each figure has its current value at `elapsed` (NaN when absent) and, while the period runs, the
    interim measurements of the period: `interim` is a figures × months array (NaN where absent)
    measured at `interim_elapsed` (ascending, each before `elapsed`). Returns (status codes,
    forecasts; NaN where `status` gives None). The arithmetic is the scalar rule's, step for step and
    in the same order of summation, so every code and forecast is the same."""
    target = np.asarray(target, dtype="float64")
    current = np.asarray(current, dtype="float64")
    higher = np.asarray(higher_is_better, dtype=bool)
    codes = np.full(current.shape, NO_DATA, dtype=object)
    forecasts = np.full(current.shape, np.nan)
    has_current = ~np.isnan(current)
    if period_over:
        ok = _reaches_many(current, target, higher)
        codes[has_current] = np.where(ok, MET, OFF_TRACK)[has_current]
        return codes, forecasts
    # The columns of the measurements in time order: the interim ones, then the current value.
    columns = (
        [] if interim is None or not len(interim_elapsed) else list(np.asarray(interim, dtype="float64").T)
    )
    xs = [*interim_elapsed, elapsed][-len(columns) - 1 :]
    columns.append(current)
    valid = [~np.isnan(column) for column in columns]
    count = np.zeros(current.shape)
    last = np.full(current.shape, np.nan)
    last_x = np.full(current.shape, np.nan)
    sum_x = np.zeros(current.shape)
    sum_y = np.zeros(current.shape)
    for x, column, ok in zip(xs, columns, valid, strict=True):
        count = count + ok
        last = np.where(ok, column, last)
        last_x = np.where(ok, x, last_x)
        sum_x = sum_x + np.where(ok, x, 0.0)
        sum_y = sum_y + np.where(ok, column, 0.0)
    any_point = count > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_x = sum_x / count
        mean_y = sum_y / count
        spread = np.zeros(current.shape)
        moment = np.zeros(current.shape)
        for x, column, ok in zip(xs, columns, valid, strict=True):
            spread = spread + np.where(ok, (x - mean_x) ** 2, 0.0)
            moment = moment + np.where(ok, (x - mean_x) * (column - mean_y), 0.0)
        slope = moment / spread
        at_end = np.minimum(100.0, np.maximum(0.0, mean_y + slope * (1.0 - mean_x)))
    # One point, too early for a trend, or all points at one time: the last measurement itself.
    trend = (count >= 2) & (last_x >= MIN_ELAPSED_FOR_TREND) & (spread != 0)
    expected = np.where(trend, at_end, last)
    met = _reaches_many(last, target, higher) & _reaches_many(expected, target, higher)
    shortfall = np.where(higher, target - expected, expected - target)
    found = np.where(met, MET, np.where(shortfall > RISK_MARGIN, OFF_TRACK, AT_RISK))
    codes[any_point] = found[any_point]
    forecasts[any_point] = expected[any_point]
    return codes, forecasts


def _reaches_many(values: np.ndarray, target: np.ndarray, higher: np.ndarray) -> np.ndarray:
    """`_reaches` for many values. Rounding to one decimal moves a value by at most 0.05, so only
    values within 0.06 of their target can change side: those go through Python's round, exactly as
    `_reaches` (numpy's rounding differs from it on some halves); the rest compare as they are."""
    values = np.asarray(values, dtype="float64")
    target = np.broadcast_to(np.asarray(target, dtype="float64"), values.shape)
    with np.errstate(invalid="ignore"):
        shown = values.copy()
        near = np.flatnonzero(np.abs(values - target) < 0.06)
        shown[near] = [round(v, 1) for v in values[near].tolist()]
        return np.where(higher, shown >= target, shown <= target)
