"""Facts for the region: one function per indicator, (numerator, denominator) for the school and a period.

Schema: TENANT — each function runs in the school's schema (analytics switches to it) and returns
two counts; no name, id or answer leaves the school. Registered in analytics.registry when imported.

A result belongs to the period in which it was measured: a participant's entry/exit change counts in
the period that contains their (last) exit response, dated within the window of the exit wave it
answers (a late response counts on the wave's last day); a student's change in marks counts in the period
that contains the end of their exit marking period. Someone measured in two programmes of the period
counts once, and as grown if they grew in either.

Regional targets (seed 002): professional competencies raised for at least 60% of participants,
self-education skills for at least 80%, academic achievements for at least 30% of students.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.registry import indicator, register_indicator

from . import analysis
from .analysis import ACADEMIC
from .models import Construct, Distribution, Programme
from .selectors import monitoring


def _measured_changes(*, start: date, end: date) -> pd.DataFrame:
    """Entry/exit pairs (with `grew`) of everyone whose exit response falls in the period."""
    thresholds = monitoring.growth_thresholds()
    frames = []
    # An exit wave whose window meets the period: its responses count on a day of that window.
    programmes = Programme.objects.filter(
        distributions__wave=Distribution.Wave.EXIT,
        distributions__opens_on__lte=end,
        distributions__closes_on__gte=start,
        distributions__responses__isnull=False,
    ).distinct()
    for programme in programmes:
        in_period = [p for p, day in monitoring.exit_dates(programme).items() if start <= day <= end]
        if not in_period:
            continue
        _, pairs = monitoring.impact_pairs(programme, participants=in_period)
        if not pairs.empty:
            frames.append(analysis.mark_growth(pairs, thresholds))
    if not frames:
        return pd.DataFrame(columns=["participant", "construct", "grew"])
    return pd.concat(frames, ignore_index=True)


def competency_growth(*, start: date, end: date) -> tuple[int, int]:
    """Participants who grew in professional / subject competencies (fewer professional deficits
    counts as growth) / participants with those measured at entry and exit."""
    return analysis.people_grown(_measured_changes(start=start, end=end), monitoring.COMPETENCY_CONSTRUCTS)


def self_education_growth(*, start: date, end: date) -> tuple[int, int]:
    """Participants whose self-education skills grew / participants with them measured twice."""
    return analysis.people_grown(_measured_changes(start=start, end=end), [Construct.SELF_EDUCATION])


def academic_improvement(*, start: date, end: date) -> tuple[int, int]:
    """Students whose mean mark improved by the academic threshold / students with marks at entry
    and exit (exit marking period ending in the period)."""
    threshold = analysis.threshold_of(ACADEMIC, monitoring.growth_thresholds())
    improved: dict[int, bool] = {}
    for programme in Programme.objects.filter(groups__isnull=False).distinct():
        academic = monitoring.academic_pairs(programme, monitoring.mentee_placements(programme))
        if academic.empty:
            continue
        ends = pd.to_datetime(academic["exit_end"]).dt.date
        academic = academic[(ends >= start) & (ends <= end)]
        for participant, grew in zip(
            academic["participant"], analysis.grew(academic["change"], threshold), strict=True
        ):
            improved[int(participant)] = improved.get(int(participant), False) or bool(grew)
    return sum(improved.values()), len(improved)


register_indicator(
    "competency_growth",
    "Доля участников с ростом профессиональных / предметных компетенций (вход — выход)",
    "%",
    competency_growth,
)
register_indicator(
    "self_education_growth",
    "Доля участников с ростом навыков самообразования (вход — выход)",
    "%",
    self_education_growth,
)
register_indicator(
    "academic_improvement",
    "Доля обучающихся-наставляемых с повышением образовательных результатов (по отметкам)",
    "%",
    academic_improvement,
)

INDICATORS = ("competency_growth", "self_education_growth", "academic_improvement")


def school_year(today: date) -> tuple[date, date]:
    """1 September — 31 August of the school year containing `today`: the default period of facts."""
    first = today.year if today.month >= 9 else today.year - 1
    return date(first, 9, 1), date(first + 1, 8, 31)


def indicator_facts(*, start: date, end: date) -> list[dict]:
    """The school's own figures for the period, as the region will collect them (counts only)."""
    facts = []
    for code in INDICATORS:
        registered = indicator(code)
        numerator, denominator = registered.compute(start=start, end=end)
        facts.append(
            {
                "code": code,
                "title": registered.title,
                "unit": registered.unit,
                "numerator": numerator,
                "denominator": denominator,
                "value": round(100 * numerator / denominator, 1) if denominator else None,
            }
        )
    return facts
