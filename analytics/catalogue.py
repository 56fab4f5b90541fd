"""The shipped indicator catalogue: stable codes, Russian names and definitions, synced into Indicator.

Schema: PUBLIC module. `sync_catalogue` (run by migration 0002 and by `manage.py sync_indicators`)
creates missing rows and refreshes names and definitions of shipped ones; it never deletes and never
changes a code, so facts and targets keep pointing at the same row across deployments and upgrades.
A deployment's own `is_active` choice is kept.
"""

from __future__ import annotations

from decimal import Decimal

PERCENT, PER_PAIR_MONTH, SCORE, PER_TEACHER = "percent", "per_pair_month", "score", "per_teacher"
HIGHER, LOWER = "higher", "lower"
SCHOOL, MUNICIPALITY = "school", "municipality"
COMPUTED, ENTERED = "computed", "entered"
ALL, LOW_RESULTS = "all", "low_results"

# Average days in a month: «meetings per pair per month» is meetings / pair-days × this.
DAYS_PER_MONTH = Decimal("30.4375")

FORM_LABELS = {
    "student_student": "ученик – ученик",
    "teacher_student": "учитель – ученик",
    "teacher_teacher": "учитель – учитель",
    "university_student": "студент – ученик",
    "employer_student": "работодатель – ученик",
    "employer_university": "работодатель – студент",
}

IN_MENTORING = (
    "в учебном году состоял в наставнической паре / группе как наставляемый (период участия "
    "пересекается с учебным годом) или как наставник (период работы пары пересекается с учебным годом)"
)
YOUNG_SPECIALIST = (
    "молодой специалист — педагог с отметкой «молодой специалист» в базе или со стажем менее 3 лет"
)
YOUNG_AT_HIRING = (
    "молодой специалист при приёме — с отметкой «молодой специалист» в базе или со стажем на момент "
    "приёма менее 3 лет (стаж в базе минус полные годы от даты приёма до сегодняшнего дня)"
)


def _row(code, name, numerator, denominator, *, group, unit=PERCENT, multiplier=Decimal(100), **extra):
    return {
        "code": code,
        "name": name,
        "numerator_definition": numerator,
        "denominator_definition": denominator,
        "unit": unit,
        "multiplier": multiplier,
        "direction": extra.get("direction", HIGHER),
        "level": extra.get("level", SCHOOL),
        "source": extra.get("source", COMPUTED),
        "applies_to": extra.get("applies_to", ALL),
        "group": group,
    }


def _retention(years: int, with_mentor: bool) -> dict:
    who = "с наставником" if with_mentor else "без наставника"
    mentor_rule = (
        "был наставляемым в паре / группе, начавшей работу с ним в первый год после приёма"
        if with_mentor
        else "не был наставляемым ни в одной паре / группе в первый год после приёма"
    )
    return _row(
        f"retention_{years}y_{'with' if with_mentor else 'without'}_mentor",
        f"Закрепление молодых специалистов {who} через {years} {'год' if years == 1 else 'года'}",
        f"педагоги когорты, работающие в школе спустя {years} "
        f"{'год' if years == 1 else 'года'} после приёма (дата увольнения пуста или позже)",
        f"когорта: педагоги, принятые за {years} {'год' if years == 1 else 'года'} до отчётного "
        f"учебного года (дата приёма в учебном году на {years} раньше отчётного), {YOUNG_AT_HIRING}; "
        f"{mentor_rule}; только те, у кого срок {years} {'год' if years == 1 else 'года'} уже наступил",
        group="staff",
    )


SHIPPED: list[dict] = [
    # --- Results of mentoring (seed 002: the regional project's targets) ---------------------------
    _row(
        "competency_growth",
        "Доля участников с ростом профессиональных / предметных компетенций",
        "участники, у которых хотя бы по одной из шкал «компетенции» или «дефициты» (меньше — лучше) "
        "изменение от входа к выходу не меньше порога роста школы",
        "участники с ответами на эти шкалы и на входе, и на выходе; выходная анкета — в учебном году",
        group="results",
    ),
    _row(
        "self_education_growth",
        "Доля участников с закреплёнными навыками самообразования",
        "участники, у которых рост по шкале «навыки самообразования» не меньше порога роста школы",
        "участники с ответами на шкалу и на входе, и на выходе; выходная анкета — в учебном году",
        group="results",
    ),
    _row(
        "academic_improvement",
        "Доля обучающихся-наставляемых с повышением образовательных результатов",
        "обучающиеся, у которых средняя отметка по общим предметам за период после наставничества "
        "выше, чем за период до него, не меньше чем на порог роста («академические результаты»)",
        "обучающиеся-наставляемые с отметками до и после; конец периода «после» — в учебном году",
        group="results",
    ),
    # --- Coverage --------------------------------------------------------------------------------
    _row(
        "students_10_18_in_mentoring",
        "Доля обучающихся 10–18 лет, вовлечённых в наставничество (наставляемые и наставники)",
        f"обучающиеся 10–18 лет, которые {IN_MENTORING}",
        "обучающиеся школы в базе участников (участвуют) в возрасте 10–18 лет на 1 сентября учебного "
        "года; без даты рождения — обучающиеся 5–11 классов",
        group="coverage",
    ),
    *[
        _row(
            f"coverage_form_{form}",
            f"Доля формы «{label}» в охвате наставничеством",
            f"участники, которые в учебном году были в паре / группе формы «{label}»",
            f"все участники, которые {IN_MENTORING}",
            group="coverage",
        )
        for form, label in FORM_LABELS.items()
    ],
    # --- Pairs, meetings, plans, satisfaction ------------------------------------------------------
    _row(
        "pairs_active",
        "Доля работающих пар / групп",
        "пары / группы, не завершённые и не прекращённые к концу учебного года",
        "пары / группы, период работы которых пересекается с учебным годом",
        group="pairs",
    ),
    _row(
        "pairs_completed",
        "Доля завершённых пар / групп",
        "пары / группы в состоянии «завершена» с датой завершения не позже конца учебного года",
        "пары / группы, период работы которых пересекается с учебным годом",
        group="pairs",
    ),
    _row(
        "pairs_ended_early",
        "Доля пар / групп, прекращённых досрочно",
        "пары / группы в состоянии «прекращена досрочно» с датой прекращения не позже конца учебного года",
        "пары / группы, период работы которых пересекается с учебным годом",
        group="pairs",
        direction=LOWER,
    ),
    _row(
        "meetings_per_pair_month",
        "Встреч на пару / группу в месяц",
        "встречи пар / групп, проведённые в учебном году (по сегодняшний день)",
        "дни работы пар / групп в учебном году по сегодняшний день (пара-дни), делённые на 30,44",
        group="pairs",
        unit=PER_PAIR_MONTH,
        multiplier=DAYS_PER_MONTH,
    ),
    _row(
        "plan_tasks_achieved",
        "Доля достигнутых задач индивидуальных планов развития",
        "задачи ИПР с результатом «достигнут в полной мере» или «превышен»",
        "задачи ИПР со сроком в учебном году, наступившим к сегодняшнему дню",
        group="pairs",
    ),
    _row(
        "satisfaction_mentors",
        "Средняя удовлетворённость наставников (из 10 баллов)",
        "сумма баллов наставников по шкалам анкет удовлетворённости (шкала 1–5 удваивается до 10)",
        "число таких ответов наставников (наставник пары / группы программы рассылки) в учебном году",
        group="pairs",
        unit=SCORE,
        multiplier=Decimal(1),
    ),
    _row(
        "satisfaction_mentees",
        "Средняя удовлетворённость наставляемых (из 10 баллов)",
        "сумма баллов наставляемых по шкалам анкет удовлетворённости (шкала 1–5 удваивается до 10)",
        "число таких ответов наставляемых (есть запрос в программе рассылки, не наставник) в учебном году",
        group="pairs",
        unit=SCORE,
        multiplier=Decimal(1),
    ),
    # --- Young specialists -------------------------------------------------------------------------
    _row(
        "young_specialists_with_mentor",
        "Доля молодых специалистов, закреплённых за наставником",
        f"молодые специалисты, которые {IN_MENTORING.split(' или ')[0]}",
        "педагоги школы в базе участников (участвуют, не уволены до начала учебного года), "
        + YOUNG_SPECIALIST,
        group="staff",
    ),
    _retention(1, True),
    _retention(1, False),
    _retention(3, True),
    _retention(3, False),
    # --- Consultation points and events (public data of the regional layer) -------------------------
    _row(
        "consultation_requests_on_time",
        "Доля запросов в консультационные пункты, принятых в работу в срок",
        "запросы школы, по которым консультант назначен не позже нормативного срока",
        "запросы школы (кроме отменённых), поданные в учебном году, по которым консультант назначен "
        "или срок назначения истёк",
        group="consultations",
    ),
    _row(
        "consultation_rating",
        "Средняя оценка консультаций педагогами (из 5 баллов)",
        "сумма оценок консультаций по запросам школы, поданным в учебном году",
        "число оценённых консультаций по этим запросам",
        group="consultations",
        unit=SCORE,
        multiplier=Decimal(1),
    ),
    _row(
        "events_per_teacher_low_results",
        "Мероприятий регионального центра на одного педагога ШНОР",
        "посещения педагогами школы мероприятий регионального центра в учебном году "
        "(отмечено «присутствовал»)",
        "педагоги школы в базе участников (участвуют); показатель ведётся для ШНОР",
        group="consultations",
        unit=PER_TEACHER,
        multiplier=Decimal(1),
        applies_to=LOW_RESULTS,
    ),
    # --- Schools with low results: external results, entered by the school or imported -------------
    _row(
        "vpr_pass_rate",
        "ВПР: обученность (доля работ с отметкой «3» и выше)",
        "работы ВПР с отметками «3», «4», «5»",
        "все написанные работы ВПР в учебном году",
        group="low_results",
        source=ENTERED,
        applies_to=LOW_RESULTS,
    ),
    _row(
        "vpr_quality",
        "ВПР: качество (доля работ с отметками «4» и «5»)",
        "работы ВПР с отметками «4» и «5»",
        "все написанные работы ВПР в учебном году",
        group="low_results",
        source=ENTERED,
        applies_to=LOW_RESULTS,
    ),
    _row(
        "gia_above_threshold",
        "Доля выпускников, преодолевших минимальный порог ГИА",
        "выпускники, набравшие не меньше минимального балла по всем сданным предметам ГИА",
        "выпускники, сдававшие ГИА в учебном году",
        group="low_results",
        source=ENTERED,
        applies_to=LOW_RESULTS,
    ),
    _row(
        "teachers_first_highest_category",
        "Доля педагогов с первой или высшей квалификационной категорией",
        "педагоги с первой или высшей квалификационной категорией на конец учебного года",
        "все педагогические работники школы на конец учебного года",
        group="low_results",
        source=ENTERED,
        applies_to=LOW_RESULTS,
    ),
]

SHIPPED_CODES = [row["code"] for row in SHIPPED]
ENTERED_CODES = [row["code"] for row in SHIPPED if row["source"] == ENTERED]


def sync_catalogue(indicator_model=None) -> int:
    """Create or refresh the shipped indicators; returns how many rows were created.

    Takes the model as an argument so the data migration can pass its historical model."""
    if indicator_model is None:
        from .models import Indicator as indicator_model
    created = 0
    for position, row in enumerate(SHIPPED, start=1):
        # `is_active` is not among the defaults: a deployment's choice to stop using one is kept.
        _, was_created = indicator_model.objects.update_or_create(
            code=row["code"], defaults={**row, "position": position * 10}
        )
        created += was_created
    return created
