"""Per-school facts over a region of 2,000 schools: the set-based recompute beside the naive loop.

One seed school is filled through the ORM with a realistic programme (students and teachers, pairs
of every form, meetings, plans, entry/exit surveys, marks, a satisfaction survey, hiring dates); every
other school is a copy of its rows made by bulk SQL (INSERT … SELECT from the seed schema), then
varied by random UPDATEs (answers, marks, pair outcomes), so no two schools have the same figures.

Measured, in one run:
- the naive way: looping over school schemas with the ORM and the per-school Python indicator
  functions (school_programs.indicators, three indicators), on a sample, extrapolated to all schools;
- the full recompute of every computed indicator by a real Celery worker (prefork, 2 processes),
  chunked — from queueing to the run's last school;
- the incremental recompute after changes in 20 schools;
- the peak memory (PSS) of all PostgreSQL processes, of its largest backend and of the worker.
"""

from __future__ import annotations

import datetime
import os
import random
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
from django.db import close_old_connections, connection
from django_tenants.utils import schema_context

from analytics import registry
from analytics.models import IndicatorFact, RecomputeRun, SchoolFactsState
from analytics.periods import period_bounds
from analytics.services import recompute
from regional_center.models import Municipality, Region
from tenants.models import School
from tenants.services.provisioning import SchoolData, school_create

PERIOD = "2025/26"  # a finished school year: the bench's figures do not depend on today's date
TODAY = datetime.date(2026, 11, 22)
QUEUE = "bench-analytics"
SEED_SLUG = "facts-seed"
NAIVE_SAMPLE = 100
CHANGED = 20
ROOT = Path(__file__).resolve().parents[1]


# --- The seed school ---------------------------------------------------------------------------------


def _seed_fill(school: School) -> None:
    """~3,000 rows: a mid-sized school's programme of the year 2025/26, through the ORM, once."""
    from school_programs import models as m

    rng = random.Random(2025)
    with schema_context(school.schema_name):
        if m.Participant.objects.exists():
            return
        students = m.Participant.objects.bulk_create(
            m.Participant(
                kind="student",
                last_name=f"Ученик{n}",
                first_name="Имя",
                grade=1 + n % 11,
                class_letter="АБ"[n % 2],
                birth_date=datetime.date(2018 - n % 11, 1 + n % 12, 1 + n % 28) if n % 20 else None,
            )
            for n in range(300)
        )
        teachers = m.Participant.objects.bulk_create(
            m.Participant(
                kind="teacher",
                last_name=f"Педагог{n}",
                first_name="Имя",
                position="учитель",
                experience_years=n % 25,
                hired_on=datetime.date(2015 + n % 10, 1 + n % 12, 1 + n % 28),
                left_on=datetime.date(2026, 6, 30) if n % 9 == 0 else None,
                qualification=["none", "first", "highest"][n % 3],
            )
            for n in range(50)
        )
        m.ParticipantCategory.objects.bulk_create(
            m.ParticipantCategory(participant=t, category="young_specialist") for t in teachers[:6]
        )
        programme = m.Programme.objects.create(
            title="Программа 2025/26",
            start_date=datetime.date(2025, 9, 1),
            end_date=datetime.date(2026, 5, 31),
            forms=list(m.Form.values),
            status="active",
        )
        plan = [  # (form, mentor pool, mentee pool, pairs)
            ("teacher_student", teachers[10:30], students[100:], 20),
            ("student_student", students[250:270], students[120:250], 20),
            ("teacher_teacher", teachers[30:36], teachers[:6], 6),
        ]
        groups, mentees = [], []
        for form, mentors, pool, count in plan:
            for k in range(count):
                mentor = m.MentorEntry.objects.create(
                    programme=programme, participant=mentors[k], forms=[form], selection="selected"
                )
                group = m.MentoringGroup.objects.create(
                    programme=programme,
                    form=form,
                    mentor=mentor,
                    start_date=datetime.date(2025, 10, 1),
                    end_date=datetime.date(2026, 5, 31),
                )
                person = pool[k]
                request = m.MenteeRequest.objects.create(
                    programme=programme, participant=person, form=form, topic="Запрос", status="matched"
                )
                m.GroupMentee.objects.create(group=group, request=request, joined_on=group.start_date)
                groups.append(group)
                mentees.append((person, request, group))
        m.Meeting.objects.bulk_create(
            m.Meeting(group=g, kind="working", held_on=datetime.date(2025, 10 + k, 10))
            for g in groups
            for k in range(3)
        )
        for _person, request, group in mentees:
            dev = m.DevelopmentPlan.objects.create(
                group=group,
                mentee=request,
                start_date=group.start_date,
                end_date=group.end_date,
                status="active",
            )
            section = m.PlanSection.objects.create(plan=dev, order=1, title="Раздел")
            m.PlanTask.objects.bulk_create(
                m.PlanTask(
                    section=section,
                    order=k,
                    task="Задача",
                    deadline=datetime.date(2025, 11, 15) + datetime.timedelta(days=30 * k),
                    result_status=rng.choice(["full", "partial", "not_achieved", ""]),
                )
                for k in range(1, 5)
            )
        survey = m.Survey.objects.create(title="Вход-выход", purpose="impact")
        version = m.SurveyVersion.objects.create(survey=survey, number=1)
        section = m.SurveySection.objects.create(version=version, order=1, title="Раздел")
        constructs = [
            ("competencies", 1),
            ("competencies", 1),
            ("deficit_methodical", -1),
            ("self_education", 1),
        ]
        questions = [
            m.Question.objects.create(
                section=section, order=n, kind="likert5", text=f"Вопрос {n}", construct=c, direction=d
            )
            for n, (c, d) in enumerate(constructs, start=1)
        ]
        entry = m.Distribution.objects.create(
            programme=programme, version=version, wave="entry",
            opens_on=datetime.date(2025, 10, 1), closes_on=datetime.date(2025, 10, 15),
        )  # fmt: skip
        exit_ = m.Distribution.objects.create(
            programme=programme, version=version, wave="exit",
            opens_on=datetime.date(2026, 5, 15), closes_on=datetime.date(2026, 5, 29),
        )  # fmt: skip
        answers = []
        for person, _, _ in mentees:
            for wave, bias in ((entry, 0), (exit_, 1)):
                response = m.SurveyResponse.objects.create(distribution=wave, participant=person)
                answers += [
                    m.Answer(
                        response=response,
                        question=q,
                        number=min(5, rng.randint(1, 4) + rng.choice([0, bias])),
                    )
                    for q in questions
                ]
        m.Answer.objects.bulk_create(answers)
        m.SurveyResponse.objects.filter(distribution=exit_).update(
            submitted_at=datetime.datetime(2026, 5, 20, 12, tzinfo=datetime.UTC)
        )
        m.Grade.objects.bulk_create(
            m.Grade(
                participant=person,
                subject=subject,
                period=label,
                period_end=end,
                value=rng.choice([3, 3.5, 4, 4.5]),
            )
            for person, _, _ in mentees
            if person.kind == "student"
            for subject in ("алгебра", "русский язык")
            for label, end in (
                ("2024/25, год", datetime.date(2025, 5, 31)),
                ("2025/26, год", datetime.date(2026, 5, 31)),
            )
        )
        satisfaction = m.Survey.objects.create(title="Удовлетворённость", purpose="satisfaction")
        s_version = m.SurveyVersion.objects.create(survey=satisfaction, number=1)
        s_section = m.SurveySection.objects.create(version=s_version, order=1, title="Раздел")
        s_questions = [
            m.Question.objects.create(section=s_section, order=n, kind="scale10", text=f"Оценка {n}")
            for n in (1, 2)
        ]
        once = m.Distribution.objects.create(
            programme=programme, version=s_version, wave="once",
            opens_on=datetime.date(2026, 5, 20), closes_on=datetime.date(2026, 5, 30),
        )  # fmt: skip
        s_answers = []
        for group in groups:
            response = m.SurveyResponse.objects.create(
                distribution=once, participant=group.mentor.participant
            )
            s_answers += [
                m.Answer(response=response, question=q, number=rng.randint(5, 10)) for q in s_questions
            ]
        m.Answer.objects.bulk_create(s_answers)
        m.SurveyResponse.objects.filter(distribution=once).update(
            submitted_at=datetime.datetime(2026, 5, 25, 12, tzinfo=datetime.UTC)
        )


def _copyable_tables(seed_schema: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
            "AND table_type = 'BASE TABLE' AND table_name <> 'django_migrations' ORDER BY table_name",
            [seed_schema],
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{seed_schema}"."{table}"')
            counts[table] = cursor.fetchone()[0]
    return [table for table in tables if counts[table]]


def _copy_sql(seed: str, target: str, tables: list[str], seed_value: float) -> str:
    """The seed's rows into a new school (reference rows it already has are skipped), then varied."""
    statements = [f"SELECT setseed({seed_value})"]
    statements += [
        f'INSERT INTO "{target}"."{table}" SELECT * FROM "{seed}"."{table}" ON CONFLICT DO NOTHING'
        for table in tables
    ]
    statements += [
        f'UPDATE "{target}".school_programs_answer SET number = least(5, greatest(1, number + '
        "floor(random() * 3)::int - 1)) WHERE number IS NOT NULL AND random() < 0.5",
        f'UPDATE "{target}".school_programs_grade SET value = least(5, greatest(2, value + '
        "(floor(random() * 3) - 1) * 0.5)) WHERE random() < 0.5",
        f'UPDATE "{target}".school_programs_mentoringgroup SET status = CASE WHEN random() < 0.5 '
        "THEN 'terminated' ELSE 'completed' END, completed_on = start_date + 90 WHERE random() < 0.15",
        f'UPDATE "{target}".school_programs_plantask SET result_status = '
        "(ARRAY['full', 'partial', 'exceeded', 'not_achieved', ''])[1 + floor(random() * 5)::int], "
        "exceeded_description = 'Сверх плана' WHERE random() < 0.5",
        f'DELETE FROM "{target}".school_programs_participant p '
        "WHERE p.kind = 'student' AND random() < 0.2 "
        f'AND NOT EXISTS (SELECT 1 FROM "{target}".school_programs_menteerequest r '
        "WHERE r.participant_id = p.id) "
        f'AND NOT EXISTS (SELECT 1 FROM "{target}".school_programs_mentorentry e '
        "WHERE e.participant_id = p.id)",
    ]
    return ";\n".join(statements)


def _region(schools: int) -> list[Municipality]:
    region, _ = Region.objects.get_or_create(name="Регион для замеров")
    return [
        Municipality.objects.get_or_create(region=region, name=f"Муниципалитет замеров {n:02d}")[0]
        for n in range(max(1, schools // 100))
    ]


def _provision(count: int) -> tuple[list[School], float]:
    municipalities = _region(count)
    seed = School.objects.filter(slug=SEED_SLUG).first() or school_create(
        data=SchoolData(
            slug=SEED_SLUG, full_name="Образец", short_name="Образец", municipality=municipalities[0]
        )
    )
    _seed_fill(seed)
    tables = _copyable_tables(seed.schema_name)
    existing = set(School.objects.filter(slug__startswith="facts-").values_list("slug", flat=True))
    wanted = [f"facts-{n:04d}" for n in range(count - 1)]
    missing = [slug for slug in wanted if slug not in existing]

    def make(index_slug):
        index, slug = index_slug
        close_old_connections()
        try:
            school = school_create(
                data=SchoolData(
                    slug=slug,
                    full_name=f"Школа {slug}",
                    short_name=slug,
                    municipality=municipalities[index % len(municipalities)],
                    low_results=index % 8 == 0,
                )
            )
            with connection.cursor() as cursor:
                cursor.execute(_copy_sql(seed.schema_name, school.schema_name, tables, (index % 1000) / 1000))
        finally:
            connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(make, [(wanted.index(slug), slug) for slug in missing]))
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # ANALYZE opened every table of every schema: this backend's catalogue cache is now over a GiB.
    # A fresh connection, so the memory measured below is the recompute's, not the set-up's.
    connection.close()
    schools = list(School.objects.filter(slug__startswith="facts-").order_by("pk"))
    return schools, seconds


# --- Memory ------------------------------------------------------------------------------------------


class PeakMemory:
    """Samples PSS (proportional set size, shared pages split between their users) every 0.1 s."""

    def __init__(self, worker: psutil.Process | None = None):
        self.worker = worker
        self.postgres = self.backend = self.worker_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @staticmethod
    def _pss(process: psutil.Process) -> int:
        try:
            return process.memory_full_info().pss
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            return 0

    def _sample(self):
        while not self._stop.is_set():
            sizes = [self._pss(p) for p in psutil.process_iter(["name"]) if p.info["name"] == "postgres"]
            self.postgres = max(self.postgres, sum(sizes))
            self.backend = max(self.backend, max(sizes, default=0))
            if self.worker is not None:
                try:
                    family = [self.worker, *self.worker.children(recursive=True)]
                except psutil.NoSuchProcess:
                    family = []
                self.worker_peak = max(self.worker_peak, sum(self._pss(p) for p in family))
            self._stop.wait(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _mib(value: int) -> str:
    return f"{value / 2**20:.0f}"


# --- The ways --------------------------------------------------------------------------------------


def _naive(schools: list[School]) -> float:
    """Loop over the schemas with the ORM: switch, call each Python indicator, save each fact."""
    start, end = period_bounds(PERIOD)
    codes = {i.code: i for i in IndicatorFact._meta.get_field("indicator").related_model.objects.all()}
    started = time.perf_counter()
    for school in schools:
        connection.set_tenant(school)
        for indicator in registry.indicators():
            numerator, denominator = indicator.compute(start=start, end=end)
            IndicatorFact.objects.update_or_create(
                school=school,
                indicator=codes[indicator.code],
                period=PERIOD,
                defaults={
                    "numerator": numerator,
                    "denominator": denominator,
                    "computed_at": datetime.datetime.now(datetime.UTC),
                },
            )
    connection.set_schema_to_public()
    return time.perf_counter() - started


def _start_worker() -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "nastavnik.settings.test"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "nastavnik", "worker", "--concurrency=2", "-Q", QUEUE,
         "--loglevel=warning", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    from nastavnik.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(timeout=0.5):
            return process
    raise RuntimeError("the bench worker did not start")


def _run_through_worker(kind: str) -> tuple[RecomputeRun, float]:
    started = time.perf_counter()
    run = recompute.recompute_start(kind=kind, period=PERIOD, chunk=25, stagger_seconds=0, queue=QUEUE)
    while RecomputeRun.objects.filter(pk=run.pk, status=RecomputeRun.Status.RUNNING).exists():
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    run.refresh_from_db()
    return run, seconds


def _change(schools: list[School]) -> None:
    """A meeting recorded in each of the schools, through the ORM (so the change marks are written)."""
    from school_programs.models import Meeting, MentoringGroup

    for school in schools:
        with schema_context(school.schema_name):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('school_programs_meeting', 'id'), "
                    "(SELECT coalesce(max(id), 1) FROM school_programs_meeting))"
                )
            group = MentoringGroup.objects.order_by("pk").first()
            Meeting.objects.create(group=group, kind="working", held_on=datetime.date(2026, 3, 2))


def run(args) -> None:
    count = args.analytics_schools
    schools, provision_seconds = _provision(count)
    print(
        f"\n(analytics: {len(schools)} schools ready, {provision_seconds:.0f} s to provision and fill the "
        f"missing ones by bulk SQL)"
    )
    # Registered statements answer today's question; the bench fixes today so figures are stable.
    recompute_school = recompute.recompute_school
    sample = schools[:NAIVE_SAMPLE]
    IndicatorFact.objects.all().delete()
    SchoolFactsState.objects.all().delete()
    naive_seconds = _naive(sample)
    naive_total = naive_seconds / len(sample) * len(schools)

    # In-process, one connection: the statement's own cost without Celery.
    IndicatorFact.objects.all().delete()
    started = time.perf_counter()
    for school in sample:
        recompute_school(school=school, period=PERIOD, today=TODAY)
    inline_seconds = time.perf_counter() - started
    IndicatorFact.objects.all().delete()
    SchoolFactsState.objects.all().delete()

    worker = _start_worker()
    try:
        with PeakMemory(psutil.Process(worker.pid)) as full_memory:
            full, full_seconds = _run_through_worker(RecomputeRun.Kind.FULL)
        _change(schools[-CHANGED:])
        with PeakMemory(psutil.Process(worker.pid)) as incremental_memory:
            incremental, incremental_seconds = _run_through_worker(RecomputeRun.Kind.INCREMENTAL)
    finally:
        worker.terminate()
        worker.wait(30)
    facts = IndicatorFact.objects.filter(period=PERIOD).count()

    print(f"\n## Per-school facts over {len(schools)} schools (issue 11)\n")
    print("| way | schools | facts | wall time, s | per school, ms |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| naive: ORM loop over schemas, 3 Python indicators, sample | {len(sample)} | {3 * len(sample)} | "
        f"{naive_seconds:.1f} | {naive_seconds / len(sample) * 1000:.0f} |"
    )
    print(
        f"| naive, extrapolated to all schools | {len(schools)} | {3 * len(schools)} | "
        f"{naive_total:.0f} | — |"
    )
    print(
        f"| SQL, one statement per school, one connection, sample | {len(sample)} | — | "
        f"{inline_seconds:.1f} | "
        f"{inline_seconds / len(sample) * 1000:.0f} |"
    )
    print(
        f"| SQL full recompute, Celery worker ×2, chunks of 25 | {full.schools_done} | "
        f"{full.facts_written} | "
        f"{full_seconds:.1f} | {full_seconds / max(full.schools_done, 1) * 1000:.1f} |"
    )
    print(
        f"| SQL incremental after changes in {CHANGED} schools | {incremental.schools_done} | "
        f"{incremental.facts_written} | {incremental_seconds:.2f} | — |"
    )
    print(f"\nFacts stored: {facts} (full run status: {full.status}, failed schools: {full.schools_failed}).")
    print("\n| peak memory (PSS), MiB | PostgreSQL, all processes | largest backend | worker (2 processes) |")
    print("|---|---:|---:|---:|")
    for label, memory in (("full recompute", full_memory), ("incremental", incremental_memory)):
        print(f"| {label} | {_mib(memory.postgres)} | {_mib(memory.backend)} | {_mib(memory.worker_peak)} |")
