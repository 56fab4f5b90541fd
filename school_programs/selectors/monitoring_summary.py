"""The plain-language summary that opens a programme's monitoring report: what grew, for how many,
against which target, and whether the target is met.

Schema: TENANT; the region's targets are read from the public schema (analytics.Target, through
analytics.selectors.dashboards). Built here and not in a template so that the page, the printed
report, the XLSX and the API say the same sentences.

The three results are the regional project's (seed 002) and are counted the way the region's
indicators count them (school_programs.indicators): a person counts once per result, as grown if they
grew on any of its scales. The target in force is the school's municipality's for the school year,
else the region's; when the region has set none, the seed's figure stands and the sentence says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pandas as pd
from django.db import connection

from analytics.periods import school_year_label
from analytics.selectors.dashboards import targets as targets_for_year
from nastavnik.russian import counted, plural
from tenants.models import School

from .. import analysis
from ..analysis import ACADEMIC
from ..models import Construct, Programme

# Constructs that stand for «professional / subject competencies» in the regional target
# (deficits are competencies seen from the other side: fewer deficits is growth).
COMPETENCY_CONSTRUCTS = (
    Construct.COMPETENCIES,
    Construct.DEFICIT_SUBJECT,
    Construct.DEFICIT_METHODICAL,
    Construct.DEFICIT_PSYCHOLOGICAL,
    Construct.DEFICIT_COMMUNICATIVE,
)

MET, NOT_MET, NO_DATA = "met", "not_met", "no_data"
STATUS_LABELS = {MET: "достигнута", NOT_MET: "не достигнута", NO_DATA: "нет данных"}
REGION, MUNICIPALITY, SEED = "region", "municipality", "seed"
SEED_NAME = "ориентир регионального проекта наставничества"
# After «у»: «у 1 участника», «у 7 участников».
PARTICIPANTS_GENITIVE = ("участника", "участников", "участников")
STUDENTS_GENITIVE = ("обучающегося", "обучающихся", "обучающихся")
DETAILS = (
    "Ниже — подробности для тех, кому они нужны: средние баллы, 95% доверительные интервалы "
    "(бутстреп), критерий Уилкоксона и размер эффекта (r, dz)."
)


@dataclass(frozen=True)
class Goal:
    """One result of the regional project (seed 002) and how a sentence names it."""

    code: str  # the indicator's code in analytics' catalogue: its targets are set under it
    title: str
    verb: str  # agrees with the title («компетенции выросли», «навыки закрепились»)
    constructs: tuple[str, ...]
    who: tuple[str, str, str]
    seed_target: Decimal
    no_data: str


GOALS = (
    Goal(
        "competency_growth",
        "Профессиональные (предметные) компетенции",
        "выросли",
        COMPETENCY_CONSTRUCTS,
        PARTICIPANTS_GENITIVE,
        Decimal(60),
        "никто не ответил на вопросы о компетенциях или дефицитах и на входе, и на выходе",
    ),
    Goal(
        "self_education_growth",
        "Навыки самообразования",
        "закрепились",
        (Construct.SELF_EDUCATION,),
        PARTICIPANTS_GENITIVE,
        Decimal(80),
        "никто не ответил на вопросы о самообразовании и на входе, и на выходе",
    ),
    Goal(
        "academic_improvement",
        "Учебные результаты (средняя отметка)",
        "повысились",
        (ACADEMIC,),
        STUDENTS_GENITIVE,
        Decimal(30),
        "ни у кого из обучающихся-наставляемых нет отметок и до, и после наставничества",
    ),
)


@dataclass(frozen=True)
class TargetInForce:
    value: Decimal
    source: str  # REGION, MUNICIPALITY or SEED
    text: str  # «задана регионом на 2026/27 учебный год, приказ от 01.09.2026 № 12»


@dataclass(frozen=True)
class GoalLine:
    code: str
    title: str
    grew: int
    n: int
    target: TargetInForce
    sentence: str

    @property
    def share(self) -> float | None:
        return round(100 * self.grew / self.n, 1) if self.n else None

    @property
    def status(self) -> str:
        return goal_status(self.grew, self.n, self.target.value)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class ReportSummary:
    period: str
    lead: str
    lines: list[GoalLine] = field(default_factory=list)
    details: str = DETAILS

    @property
    def sentences(self) -> list[str]:
        return [self.lead, *(line.sentence for line in self.lines), self.details]


def goal_status(grew: int, n: int, target: Decimal) -> str:
    """MET when grew / n reaches the target percent; NO_DATA when nobody was measured."""
    if not n:
        return NO_DATA
    # Compared in whole numbers: 60% of 10 is exactly 6, not 5.999… of a float.
    return MET if Decimal(100 * grew) >= target * n else NOT_MET


def _number(value: Decimal | float) -> str:
    """60 → «60», 62.5 → «62,5»."""
    return f"{Decimal(str(value)).normalize():f}".replace(".", ",")


def _share(grew: int, n: int) -> str:
    return _number(round(100 * grew / n, 1)) + "%"


def report_period(programme: Programme, today: date) -> str:
    """The school year whose targets the report is read against: today's, within the programme's
    dates (a finished programme is judged by its last year, one not yet started by its first)."""
    return school_year_label(min(max(today, programme.start_date), programme.end_date))


def _this_school() -> School | None:
    return (
        School.objects.filter(schema_name=connection.schema_name)
        .select_related("municipality__region")
        .first()
    )


def targets_in_force(period: str, school: School | None = None) -> dict[str, TargetInForce]:
    """Per goal code: the municipality's target for the year, else the region's, else the seed's."""
    school = school if school is not None else _this_school()
    found = targets_for_year(region=school.municipality.region, period=period) if school else {}
    result = {}
    for goal in GOALS:
        municipal = found.get((goal.code, school.municipality_id)) if school else None
        target = municipal or found.get((goal.code, None))
        if target is None:
            result[goal.code] = TargetInForce(
                goal.seed_target,
                SEED,
                f"{SEED_NAME}: регион не задал цель на {period} учебный год",
            )
            continue
        whose = f"муниципалитетом «{school.municipality.name}»" if municipal else "регионом"
        result[goal.code] = TargetInForce(
            target.value,
            MUNICIPALITY if municipal else REGION,
            f"задана {whose} на {period} учебный год, "
            f"приказ от {target.order_date:%d.%m.%Y} № {target.order_number}",
        )
    return result


def _sentence(goal: Goal, grew: int, n: int, target: TargetInForce) -> str:
    status = STATUS_LABELS[goal_status(grew, n, target.value)]
    aim = f"Цель — не меньше {_number(target.value)}% ({target.text}): {status}."
    if not n:
        return f"{goal.title}: нет данных — {goal.no_data}. {aim}"
    whom = f"{grew} {plural(grew, *goal.who)}"
    text = f"{goal.title} {goal.verb} у {whom} из {n} ({_share(grew, n)}). {aim}"
    if n < analysis.SMALL_GROUP:
        text += f" Измерено меньше {analysis.SMALL_GROUP} человек: вывод ненадёжен."
    return text


def _lead(paired: int, students: int) -> str:
    if not paired and not students:
        return (
            "Пока не с чем сравнивать: нет участников с ответами и на входе, и на выходе и нет "
            "обучающихся с отметками до и после наставничества."
        )
    return (
        f"Ответы на входе и на выходе сопоставлены у {counted(paired, *PARTICIPANTS_GENITIVE)}; "
        f"отметки до и после наставничества есть у {counted(students, *STUDENTS_GENITIVE)}."
    )


def programme_summary(
    *,
    programme: Programme,
    pairs: pd.DataFrame,
    thresholds: dict[str, float],
    today: date,
    targets: dict[str, TargetInForce] | None = None,
) -> ReportSummary:
    """The summary of a programme's entry/exit pairs (survey constructs and marks in one frame)."""
    period = report_period(programme, today)
    targets = targets if targets is not None else targets_in_force(period)
    marked = analysis.mark_growth(pairs, thresholds) if not pairs.empty else pairs.assign(grew=False)
    lines = []
    for goal in GOALS:
        grew, n = analysis.people_grown(marked, goal.constructs)
        target = targets[goal.code]
        lines.append(GoalLine(goal.code, goal.title, grew, n, target, _sentence(goal, grew, n, target)))
    surveyed = marked[marked["construct"] != ACADEMIC]["participant"].nunique() if not marked.empty else 0
    students = marked[marked["construct"] == ACADEMIC]["participant"].nunique() if not marked.empty else 0
    return ReportSummary(period=period, lead=_lead(int(surveyed), int(students)), lines=lines)
