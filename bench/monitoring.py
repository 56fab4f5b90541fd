"""The programme's monitoring report for a school with 1,500 participants measured at entry and exit.

Each participant answered the same 40-item impact questionnaire twice (eight constructs of five Likert
items, anxiety items reversed), and has marks in five subjects before and after; they are mentees in
500 groups of three across three forms. Measured: the median time of the whole report
(selectors.monitoring.programme_report: load, pair, growth, bootstrap intervals, Wilcoxon tests and
effect sizes per construct, per form, per role model and per group) and its peak Python memory
(tracemalloc).

The stock way for the ratio (stock_report): what a first version would write — a loop over the
participants that asks the ORM for each one's responses, answers with their questions, pair or group
and marks (N+1), averages per construct in Python, and computes the same figures with the same
functions, cell by cell: per construct (marks included), per form and per role model, per pair or
group, and the respondent counts. Before the times are printed, its figures are checked to equal the
report's. Both ways, and the page, are timed alike: a warm-up run, then --repeat runs (median).
"""

from __future__ import annotations

import datetime
import random
import statistics
import time
import tracemalloc
from collections import defaultdict

import pandas as pd
from django.db import connection
from django.db.models import Q
from django.test import Client
from django_tenants.utils import schema_context

from bench import settle
from regional_center.models import Municipality, Region
from school_programs import analysis
from school_programs.analysis import ACADEMIC, ENTRY, EXIT
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
from school_programs.selectors.monitoring import (
    GRADE_SCALE,
    SCALES,
    MonitoringReport,
    growth_thresholds,
    programme_report,
)
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
WAVES = (ENTRY, EXIT)
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


def _item(question: Question, row: int | None) -> tuple[str, int] | None:
    """(construct, direction) of the item an answer answers, or None when it measures nothing."""
    if question.kind == Question.Kind.MATRIX:
        spec = (question.rows or [])[row] or {}
        construct = spec.get("construct") or question.construct
        direction = int(spec.get("direction") or question.direction)
    else:
        construct, direction = question.construct, question.direction
    return (construct, -1 if direction < 0 else 1) if construct else None


def _placement(participant: Participant, programme: Programme) -> GroupMentee | None:
    """The participant's pair or group in the programme: the current one, else the one joined last."""
    placements = GroupMentee.objects.filter(group__programme=programme, request__participant=participant)
    return max(
        placements.select_related("group"), key=lambda p: (p.left_on is None, p.joined_on), default=None
    )


def stock_report(programme: Programme) -> dict:
    """The stock way: what a first version of the same report would write. The ORM is asked per
    participant (their responses, each response's answers with their questions, their pair or group,
    their marks: N+1), scores are averaged in Python, and the same statistics are computed cell by
    cell with the same functions (analysis.summarise, academic_pairs, value_counts): per construct,
    marks included; per form and per role model, per construct and pooled; per pair or group; the
    respondent counts. Returns the figures of _figures(programme_report(…)), to be compared."""
    thresholds = growth_thresholds()
    values: dict[tuple[int, str, str], list[float]] = defaultdict(list)
    scales: dict[str, tuple[int, int]] = {}
    reversed_constructs: set[str] = set()
    respondents: dict[str, set[int]] = {ENTRY: set(), EXIT: set()}
    placed: dict[int, GroupMentee] = {}
    marks, windows = [], []
    people = (
        Participant.objects.filter(
            Q(
                survey_responses__distribution__programme=programme,
                survey_responses__distribution__wave__in=WAVES,
            )
            | Q(mentee_requests__placements__group__programme=programme)
        )
        .distinct()
        .order_by("pk")
    )
    for participant in people:
        responses = participant.survey_responses.filter(
            distribution__programme=programme, distribution__wave__in=WAVES
        ).select_related("distribution")
        for response in responses:
            wave = response.distribution.wave
            respondents[wave].add(participant.pk)
            for answer in response.answers.select_related("question"):
                question = answer.question
                if answer.number is None or question.kind not in SCALES:
                    continue
                item = _item(question, answer.row)
                if item is None:
                    continue
                construct, direction = item
                low, high = SCALES[question.kind]
                known = scales.get(construct, (low, high))
                scales[construct] = (min(known[0], low), max(known[1], high))
                if direction < 0:
                    reversed_constructs.add(construct)
                value = low + high - answer.number if direction < 0 else answer.number
                values[(participant.pk, construct, wave)].append(value)
        placement = _placement(participant, programme)
        if placement is None:
            continue
        placed[participant.pk] = placement
        group = placement.group
        windows.append(
            (participant.pk, placement.joined_on, placement.left_on or group.completed_on or group.end_date)
        )
        marks += [
            (participant.pk, mark.subject, mark.period, mark.period_end, float(mark.value))
            for mark in participant.grades.all()
        ]

    # (construct, participant, entry, exit) in participant order: the order the report's cells have.
    pairs = []
    for (person, construct, wave), entry in values.items():
        exit_ = values.get((person, construct, EXIT)) if wave == ENTRY else None
        if exit_:
            pairs.append((construct, person, sum(entry) / len(entry), sum(exit_) / len(exit_)))
    pairs.sort(key=lambda pair: pair[1])
    paired = len({person for _, person, _, _ in pairs})
    academic = analysis.academic_pairs(
        pd.DataFrame(marks, columns=["participant", "subject", "period", "period_end", "value"]),
        pd.DataFrame(windows, columns=["participant", "start", "end"]),
    )
    pairs += [(ACADEMIC, int(row.participant), row.entry, row.exit) for row in academic.itertuples()]
    scales[ACADEMIC] = GRADE_SCALE

    def summary(cell: list[tuple], construct: str) -> analysis.ChangeSummary:
        return analysis.summarise(
            [entry for _, _, entry, _ in cell],
            [exit_ for _, _, _, exit_ in cell],
            threshold=analysis.threshold_of(construct, thresholds),
        )

    by_construct: dict[str, list[tuple]] = defaultdict(list)
    for pair in pairs:
        by_construct[pair[0]].append(pair)
    constructs = {}
    for construct, cell in by_construct.items():
        low, high = scales[construct]
        constructs[construct] = (
            summary(cell, construct),
            low,
            high,
            construct in reversed_constructs,
            analysis.value_counts([entry for _, _, entry, _ in cell], low, high),
            analysis.value_counts([exit_ for _, _, _, exit_ in cell], low, high),
        )

    def pooled(key_of) -> dict:
        """Per key: participants, measurements and growths over every construct."""
        people, measured, grew = defaultdict(set), defaultdict(int), defaultdict(int)
        for construct, person, entry, exit_ in pairs:
            if person not in placed:
                continue
            key = key_of(placed[person])
            people[key].add(person)
            measured[key] += 1
            grew[key] += bool(analysis.grew([exit_ - entry], analysis.threshold_of(construct, thresholds))[0])
        return {key: (len(people[key]), measured[key], grew[key]) for key in people}

    def breakdown(key_of) -> dict:
        cells: dict[tuple, list[tuple]] = defaultdict(list)
        for pair in pairs:
            if pair[1] in placed:
                cells[(pair[0], key_of(placed[pair[1]]))].append(pair)
        return {
            "overall": pooled(key_of),
            "cells": {(construct, key): summary(cell, construct) for (construct, key), cell in cells.items()},
        }

    anonymous = SurveyResponse.objects.filter(
        distribution__programme=programme, distribution__wave__in=WAVES, participant__isnull=True
    ).count()
    return {
        "constructs": constructs,
        "by_form": breakdown(lambda placement: placement.group.form),
        "by_role_model": breakdown(lambda placement: placement.group.role_model_id or 0),
        "groups": pooled(lambda placement: placement.group_id),
        "counts": {
            "entry": len(respondents[ENTRY]),
            "exit": len(respondents[EXIT]),
            "anonymous": anonymous,
            "paired": paired,
            "academic": len(academic),
        },
    }


def _figures(report: MonitoringReport) -> dict:
    """The product report's figures in stock_report's shape (labels and ranks left aside)."""

    def breakdown(part) -> dict:
        return {
            "overall": {_key(r.key): (r.participants, r.measured, r.grew) for r in part.overall},
            "cells": {
                (construct, _key(row.key)): row.summary
                for construct, _, rows in part.by_construct
                for row in rows
            },
        }

    return {
        "constructs": {
            row.construct: (row.summary, row.low, row.high, row.reversed, row.entry_counts, row.exit_counts)
            for row in report.all_constructs
        },
        "by_form": breakdown(report.by_form),
        "by_role_model": breakdown(report.by_role_model),
        "groups": {line.group: (line.participants, line.measured, line.grew) for line in report.groups},
        "counts": {key: report.counts[key] for key in ("entry", "exit", "anonymous", "paired", "academic")},
    }


def _key(text: str):
    """Breakdown keys are strings on the report: role model ids back to integers, forms as they are."""
    return int(text) if text.isdigit() else text


def _assert_same(stock: dict, product: dict) -> None:
    for part in product:
        if stock[part] != product[part]:
            raise AssertionError(f"stock loop and report differ in {part}: {stock[part]} != {product[part]}")


class _QueryCounter:
    """Counts every query (CaptureQueriesContext keeps only the last 9,000; the stock way runs more)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        # django-tenants sets the schema's search path on every cursor: not a query of the report.
        if not sql.startswith("SET search_path"):
            self.count += 1
        return execute(sql, params, many, context)


def _measure(operation, repeat: int) -> tuple[tuple[float, float, float, int], object]:
    """Every way the same: a warm-up run (connection, query plans, caches), `repeat` timed runs, then
    one run under tracemalloc and a query counter. Returns (median s, slowest s, peak traced MiB,
    queries) and the warm-up's result."""
    result = operation()
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
    return (statistics.median(timings), max(timings), peak / 2**20, counter.count), result


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
    settle()
    with schema_context(school.schema_name):
        product, report = _measure(lambda: programme_report(programme), args.repeat)
        stock, figures = _measure(lambda: stock_report(programme), args.repeat)
        # Both ways must say the same before their times mean anything.
        _assert_same(figures, _figures(report))
    page, _ = _measure(_page(school), args.repeat)
    rows = [
        ("stock loop: per-participant ORM queries (N+1), the same figures", stock),
        ("Nastavnik programme report (selectors.monitoring.programme_report)", product),
        ("Nastavnik report page (HTML with charts, through the middleware)", page),
    ]
    print(
        f"\n## Monitoring report, {PARTICIPANTS} participants × 40 items at entry and exit "
        f"({answers} answers, {PARTICIPANTS * len(SUBJECTS) * 2} marks; data prepared in {filled:.0f} s)\n"
    )
    print(f"Each way: a warm-up run, then {args.repeat} timed runs; then one run for memory and queries.\n")
    print("| way | median, s | slowest, s | peak Python memory, MiB | queries | speed-up vs the first row |")
    print("|---|---:|---:|---:|---:|---:|")
    base = rows[0][1][0]
    for label, (seconds, slowest, memory, queries) in rows:
        print(
            f"| {label} | {seconds:.3f} | {slowest:.3f} | {memory:.1f} | {queries} | {base / seconds:.1f}× |"
        )
    best = report.by_form.best
    print(
        f"\nReport: {report.counts['paired']} paired participants, {len(report.constructs)} constructs "
        f"and marks, {len(report.by_role_model.overall)} role models, {len(report.groups)} groups; "
        f"best form: {best.label if best else '—'}. The stock loop's figures equal the report's: "
        f"{len(figures['constructs'])} constructs, {len(figures['by_form']['cells'])} form cells, "
        f"{len(figures['by_role_model']['cells'])} role-model cells, {len(figures['groups'])} groups."
    )
    target = rows[1][1][0]
    print(f"Target: the report under 1 s — {'met' if target < 1 else 'NOT met'} ({target:.3f} s).")
