"""A figure's status against its target: met, at risk, off track, no data — and the rule, in words.

Pure functions (no database, no clock of their own): the caller gives the target, the measurements of
the period and how far the period has gone. Schema: none.

The rule (shown on every dashboard as STATUS_RULE):
- no data: nothing measured in the period (no school reported, or the denominator is 0);
- the period is over: met when the last measurement reaches the target, otherwise off track;
- the period is still running: the forecast for its end is the straight line through the period's
  measurements (least squares over time, the first being the value at the start of the period),
  carried to the end of the period and kept within 0–100 %. With one measurement, or before a tenth
  of the period has passed, the forecast is the last measurement itself (no trend to speak of yet).
  Then: met when the last measurement and the forecast both reach the target; off track when the
  forecast misses it by more than RISK_MARGIN percentage points; at risk otherwise — the target is
  not reached yet but the trend brings it within reach, or it is reached but the trend leads away.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

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
    "(метод наименьших квадратов; первая точка — значение на начало периода), продолженная до конца "
    "периода; пока прошло меньше десятой части периода или измерение одно, прогноз равен последнему "
    "измерению. «Достигнуто» — последнее измерение и прогноз достигают цели; «отстаёт» — прогноз не "
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
