# ruff: noqa: E501 -- reference data tables read best one record a line (as */demo.py in pyproject)
"""Demo of the support of low-result schools: risk profiles for every ШНОР school of the current school
year, the self-diagnosis and anti-risk programme of the ШНОР school with a demo curator (СОШ № 6,
Волжск), and three organisation–organisation pairs (a strong school of the same municipality mentors a
ШНОР school) with support plans in progress, visits and the mentee's indicator values.

Dates are the demo story's (tenants.demo_calendar.on) kept inside the current school year and the
pair's period, so the demo looks alive on any day and the services' rules hold. Everything is written
through the services. Idempotent: a school with a profile, a programme or a pair is left as it is.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from nastavnik.russian import counted
from tenants.demo_calendar import on
from tenants.models import Role, School, User

from .models import AntiRiskProgramme, OrganisationPair, Region, SchoolRiskFactor, WorkStatus
from .services import low_results, org_pairs
from .services.low_results import school_year_bounds
from .services.school_years import current_school_year

# The factors of a ШНОР school's profile: (factor, level, subjects). Profiles differ so that the
# partner suggestions rank differently for each school.
PROFILES = {
    "volzhsk-sosh-6": [
        ("low_competence", 3, ["maths", "physics"]),
        ("students_at_risk", 3, ["maths"]),
        ("staff_shortage", 2, []),
        ("low_motivation", 2, []),
    ],
    "yo-sosh-18": [
        ("students_at_risk", 3, ["russian"]),
        ("language_barriers", 2, ["russian"]),
        ("low_parent_involvement", 1, []),
    ],
    "medv-krasnooktyabr": [
        ("low_equipment", 3, []),
        ("low_competence", 2, ["maths", "informatics"]),
        ("special_needs", 2, []),
    ],
}
DEFAULT_PROFILE = [("staff_shortage", 2, []), ("students_at_risk", 2, ["maths", "russian"])]

# The school's own view of its risks (the curator's school): one level differs, with the reason.
SELF_DIAGNOSIS = [
    ("low_competence", 3, ""),
    ("students_at_risk", 3, ""),
    ("staff_shortage", 3, "С октября вакантны две ставки учителя математики: дефицит выше оценки региона."),
    ("low_motivation", 2, ""),
]

# (title, factor, story deadline, responsible, status, result)
MEASURES = [
    ("Диагностика профессиональных дефицитов учителей математики и физики", "low_competence", (2026, 10, 15),
     "Заместитель директора по УВР", WorkStatus.DONE, "Диагностику прошли 6 педагогов; составлены ИОМ."),
    ("Курсы повышения квалификации по формированию функциональной грамотности", "low_competence",
     (2027, 1, 30), "Заместитель директора по УВР", WorkStatus.IN_PROGRESS, ""),
    ("Индивидуальные образовательные маршруты для обучающихся с рисками неуспешности", "students_at_risk",
     (2026, 12, 20), "Классные руководители 5–9 классов", WorkStatus.IN_PROGRESS, ""),
    ("Привлечение молодых специалистов по программе «Земский учитель»", "staff_shortage", (2027, 3, 1),
     "Директор", WorkStatus.PLANNED, ""),
]  # fmt: skip

# (mentor slug, mentee slug, goals)
PAIRS = [
    ("volzhsk-sosh-1", "volzhsk-sosh-6",
     "Повышение предметной и методической компетентности учителей математики и физики; снижение доли "
     "обучающихся с рисками учебной неуспешности."),
    ("yo-gimnazia-4", "yo-sosh-18",
     "Преодоление языковых барьеров и повышение результатов по русскому языку; вовлечение родителей."),
    ("medv-sosh-1", "medv-krasnooktyabr",
     "Использование ресурсов школы-наставника (цифровая лаборатория, IT-класс) и методическая поддержка "
     "учителей математики и информатики."),
]  # fmt: skip

# (activity, support kind, story deadline, mentor side, mentee side, status, result)
PLAN = [
    ("Совместный анализ результатов ВПР и риск-профиля школы", "consultative", (2026, 10, 10),
     "Заместитель директора по УВР", "Заместитель директора по УВР", WorkStatus.DONE,
     "Выделены темы с наименьшей решаемостью; определены приоритеты плана."),
    ("Открытые уроки учителей школы-наставника для педагогов школы-наставляемого", "educational",
     (2026, 11, 28), "Руководитель методического объединения", "Учителя-предметники",
     WorkStatus.IN_PROGRESS, ""),
    ("Методический семинар «Работа с обучающимися с рисками учебной неуспешности»", "informational",
     (2027, 1, 25), "Педагог-психолог", "Классные руководители", WorkStatus.PLANNED, ""),
    ("Взаимопосещение уроков и совместная экспертиза рабочих программ", "consultative", (2027, 3, 15),
     "Руководитель методического объединения", "Руководитель методического объединения",
     WorkStatus.PLANNED, ""),
]  # fmt: skip

# (story date, kind, title, summary)
VISITS = [
    ((2026, 10, 8), "visit_to_mentor", "Установочная встреча команд школ",
     "Согласованы цели и план сопровождения, назначены ответственные."),
    ((2026, 11, 12), "visit_to_mentee", "Выезд методистов школы-наставника",
     "Посещены 4 урока математики, проведён разбор с учителями."),
]  # fmt: skip

# (code, name, stage, period, numerator, denominator)
INDICATORS = [
    ("vpr_maths_fail", "Доля «2» по ВПР, математика, 5–8 классы", "before", "ВПР, весна прошлого года", 38, 142),
    ("vpr_maths_fail", "Доля «2» по ВПР, математика, 5–8 классы", "during", "Входная диагностика, октябрь", 31, 139),
    ("teachers_trained", "Доля учителей, прошедших повышение квалификации", "before", "На начало работы пары", 4, 27),
    ("teachers_trained", "Доля учителей, прошедших повышение квалификации", "during", "Ноябрь", 11, 27),
]  # fmt: skip


def _within(day: datetime.date, first: datetime.date, last: datetime.date) -> datetime.date:
    return min(max(day, first), last)


def _admin(region: Region) -> User | None:
    return (
        User.objects.filter(memberships__region=region, memberships__role=Role.REGIONAL_ADMIN)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def seed_support(region: Region, stdout=None) -> None:
    year = current_school_year()
    first, last = school_year_bounds(year)
    today = timezone.localdate()
    admin = _admin(region)
    schools = {s.slug: s for s in School.objects.filter(municipality__region=region)}
    low = [s for s in schools.values() if low_results.is_low_results(school=s, start_year=year)]
    for school in low:
        if SchoolRiskFactor.objects.filter(school=school, start_year=year).exists():
            continue
        for factor, level, subjects in PROFILES.get(school.slug, DEFAULT_PROFILE):
            low_results.risk_factor_set(
                school=school, start_year=year, factor=factor, level=level, subjects=subjects, by=admin
            )
    curated = schools.get("volzhsk-sosh-6")
    if curated is not None and curated in low:
        _self_and_programme(curated, year, first, last)
    pairs = 0
    for mentor_slug, mentee_slug, goals in PAIRS:
        mentor, mentee = schools.get(mentor_slug), schools.get(mentee_slug)
        if mentor is None or mentee not in low or mentee.mentee_pairs.exists():
            continue
        _pair(mentor, mentee, goals, first=first, last=last, today=today, admin=admin)
        pairs += 1
    if stdout is not None:
        stdout.write(
            # genitive after «риск-профили»: of 1 or 21 школы, of 2 or 5 школ
            f"Поддержка ШНОР: риск-профили {counted(len(low), 'школы', 'школ', 'школ')}, "
            f"новых пар «организация – организация»: {pairs}."
        )


def _self_and_programme(school: School, year: int, first, last) -> None:
    if AntiRiskProgramme.objects.filter(school=school, start_year=year).exists():
        return
    for factor, level, comment in SELF_DIAGNOSIS:
        low_results.self_diagnosis_set(
            school=school, start_year=year, factor=factor, level=level, comment=comment
        )
    programme = low_results.antirisk_programme_create(
        school=school,
        start_year=year,
        title="Программа перехода школы в эффективный режим работы",
        goal="Снизить долю обучающихся с рисками учебной неуспешности и восполнить дефициты учителей "
        "математики и физики.",
        status=AntiRiskProgramme.Status.APPROVED,
        approved_on=_within(on(2026, 9, 25), first, last),
    )
    for title, factor, story, responsible, status, result in MEASURES:
        low_results.antirisk_measure_add(
            programme=programme,
            title=title,
            factor=factor,
            deadline=_within(on(*story), first, last),
            responsible=responsible,
            status=status,
            result=result,
        )


def _pair(mentor, mentee, goals, *, first, last, today, admin) -> OrganisationPair:
    # The pair starts with the school year (never earlier: the ШНОР list is the year's), ends in May.
    starts_on = max(first, on(2026, 9, 20))
    ends_on = max(on(2027, 5, 31), starts_on + datetime.timedelta(days=60))
    pair = org_pairs.pair_create(
        mentor_school=mentor,
        mentee_school=mentee,
        starts_on=starts_on,
        ends_on=ends_on,
        goals=goals,
        by=admin,
    )
    for activity, kind, story, mentor_side, mentee_side, status, result in PLAN:
        deadline = _within(on(*story), starts_on, ends_on)
        if status != WorkStatus.PLANNED and deadline > today:
            status, result = WorkStatus.IN_PROGRESS, ""  # nothing is done ahead of its day
        org_pairs.plan_item_add(
            pair=pair,
            activity=activity,
            support_kind=kind,
            deadline=deadline,
            mentor_responsible=mentor_side,
            mentee_responsible=mentee_side,
            status=status,
            result=result,
        )
    for story, kind, title, summary in VISITS:
        day = on(*story)
        if starts_on <= day <= min(today, ends_on):
            org_pairs.visit_add(pair=pair, date=day, kind=kind, title=title, summary=summary, today=today)
    for code, name, stage, period, numerator, denominator in INDICATORS:
        org_pairs.indicator_value_set(
            pair=pair,
            code=code,
            name=name,
            stage=stage,
            period_label=period,
            numerator=numerator,
            denominator=denominator,
        )
    return pair
