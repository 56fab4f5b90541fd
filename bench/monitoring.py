"""The programme's monitoring report for a school with 1,500 participants measured at entry and exit.

Each participant answered the same 40-item impact questionnaire twice (eight constructs of five Likert
items, anxiety items reversed), and has marks in five subjects before and after; they are mentees in
500 groups of three across three forms. Measured: the median time of the whole report
(selectors.monitoring.programme_report: load, pair, growth, bootstrap intervals, Wilcoxon tests and
effect sizes per construct, per form, per role model and per group) and its peak Python memory
(tracemalloc).

The stock way for the ratio: what a first version would write — a loop over the participants that
asks the ORM for each one's responses and answers with their questions (N+1), averages per construct
in Python, and then computes the same statistics with the same functions; only data access differs.
"""

from __future__ import annotations

import datetime
import random
import statistics
import time
import tracemalloc
from collections import defaultdict

from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from regional_center.models import Municipality, Region
from school_programs import analysis
from school_programs.models import (
    Answer,
    Construct,
    Distribution,
    Form,
    Grade,
    GroupMentee,
    MenteeRequest,
    MentorEntry,
    MentoringGroup,
    Participant,
    ParticipantKind,
    Programme,
    Question,
    RoleModel,
    Survey,
    SurveyResponse,
    SurveySection,
    SurveyVersion,
)
from school_programs.selectors.monitoring import growth_thresholds, programme_report
from tenants.models import Membership, Role, School, User
from tenants.services.provisioning import SchoolData, school_create

SLUG = "bench-monitoring"
PARTICIPANTS = 1500
GROUP_SIZE = 3
SEED = 20261122
CONSTRUCTS = [
    (Construct.MOTIVATION, 1),
    (Construct.COMPETENCIES, 1),
    (Construct.METASUBJECT, 1),
    (Construct.ENGAGEMENT, 1),
    (Construct.ACTIVITY, 1),
    (Construct.SELF_ESTEEM, 1),
    (Construct.ANXIETY, -1),
    (Construct.SELF_EDUCATION, 1),
]
ITEMS_PER_CONSTRUCT = 5  # 8 × 5 = 40 items
FORMS = [Form.STUDENT_STUDENT, Form.TEACHER_STUDENT, Form.EMPLOYER_STUDENT]
# How much each form moves its mentees (in Likert points), so the ranking has something to find.
FORM_EFFECT = {Form.STUDENT_STUDENT: 0.3, Form.TEACHER_STUDENT: 0.7, Form.EMPLOYER_STUDENT: 0.5}
SUBJECTS = ["алгебра", "русский язык", "литература", "история", "биология"]
START = datetime.date(2026, 9, 1)
END = datetime.date(2027, 5, 31)


def _school() -> School:
    school = School.objects.filter(slug=SLUG).first()
    if school is None:
        region, _ = Region.objects.get_or_create(name="Регион для замеров")
        municipality, _ = Municipality.objects.get_or_create(region=region, name="Муниципалитет для замеров")
        school = school_create(
            data=SchoolData(
                slug=SLUG,
                full_name="Школа для замеров мониторинга",
                short_name="Школа",
                municipality=municipality,
            )
        )
    return school


def _fill() -> Programme:
    """Participants, groups, the questionnaire, 3,000 responses with 120,000 answers, 15,000 marks."""
    existing = Programme.objects.filter(title="Программа для замеров").first()
    if existing is not None:
        return existing
    rng = random.Random(SEED)
    programme = Programme.objects.create(
        title="Программа для замеров", start_date=START, end_date=END, forms=list(FORMS)
    )
    students = Participant.objects.bulk_create(
        Participant(
            kind=ParticipantKind.STUDENT,
            last_name=f"Ученик{n}",
            first_name="Имя",
            grade=5 + n % 6,
            class_letter="АБВ"[n % 3],
        )
        for n in range(PARTICIPANTS)
    )
    teachers = Participant.objects.bulk_create(
        Participant(
            kind=ParticipantKind.TEACHER, last_name=f"Наставник{n}", first_name="Имя", position="учитель"
        )
        for n in range(PARTICIPANTS // GROUP_SIZE)
    )
    role_models = {form: list(RoleModel.objects.filter(form=form)) for form in FORMS}
    mentors = MentorEntry.objects.bulk_create(
        MentorEntry(programme=programme, participant=teacher, forms=[FORMS[n % 3]], capacity=GROUP_SIZE)
        for n, teacher in enumerate(teachers)
    )
    requests = MenteeRequest.objects.bulk_create(
        MenteeRequest(
            programme=programme, participant=student, form=FORMS[(n // GROUP_SIZE) % 3], topic="Учёба"
        )
        for n, student in enumerate(students)
    )
    groups = MentoringGroup.objects.bulk_create(
        MentoringGroup(
            programme=programme,
            form=FORMS[n % 3],
            role_model=rng.choice(role_models[FORMS[n % 3]]) if role_models[FORMS[n % 3]] else None,
            mentor=mentor,
            start_date=datetime.date(2026, 10, 1),
            end_date=END,
        )
        for n, mentor in enumerate(mentors)
    )
    GroupMentee.objects.bulk_create(
        GroupMentee(group=groups[n // GROUP_SIZE], request=request, joined_on=datetime.date(2026, 10, 1))
        for n, request in enumerate(requests)
    )

    survey = Survey.objects.create(title="Влияние программы (замер)", purpose=Survey.Purpose.IMPACT)
    version = SurveyVersion.objects.create(survey=survey, number=1)
    section = SurveySection.objects.create(version=version, order=1, title="Утверждения")
    matrices = Question.objects.bulk_create(
        Question(
            section=section,
            order=order,
            kind=Question.Kind.MATRIX,
            text=f"Утверждения: {construct.label}",
            rows=[
                {"text": f"Утверждение {i}", "construct": str(construct), "direction": direction}
                for i in range(ITEMS_PER_CONSTRUCT)
            ],
        )
        for order, (construct, direction) in enumerate(CONSTRUCTS, start=1)
    )
    waves = {
        wave: Distribution.objects.create(
            programme=programme,
            version=version,
            wave=wave,
            opens_on=day,
            closes_on=day + datetime.timedelta(days=14),
        )
        for wave, day in ((Distribution.Wave.ENTRY, START), (Distribution.Wave.EXIT, END))
    }
    for wave, distribution in waves.items():
        responses = SurveyResponse.objects.bulk_create(
            SurveyResponse(distribution=distribution, participant=student) for student in students
        )
        answers = []
        for n, response in enumerate(responses):
            shift = FORM_EFFECT[FORMS[(n // GROUP_SIZE) % 3]] if wave == Distribution.Wave.EXIT else 0
            for matrix, (_, direction) in zip(matrices, CONSTRUCTS, strict=True):
                for row in range(ITEMS_PER_CONSTRUCT):
                    value = rng.gauss(2.8 + shift * direction, 0.9)
                    answers.append(
                        Answer(
                            response=response, question=matrix, row=row, number=min(5, max(1, round(value)))
                        )
                    )
        Answer.objects.bulk_create(answers, batch_size=10_000)
    marks = []
    for n, student in enumerate(students):
        for subject in SUBJECTS:
            before = rng.choice([3, 3, 4, 4, 5])
            after = min(5, before + (1 if rng.random() < 0.3 + 0.1 * (n % 3) else 0))
            marks.append(
                Grade(
                    participant=student,
                    subject=subject,
                    period="2025/26, год",
                    period_end=datetime.date(2026, 5, 31),
                    value=before,
                )
            )
            marks.append(
                Grade(
                    participant=student, subject=subject, period="2026/27, год", period_end=END, value=after
                )
            )
    Grade.objects.bulk_create(marks, batch_size=10_000)
    tables = ", ".join(
        model._meta.db_table for model in (Answer, SurveyResponse, Grade, GroupMentee, Question)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
    return programme


def naive_report(programme: Programme) -> dict:
    """The stock way: per participant, their responses, then each response's answers with questions."""
    thresholds = growth_thresholds()
    scores: dict[tuple[int, str], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    participants = Participant.objects.filter(survey_responses__distribution__programme=programme).distinct()
    for participant in participants:
        for response in participant.survey_responses.filter(distribution__programme=programme).select_related(
            "distribution"
        ):
            for answer in response.answers.select_related("question"):
                question = answer.question
                if answer.number is None or question.kind != Question.Kind.MATRIX:
                    continue
                row = question.rows[answer.row]
                value = answer.number if row["direction"] > 0 else 6 - answer.number
                scores[(participant.pk, row["construct"])][response.distribution.wave].append(value)
    by_construct: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for (_, construct), waves in scores.items():
        if waves.get("entry") and waves.get("exit"):
            entry, exit_ = by_construct[construct]
            entry.append(statistics.fmean(waves["entry"]))
            exit_.append(statistics.fmean(waves["exit"]))
    return {
        construct: analysis.summarise(entry, exit_, threshold=analysis.threshold_of(construct, thresholds))
        for construct, (entry, exit_) in by_construct.items()
    }


class _QueryCounter:
    """Counts every query (CaptureQueriesContext keeps only the last 9,000; the stock way runs more)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        # django-tenants sets the schema's search path on every cursor: not a query of the report.
        if not sql.startswith("SET search_path"):
            self.count += 1
        return execute(sql, params, many, context)


def _measure(operation, repeat: int, *, warm_up: bool = True) -> tuple[float, float, int]:
    """Median seconds over `repeat` runs, peak traced memory of one run (MiB), queries of one run."""
    if warm_up:
        operation()  # connection, imports, query plans
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        operation()
        timings.append(time.perf_counter() - started)
    counter = _QueryCounter()
    tracemalloc.start()
    with connection.execute_wrapper(counter):
        operation()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(timings), peak / 2**20, counter.count


def _page(school: School):
    """The report page as a curator opens it: routing, membership, the report, charts and template."""
    curator, created = User.objects.get_or_create(
        username="bench-monitoring-curator", defaults={"last_name": "Куратор", "first_name": "Замер"}
    )
    if created:
        Membership.objects.create(user=curator, role=Role.CURATOR, school=school)
    client = Client(HTTP_HOST="localhost")
    client.force_login(curator)

    def open_page():
        response = client.get(f"/s/{SLUG}/monitoring/")
        assert response.status_code == 200, response.status_code

    return open_page


def run(args) -> None:
    school = _school()
    with schema_context(school.schema_name):
        started = time.perf_counter()
        programme = _fill()
        filled = time.perf_counter() - started
        answers = Answer.objects.filter(response__distribution__programme=programme).count()
        report = programme_report(programme)
        rows = [
            (
                "stock loop: per-participant ORM queries (N+1), same statistics",
                # One run: it takes about twenty seconds and varies little.
                _measure(lambda: naive_report(programme), 1, warm_up=False),
            ),
            (
                "Nastavnik programme report (selectors.monitoring.programme_report)",
                _measure(lambda: programme_report(programme), args.repeat),
            ),
        ]
    rows.append(
        (
            "Nastavnik report page (HTML with charts, through the middleware)",
            _measure(_page(school), args.repeat),
        )
    )
    print(
        f"\n## Monitoring report, {PARTICIPANTS} participants × 40 items at entry and exit "
        f"({answers} answers, {PARTICIPANTS * len(SUBJECTS) * 2} marks; data prepared in {filled:.0f} s)\n"
    )
    print("| way | median, s | peak Python memory, MiB | queries | speed-up vs the first row |")
    print("|---|---:|---:|---:|---:|")
    base = rows[0][1][0]
    for label, (seconds, memory, queries) in rows:
        print(f"| {label} | {seconds:.3f} | {memory:.1f} | {queries} | {base / seconds:.1f}× |")
    best = report.by_form.best
    print(
        f"\nReport: {report.counts['paired']} paired participants, {len(report.constructs)} constructs "
        f"and marks, {len(report.by_role_model.overall)} role models, {len(report.groups)} groups; "
        f"best form: {best.label if best else '—'}."
    )
    target = rows[1][1][0]
    print(f"Target: the report under 1 s — {'met' if target < 1 else 'NOT met'} ({target:.3f} s).")
