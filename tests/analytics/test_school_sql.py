"""The school's indicator SQL: the numbers of the Python indicators, and answers known by construction."""

import datetime
import random

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from analytics.periods import period_bounds
from school_programs import indicators
from school_programs.indicators_sql import CODES, school_facts_statement
from school_programs.models import (
    Construct,
    Distribution,
    Form,
    GroupStatus,
    GrowthRule,
    Meeting,
    MentoringGroup,
    ParticipantCategory,
    PlanSection,
    PlanTask,
    Question,
    Survey,
)
from school_programs.models.plans import DevelopmentPlan
from tests.support import school as make
from tests.support import surveys as make_survey
from tests.support.clock import TODAY

YEAR = "2026/27"
PERIODS = ("2025/26", "2026/27", "2027/28")


@pytest.fixture
def in_school_a(world):
    with schema_context(world.school_a.schema_name):
        yield world.school_a


def sql_facts(period: str, today: datetime.date = TODAY) -> dict[str, tuple[int, int]]:
    start, end = period_bounds(period)
    sql, params = school_facts_statement(start=start, end=end, today=today)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    assert len(rows) == len(CODES)
    return {code: (int(numerator), int(denominator)) for code, numerator, denominator in rows}


def python_facts(period: str) -> dict[str, tuple[int, int]]:
    start, end = period_bounds(period)
    return {
        code: getattr(indicators, code)(start=start, end=end)
        for code in ("competency_growth", "self_education_growth", "academic_improvement")
    }


def placed_student(programme, name, *, form=Form.TEACHER_STUDENT):
    person = make.student(name)
    mentor = make.mentor(programme, make.teacher(f"Наставник{name}"), forms=[form])
    make.group(programme, mentor, [make.mentee(programme, person, form=form)])
    return person


def _random_monitoring(seed: int):
    """Two programmes of random answers with every wrinkle the Python path handles: reversed
    items, a matrix mixing constructs and directions, a 10-point scale, a school's own threshold,
    anonymous responses, people measured in both programmes, exit answers in three school years,
    marks whose subject and period names differ in letter case, several periods and ties."""
    rng = random.Random(seed)
    GrowthRule.objects.update_or_create(construct=Construct.COMPETENCIES, defaults={"threshold": "0.40"})
    GrowthRule.objects.filter(construct=Construct.SELF_EDUCATION).delete()  # the default 0.5 applies
    GrowthRule.objects.update_or_create(construct=Construct.ACADEMIC, defaults={"threshold": "0.25"})
    shared = [make.teacher(f"Общий{n}") for n in range(4)]
    for p_index in range(2):
        programme = make.programme(title=f"Программа {p_index}")
        version = make_survey.survey(f"Вход-выход {p_index}")
        items = [
            make_survey.question(version, construct=Construct.COMPETENCIES),
            make_survey.question(version, construct=Construct.DEFICIT_SUBJECT, direction=-1),
            make_survey.question(version, kind=Question.Kind.SCALE10, construct=Construct.SELF_EDUCATION),
            make_survey.question(version, construct=Construct.ANXIETY, direction=-1),
        ]
        grid = make_survey.matrix(
            version,
            [
                (Construct.COMPETENCIES, 1),
                (Construct.DEFICIT_METHODICAL, -1),
                (Construct.SELF_EDUCATION, 1),
                (Construct.SELF_EDUCATION, 1),
            ],
        )
        entry = make_survey.distribution(programme, version, Distribution.Wave.ENTRY)
        exits = [
            make_survey.distribution(programme, version, Distribution.Wave.EXIT, opens_on=day)
            for day in (datetime.date(2026, 5, 20), datetime.date(2027, 5, 20))
        ]
        people = [placed_student(programme, f"Ученик{p_index}_{n}") for n in range(14)]
        people += shared
        for person in people:

            def answers(scale_bias, items=items, grid=grid):
                values = {}
                for item in items:
                    if rng.random() < 0.8:
                        high = 10 if item.kind == Question.Kind.SCALE10 else 5
                        values[item] = min(high, max(1, rng.randint(1, high) + scale_bias))
                for row in range(4):
                    if rng.random() < 0.8:
                        values[(grid, row)] = min(5, max(1, rng.randint(1, 5) + scale_bias))
                return values

            if rng.random() < 0.9:
                make_survey.respond(entry, person, answers(0))
            day = rng.choice(
                [datetime.date(2026, 5, 25), datetime.date(2027, 5, 25), datetime.date(2027, 9, 10)]
            )
            exit_ = exits[0] if day.year == 2026 else exits[1]
            if rng.random() < 0.85:
                make_survey.respond(exit_, person, answers(rng.choice([0, 1])), on=day)
        make_survey.respond(entry, None, answers(0))  # anonymous: never paired
        for person in people[:14]:
            if rng.random() < 0.2:  # one subject written two ways in one register
                subjects = ["Алгебра", "алгебра", "История"]
            else:
                subjects = [s if rng.random() < 0.7 else s.upper() for s in ("алгебра", "история")]
            for subject in subjects:
                for label, end, bias in (
                    ("2025/26, год", datetime.date(2026, 5, 31), 0),
                    ("2025/26, IV ЧЕТВЕРТЬ", datetime.date(2026, 5, 31), 0),
                    ("2026/27, I четверть", datetime.date(2026, 12, 27), 0.5),
                    ("2026/27, год", datetime.date(2027, 5, 31), 1),
                ):
                    if rng.random() < 0.85:
                        value = min(5, max(2, rng.choice([3, 3.5, 4, 4.5]) + rng.choice([0, bias])))
                        make_survey.grade(person, subject, label, end, value)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_sql_counts_the_three_monitoring_shares_exactly_as_the_python_indicators(in_school_a, seed):
    _random_monitoring(seed)
    for period in PERIODS:
        computed = sql_facts(period)
        expected = python_facts(period)
        assert {code: computed[code] for code in expected} == expected, period
    # Not a vacuous agreement: the data measured someone in both years and marks of some students.
    assert python_facts("2026/27")["competency_growth"][1] > 3
    assert python_facts("2025/26")["self_education_growth"][1] > 0
    assert python_facts("2026/27")["academic_improvement"][1] > 3


def test_the_three_shares_of_the_known_school(in_school_a):
    """The example of tests/school_programs/test_monitoring_indicators.py, answered by the SQL."""
    programme = make.programme()
    version = make_survey.survey()
    competency = make_survey.question(version, construct=Construct.COMPETENCIES)
    self_education = make_survey.question(version, construct=Construct.SELF_EDUCATION)
    deficit = make_survey.question(version, construct=Construct.DEFICIT_METHODICAL, direction=-1)
    entry = make_survey.distribution(programme, version, Distribution.Wave.ENTRY)
    exit_ = make_survey.distribution(programme, version, Distribution.Wave.EXIT)
    people = {
        "Растущий": ({competency: 2, self_education: 2}, {competency: 4, self_education: 4}, "2027-05-20"),
        "Второй": ({competency: 3, self_education: 3}, {competency: 4, self_education: 3}, "2027-05-21"),
        "Стоящий": ({competency: 3}, {competency: 3}, "2027-05-22"),
        "Поздний": ({competency: 1}, {competency: 5}, "2027-09-15"),
    }
    # Поздний answers an exit wave of the next school year (a second mailing in September).
    late_exit = make_survey.distribution(
        programme, version, Distribution.Wave.EXIT, opens_on=datetime.date(2027, 9, 10)
    )
    for name, (before, after, day) in people.items():
        person = placed_student(programme, name)
        make_survey.respond(entry, person, before)
        wave = late_exit if name == "Поздний" else exit_
        make_survey.respond(wave, person, after, on=datetime.date.fromisoformat(day))
    # Опоздавший answers the May wave in September: it counts on the wave's last day, in 2026/27.
    person = placed_student(programme, "Опоздавший")
    make_survey.respond(entry, person, {competency: 3})
    make_survey.respond(exit_, person, {competency: 3}, on=datetime.date(2027, 9, 15))
    teacher = make.teacher("Методистова")
    make_survey.respond(entry, teacher, {deficit: 5, self_education: 2})
    make_survey.respond(exit_, teacher, {deficit: 3, self_education: 4}, on=datetime.date(2027, 5, 25))
    for name, last in (("Отличник", 4.5), ("Ровный", 4)):
        student = placed_student(programme, name)
        make_survey.grade(student, "алгебра", "2025/26, год", datetime.date(2026, 5, 31), 4)
        make_survey.grade(student, "Алгебра", "2026/27, ГОД", datetime.date(2027, 5, 31), last)

    facts = sql_facts(YEAR)
    assert facts["competency_growth"] == (3, 5)
    assert facts["self_education_growth"] == (2, 3)
    assert facts["academic_improvement"] == (1, 2)
    assert sql_facts("2027/28")["competency_growth"] == (1, 1)


def _group(programme, mentor_person, mentees, *, form, start, end, status=GroupStatus.ACTIVE, completed=None):
    mentor = make.mentor(programme, mentor_person, forms=[form])
    requests = [make.mentee(programme, person, form=form) for person in mentees]
    make.group(programme, mentor, requests, form=form, start=start, end=end)
    group = MentoringGroup.objects.get(mentor=mentor)
    if status != GroupStatus.ACTIVE:
        MentoringGroup.objects.filter(pk=group.pk).update(status=status, completed_on=completed)
        group.refresh_from_db()
    return group


def test_coverage_pairs_meetings_tasks_and_staff_of_a_school_built_to_known_answers(in_school_a):
    programme = make.programme(start_date=datetime.date(2025, 9, 1), end_date=datetime.date(2027, 5, 31))
    # Students: 10–18 on 1 September 2026 are those born 2008-09-02 … 2016-09-01.
    eleven = [make.student(f"Одиннадцать{n}", birth_date=datetime.date(2015, 3, 1)) for n in range(6)]
    too_young = make.student("Малыш", grade=2, birth_date=datetime.date(2018, 3, 1))
    make.student("БезДаты", grade=5, birth_date=None)
    no_birth_3rd = make.student("БезДатыМладший", grade=3, birth_date=None)
    left_school = make.student("Выбывший", birth_date=datetime.date(2012, 1, 1), is_active=False)
    teachers = [make.teacher(f"Учитель{n}") for n in range(3)]
    young = make.teacher("Молодой", experience_years=1)
    young_marked = make.teacher("Отмеченный", experience_years=7)
    ParticipantCategory.objects.create(participant=young_marked, category="young_specialist")
    make.teacher("Опытный", experience_years=12)

    oct1, may31 = datetime.date(2026, 10, 1), datetime.date(2027, 5, 31)
    # Student–student pair: mentor eleven[0], mentee eleven[1]; working, 1 Oct → 31 May.
    ss = _group(programme, eleven[0], [eleven[1]], form=Form.STUDENT_STUDENT, start=oct1, end=may31)
    # Teacher–student group of two mentees: eleven[2] and the 2nd-grader (not in the 10–18 base).
    ts = _group(
        programme, teachers[0], [eleven[2], too_young], form=Form.TEACHER_STUDENT, start=oct1, end=may31
    )
    # Teacher–teacher pair for the young specialist, ended early on 31 October 2026.
    _group(
        programme,
        teachers[1],
        [young],
        form=Form.TEACHER_TEACHER,
        start=oct1,
        end=may31,
        status=GroupStatus.TERMINATED,
        completed=datetime.date(2026, 10, 31),
    )
    # Completed last year: outside 2026/27 altogether.
    _group(
        programme, teachers[2], [eleven[3]], form=Form.TEACHER_STUDENT,
        start=datetime.date(2025, 10, 1), end=datetime.date(2026, 5, 31),
        status=GroupStatus.COMPLETED, completed=datetime.date(2026, 5, 31),
    )  # fmt: skip
    for day in (datetime.date(2026, 10, 5), datetime.date(2026, 10, 19), datetime.date(2026, 11, 2)):
        Meeting.objects.create(group=ss, kind="working", held_on=day)
    Meeting.objects.create(group=ts, kind="working", held_on=datetime.date(2026, 11, 9))
    Meeting.objects.create(group=ts, kind="working", held_on=datetime.date(2026, 12, 1))  # after today

    plan = DevelopmentPlan.objects.create(
        group=ss, mentee=ss.mentees.get().request, start_date=oct1, end_date=may31
    )
    section = PlanSection.objects.create(plan=plan, order=1, title="Раздел")
    for order, (deadline, status) in enumerate(
        [
            (datetime.date(2026, 10, 15), "full"),
            (datetime.date(2026, 11, 1), "exceeded"),
            (datetime.date(2026, 11, 10), "partial"),
            (datetime.date(2026, 11, 20), ""),
            (datetime.date(2026, 12, 20), "full"),  # not due yet
        ],
        start=1,
    ):
        PlanTask.objects.create(
            section=section, order=order, task="Задача", deadline=deadline, result_status=status,
            exceeded_description="Больше плана" if status == "exceeded" else "",
        )  # fmt: skip

    facts = sql_facts(YEAR)

    # Denominator: 6 eleven-year-olds, the 5th-grader without a birth date, and nobody else → 7.
    # In mentoring this year: eleven[0] (mentor), eleven[1], eleven[2] (mentees) → 3.
    assert facts["students_10_18_in_mentoring"] == (3, 7)
    # Involved this year: ss (eleven0, eleven1), ts (teacher0, eleven2, too_young), tt (teacher1, young).
    assert facts["coverage_form_student_student"] == (2, 7)
    assert facts["coverage_form_teacher_student"] == (3, 7)
    assert facts["coverage_form_teacher_teacher"] == (2, 7)
    assert facts["coverage_form_employer_student"] == (0, 7)
    assert facts["pairs_active"] == (2, 3)
    assert facts["pairs_completed"] == (0, 3)
    assert facts["pairs_ended_early"] == (1, 3)
    # Pair-days up to today (22 Nov): ss 53, ts 53, tt 31 (1–31 Oct) = 137; meetings held by today: 4.
    assert facts["meetings_per_pair_month"] == (4, 137)
    # Tasks due by today: 4; achieved (full or exceeded): 2.
    assert facts["plan_tasks_achieved"] == (2, 4)
    # Young specialists: «Молодой» (1 year) and «Отмеченный» (marked); only «Молодой» had a mentor.
    assert facts["young_specialists_with_mentor"] == (1, 2)
    assert no_birth_3rd and left_school  # present, and rightly outside the denominator
    # Last year: only the completed pair worked.
    last_year = sql_facts("2025/26", today=TODAY)
    assert last_year["pairs_completed"] == (1, 1)
    assert last_year["students_10_18_in_mentoring"][0] == 1


def test_retention_cohorts_with_and_without_a_mentor(in_school_a):
    programme = make.programme(start_date=datetime.date(2022, 9, 1), end_date=datetime.date(2027, 5, 31))
    mentor = make.teacher("Наставница")

    def hired(name, on, *, left=None, experience=0, mentored=False):
        person = make.teacher(name, experience_years=experience, hired_on=on, left_on=left)
        if mentored:
            _group(
                programme, make.teacher(f"Наставник{name}"), [person], form=Form.TEACHER_TEACHER,
                start=on + datetime.timedelta(days=30), end=on + datetime.timedelta(days=300),
            )  # fmt: skip
        return person

    # Report year 2026/27, horizon 1 year: cohort hired 1 Sep 2025 … 31 Aug 2026 whose anniversary
    # has come by today (22 Nov 2026).
    hired("Остался", datetime.date(2025, 10, 1), mentored=True)
    hired("Ушёл", datetime.date(2025, 9, 15), left=datetime.date(2026, 6, 30), mentored=True)
    hired("ОсталсяСам", datetime.date(2025, 11, 1), experience=1)
    hired("ЕщёРано", datetime.date(2026, 2, 1), mentored=True)  # anniversary after today
    hired("Опытный", datetime.date(2025, 10, 1), experience=10)  # not a young specialist
    # Horizon 3 years: hired in 2023/24; 3 years later falls in 2026/27.
    hired("ТриГода", datetime.date(2023, 9, 20), experience=3, mentored=True)  # 3 − 3 full years = 0
    hired("ТриГодаУшёл", datetime.date(2023, 10, 1), left=datetime.date(2025, 1, 10))
    assert mentor

    facts = sql_facts(YEAR)
    assert facts["retention_1y_with_mentor"] == (1, 2)
    assert facts["retention_1y_without_mentor"] == (1, 1)
    assert facts["retention_3y_with_mentor"] == (1, 1)
    assert facts["retention_3y_without_mentor"] == (0, 1)


def test_satisfaction_of_mentors_and_mentees_on_ten_points(in_school_a):
    programme = make.programme()
    mentor_person, mentee_person = make.teacher("Наставникова"), make.student("Наставляемый")
    _group(
        programme, mentor_person, [mentee_person], form=Form.TEACHER_STUDENT,
        start=datetime.date(2026, 10, 1), end=datetime.date(2027, 5, 31),
    )  # fmt: skip
    version = make_survey.survey("Удовлетворённость", purpose=Survey.Purpose.SATISFACTION)
    ten = make_survey.question(version, kind=Question.Kind.SCALE10)
    five = make_survey.question(version, kind=Question.Kind.LIKERT5)
    sent = make_survey.distribution(
        programme, version, Distribution.Wave.ONCE, opens_on=datetime.date(2026, 11, 1)
    )
    day = datetime.date(2026, 11, 10)
    make_survey.respond(sent, mentor_person, {ten: 9, five: 4}, on=day)  # 9 + 8
    make_survey.respond(sent, mentee_person, {ten: 6}, on=day)
    make_survey.respond(sent, None, {ten: 1}, on=day)  # anonymous: whose role is unknown

    facts = sql_facts(YEAR)
    assert facts["satisfaction_mentors"] == (17, 2)
    assert facts["satisfaction_mentees"] == (6, 1)


def test_an_empty_school_has_nothing_measured(in_school_a):
    facts = sql_facts(YEAR)
    assert set(facts) == set(CODES)
    assert all(denominator == 0 for _, denominator in facts.values())


def test_consultations_and_events_of_the_school_are_counted_from_the_regional_layer(world, in_school_a):
    import datetime as dt

    from django.utils import timezone

    from consultation_points.models import Consultation, ConsultationRequest
    from consultation_points.services.consultants import consultant_create
    from consultation_points.services.requests import request_submit
    from regional_center.models import EventRegistration
    from tenants.models import User
    from tests.regional_center.events_support import make_event, teacher

    def request(**fields):
        values = {
            "topic": "ВПР по математике", "subject": "maths", "deficit_area": "assessment",
            "support_kind": "consultative", "teacher_category": "subject", "contact_name": "Учителева М. И.",
        }  # fmt: skip
        return request_submit(school=world.school_a, by=world.users["mentor_a"], **{**values, **fields})

    now = timezone.now()
    on_time, late, waiting, overdue = request(), request(), request(), request()
    ConsultationRequest.objects.filter(pk=on_time.pk).update(first_assigned_at=on_time.assign_due_at)
    ConsultationRequest.objects.filter(pk=late.pk).update(
        first_assigned_at=late.assign_due_at + dt.timedelta(hours=1)
    )
    ConsultationRequest.objects.filter(pk=overdue.pk).update(assign_due_at=now - dt.timedelta(days=2))
    assert waiting  # not assigned and not yet due: outside the denominator
    other = request_submit(
        school=world.school_b, by=world.users["curator_b"], topic="Чужой", subject="maths",
        deficit_area="assessment", support_kind="consultative", teacher_category="subject", contact_name="Б",
    )  # fmt: skip
    user = User.objects.create(username="cons-facts", last_name="Консультантова", first_name="Анна")
    consultant = consultant_create(
        user=user, points=[world.point], selected_on=dt.date(2026, 5, 1), training_programme="ДПП",
        subjects=["maths"], deficit_areas=["assessment"], teacher_categories=["subject"],
        formats=["online"], monthly_capacity=3, active_from=dt.date(2026, 8, 1),
    )  # fmt: skip
    for req, rating in ((on_time, 5), (late, 3), (late, None), (other, 1)):
        Consultation.objects.create(
            request=req, consultant=consultant, starts_at=now - dt.timedelta(days=1), format="online",
            duration_minutes=45, rating=rating, created_by=user,
        )  # fmt: skip
    facts = sql_facts(YEAR)
    # On time: 1; late: 1; overdue without a consultant: 1; waiting and not yet due: not counted.
    assert facts["consultation_requests_on_time"] == (1, 3)
    assert facts["consultation_rating"] == (8, 2)  # school B's rating is not school A's

    three_days_ago = now - dt.timedelta(days=3)
    event = make_event(
        world,
        starts_at=three_days_ago,
        ends_at=three_days_ago + dt.timedelta(hours=2),
        registration_deadline=three_days_ago - dt.timedelta(days=1),
    )
    for n, attended in ((1, True), (2, True), (3, False)):
        EventRegistration.objects.create(event=event, school=world.school_a, attended=attended, **teacher(n))
    EventRegistration.objects.create(event=event, school=world.school_b, attended=True, **teacher(4))
    for n in range(4):
        make.teacher(f"Педагог{n}")
    assert sql_facts(YEAR)["events_per_teacher_low_results"] == (2, 4)
