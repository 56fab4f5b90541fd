"""A worker killed in the middle of a recompute: the resumed run leaves exactly one set of facts."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from analytics.models import Indicator, IndicatorFact, RecomputeRun, SchoolDataChange, SchoolFactsState
from analytics.periods import period_bounds
from analytics.services import recompute
from school_programs.indicators_sql import CODES, school_facts_statement
from school_programs.models import Form
from tenants.models import School
from tenants.services.provisioning import SchoolData, school_create
from tenants.services.schemas import schema_drop
from tests.support import clock
from tests.support import school as make
from tests.support import world as world_module
from tests.support.db import committed

QUEUE = "analytics-kill-test"
YEAR = "2026/27"
SLUGS = [f"facts-{n}" for n in range(6)]
ROOT = Path(__file__).resolve().parents[2]


def _start_worker(*imports: str) -> subprocess.Popen:
    db = connection.settings_dict
    from django.conf import settings

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nastavnik.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        clock.ENV_VAR: timezone.now().isoformat(),
    }
    command = [sys.executable, "-m", "tests.support.clocked", "-A", "nastavnik", "worker", "--pool=solo"]
    command += [
        "-Q",
        QUEUE,
        "--loglevel=warning",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    for module in imports:
        command += ["-I", module]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def _wait(condition, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _facts_snapshot():
    return {
        "facts": list(IndicatorFact.objects.values()),
        "states": list(SchoolFactsState.objects.values()),
        "runs": set(RecomputeRun.objects.values_list("pk", flat=True)),
    }


def _restore(snapshot) -> None:
    """The session's committed facts as they were: the run recomputed every active school, and other
    tests (the demo's, the world's) must find exactly what they had."""
    IndicatorFact.objects.exclude(pk__in=[row["id"] for row in snapshot["facts"]]).delete()
    for row in snapshot["facts"]:
        IndicatorFact.objects.filter(pk=row["id"]).update(**{k: v for k, v in row.items() if k != "id"})
    SchoolFactsState.objects.exclude(pk__in=[row["id"] for row in snapshot["states"]]).delete()
    for row in snapshot["states"]:
        SchoolFactsState.objects.filter(pk=row["id"]).update(**{k: v for k, v in row.items() if k != "id"})
    RecomputeRun.objects.exclude(pk__in=snapshot["runs"]).delete()


@pytest.fixture
def schools(django_db_setup, django_db_blocker):
    world = world_module.current
    with committed(django_db_blocker):
        snapshot = _facts_snapshot()
        created = []
        for n, slug in enumerate(SLUGS):
            school = school_create(
                data=SchoolData(
                    slug=slug, full_name=f"Школа {slug}", short_name=slug, municipality=world.municipality
                )
            )
            with schema_context(school.schema_name):
                programme = make.programme()
                for k in range(n + 1):  # school n has n + 1 pairs: every school's facts differ
                    mentor = make.mentor(
                        programme, make.teacher(f"Наставник{k}"), forms=[Form.TEACHER_STUDENT]
                    )
                    make.group(
                        programme,
                        mentor,
                        [make.mentee(programme, make.student(f"Ученик{k}"), form=Form.TEACHER_STUDENT)],
                    )
            created.append(school)
    yield created
    with committed(django_db_blocker):
        for school in School.objects.filter(slug__in=SLUGS):
            schema_drop(school.schema_name)
            school.delete()
        _restore(snapshot)


def _expected(school) -> dict[str, tuple[int, int]]:
    start, end = period_bounds(YEAR)
    with schema_context(school.schema_name), connection.cursor() as cursor:
        sql, params = school_facts_statement(start=start, end=end, today=timezone.localdate())
        cursor.execute(sql, params)
        return {code: (n, d) for code, n, d in cursor.fetchall()}


@pytest.mark.worker
def test_a_killed_worker_s_run_resumes_to_exactly_one_set_of_facts(schools, django_db_blocker):
    slow = _start_worker("tests.analytics.slow_facts")
    steady = None
    try:
        with committed(django_db_blocker):
            run = recompute.recompute_start(
                kind=RecomputeRun.Kind.FULL, period=YEAR, chunk=2, stagger_seconds=0, queue=QUEUE
            )
            total = run.schools_total
            assert total >= len(SLUGS) + 2
            done = lambda: SchoolFactsState.objects.filter(run=run).count()  # noqa: E731
            _wait(lambda: done() >= 3, timeout=120, what="three schools recomputed")
            slow.send_signal(signal.SIGKILL)  # mid-chunk: a school's transaction is cut off
            slow.wait(20)
            time.sleep(1)  # the cut-off backend notices its client is gone and rolls back
            run.refresh_from_db()
            assert run.status == RecomputeRun.Status.RUNNING
            assert 3 <= done() < total

            steady = _start_worker()
            recompute.recompute_resume(run=run, chunk=2, stagger_seconds=0, queue=QUEUE)
            _wait(
                lambda: RecomputeRun.objects.get(pk=run.pk).status != RecomputeRun.Status.RUNNING,
                timeout=180,
                what="the resumed run to finish",
            )
            run.refresh_from_db()
            assert (run.status, run.schools_done, run.schools_failed) == (RecomputeRun.Status.DONE, total, 0)

            active = set(Indicator.objects.filter(is_active=True).values_list("code", flat=True))
            per_school = len(set(CODES) & active)
            computed = IndicatorFact.objects.filter(period=YEAR, indicator__code__in=CODES)
            assert computed.count() == total * per_school
            for school in schools:
                facts = {
                    f.indicator.code: (f.numerator, f.denominator)
                    for f in IndicatorFact.objects.filter(school=school, period=YEAR).select_related(
                        "indicator"
                    )
                }
                assert facts == {c: v for c, v in _expected(school).items() if c in active}
            assert facts["pairs_active"] == (len(SLUGS), len(SLUGS))  # the last school: 6 pairs
            assert not SchoolDataChange.objects.filter(school__in=schools).exists()
    finally:
        for process in (slow, steady):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(20)
