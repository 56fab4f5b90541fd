"""Per-school facts: the school's SQL runs inside its schema and upserts two numbers per indicator.

Schema: PUBLIC — and the one module of the project that switches schemas for cross-school work.
Each school is one transaction: take the school's lock, take (delete) its change marks, put its
schema first on the search path with SET LOCAL (reverted by COMMIT or ROLLBACK, so a failure can
never leave the connection in a school), run each registered statement wrapped in
INSERT … ON CONFLICT (school, indicator, period) DO UPDATE, and record the data version the facts
reflect. A killed worker rolls its school back (marks included), and a rerun writes the same rows
again: there is exactly one fact per school, indicator and period whatever happens.

A run (RecomputeRun) splits its schools into chunks; each chunk is one Celery task, queued with a
growing countdown so 2,000 schools trickle in. The run's counts are recomputed from the facts' state
after every chunk, so a chunk delivered twice or a resumed run never counts a school twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from tenants.models import School

from .. import changes, registry
from ..models import Indicator, RecomputeRun, SchoolFactsState
from ..periods import period_bounds, school_year_label

logger = logging.getLogger(__name__)

DEFAULT_CHUNK = 50
DEFAULT_STAGGER_SECONDS = 5
LOCK_SPACE = 7_301  # pg_advisory_xact_lock(LOCK_SPACE, school id): one recompute of a school at a time
RECOMPUTE_CHUNK_TASK = "analytics.recompute_chunk"

_UPSERT = """
WITH computed(code, numerator, denominator) AS ({select})
INSERT INTO public.analytics_indicatorfact
    (school_id, indicator_id, period, numerator, denominator, computed_at, data_version)
SELECT %(school_id)s, i.id, %(period)s, computed.numerator, computed.denominator,
       %(computed_at)s, %(data_version)s
FROM computed
JOIN public.analytics_indicator i ON i.code = computed.code AND i.is_active
ON CONFLICT (school_id, indicator_id, period) DO UPDATE
SET numerator = EXCLUDED.numerator,
    denominator = EXCLUDED.denominator,
    computed_at = EXCLUDED.computed_at,
    data_version = EXCLUDED.data_version
"""

# While the year runs, the month's snapshot follows the facts just written (the last computation of
# the month stands for it): the interim measurements of the status forecast.
_SNAPSHOT = """
INSERT INTO public.analytics_factsnapshot
    (school_id, indicator_id, period, month, taken_on, numerator, denominator)
SELECT school_id, indicator_id, period, %(month)s, %(today)s, numerator, denominator
FROM public.analytics_indicatorfact
WHERE school_id = %(school_id)s AND period = %(period)s
ON CONFLICT (school_id, indicator_id, period, month) DO UPDATE
SET taken_on = EXCLUDED.taken_on, numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator
"""

_STATE = """
INSERT INTO public.analytics_schoolfactsstate (school_id, period, data_version, computed_at, run_id)
VALUES (%s, %s, %s, %s, %s)
ON CONFLICT (school_id, period) DO UPDATE
SET data_version = EXCLUDED.data_version, computed_at = EXCLUDED.computed_at, run_id = EXCLUDED.run_id
"""


@dataclass(frozen=True)
class SchoolTarget:
    id: int
    schema_name: str


def recompute_school(
    *, school: SchoolTarget | School, period: str, today: date | None = None, run_id: int | None = None
) -> int:
    """Recompute every computed indicator of one school for one school year; returns rows written.

    Runs in its own transaction (or savepoint) and leaves the connection in the schema it found it.
    """
    today = today or timezone.localdate()
    start, end = period_bounds(period)
    now = timezone.now()
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_SPACE, school.id])
        # The marks this computation covers: exactly those visible now. Their changes committed
        # with them, so the SELECTs below see the changes; a mark committed later stays for next time.
        cursor.execute(
            "DELETE FROM public.analytics_schooldatachange WHERE school_id = %s RETURNING id", [school.id]
        )
        seen = [row[0] for row in cursor.fetchall()]
        if seen:
            version = max(seen)
        else:
            cursor.execute(
                "SELECT coalesce(max(data_version), 0) FROM public.analytics_schoolfactsstate "
                "WHERE school_id = %s",
                [school.id],
            )
            version = cursor.fetchone()[0]
        cursor.execute("SELECT current_setting('search_path')")
        search_path = cursor.fetchone()[0]
        # The statements are written in join order, driven from the few rows of the year. Left to
        # itself, the planner spends 10–25 ms per school searching join orders of a 40-join query and,
        # misled by one-row estimates of the CTEs, may nest-loop answers by question (60–90 ms a school
        # instead of 10–30, measured by bench/analytics.py). JIT compiling would cost more than
        # running a school's rows. One round trip for all four settings.
        cursor.execute(
            f"SET LOCAL search_path TO {connection.ops.quote_name(school.schema_name)}, public; "
            "SET LOCAL join_collapse_limit = 1; SET LOCAL from_collapse_limit = 1; SET LOCAL jit = off"
        )
        for statement in registry.school_statements():
            select, params = statement.build(start=start, end=end, today=today)
            cursor.execute(
                _UPSERT.format(select=select),
                {
                    **params,
                    "school_id": school.id,
                    "period": period,
                    "computed_at": now,
                    "data_version": version,
                },
            )
            written += cursor.rowcount
        # Inside an outer transaction (a test, the demo) SET LOCAL would outlive this school.
        cursor.execute(
            "SELECT set_config('search_path', %s, true); "
            "RESET join_collapse_limit; RESET from_collapse_limit; RESET jit",
            [search_path],
        )
        if start <= today <= end:
            cursor.execute(
                _SNAPSHOT,
                {"school_id": school.id, "period": period, "month": today.replace(day=1), "today": today},
            )
        cursor.execute(_STATE, [school.id, period, version, now, run_id])
        changes.forget_marks(school.schema_name, cursor)
    return written


# --- Which schools --------------------------------------------------------------------------------


def _active_schools():
    return School.objects.filter(status=School.Status.ACTIVE).order_by("pk")


def schools_to_recompute(*, period: str) -> list[int]:
    """Active schools whose data changed since their facts, or that have no facts for the period yet."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.id FROM public.tenants_school s
            WHERE s.status = %s AND (
                EXISTS (SELECT 1 FROM public.analytics_schooldatachange c WHERE c.school_id = s.id)
                OR NOT EXISTS (SELECT 1 FROM public.analytics_schoolfactsstate f
                               WHERE f.school_id = s.id AND f.period = %s))
            ORDER BY s.id
            """,
            [School.Status.ACTIVE, period],
        )
        return [row[0] for row in cursor.fetchall()]


def _remaining(run: RecomputeRun) -> list[int]:
    """Schools of the run not yet recomputed by it (what a resumed run still has to do)."""
    if run.kind == RecomputeRun.Kind.FULL:
        done = SchoolFactsState.objects.filter(period=run.period, run=run).values("school_id")
        return list(_active_schools().exclude(pk__in=done).values_list("pk", flat=True))
    return schools_to_recompute(period=run.period)


# --- Runs -------------------------------------------------------------------------------------------


def chunks(items: list[int], size: int) -> list[list[int]]:
    if size < 1:
        raise ValueError("chunk size must be at least 1")
    return [items[index : index + size] for index in range(0, len(items), size)]


def recompute_start(
    *,
    kind: str = RecomputeRun.Kind.INCREMENTAL,
    period: str | None = None,
    chunk: int = DEFAULT_CHUNK,
    stagger_seconds: int = DEFAULT_STAGGER_SECONDS,
    queue: str | None = None,
) -> RecomputeRun:
    """Plan a run and queue its chunks (after commit); an incremental run with nothing to do is
    recorded as done at once."""
    if kind not in RecomputeRun.Kind.values:
        raise ValueError(f"unknown recompute kind {kind!r}")
    period = period or school_year_label(timezone.localdate())
    if kind == RecomputeRun.Kind.FULL:
        school_ids = list(_active_schools().values_list("pk", flat=True))
    else:
        school_ids = schools_to_recompute(period=period)
    with transaction.atomic():
        run = RecomputeRun.objects.create(kind=kind, period=period, schools_total=len(school_ids))
        _queue(run, school_ids, chunk=chunk, stagger_seconds=stagger_seconds, queue=queue)
        if not school_ids:
            _finish_if_complete(run.pk)
    run.refresh_from_db()
    return run


def recompute_resume(
    *,
    run: RecomputeRun,
    chunk: int = DEFAULT_CHUNK,
    stagger_seconds: int = DEFAULT_STAGGER_SECONDS,
    queue: str | None = None,
) -> RecomputeRun:
    """Queue again what an interrupted run has not done (a worker was killed, a chunk was lost)."""
    remaining = _remaining(run)
    with transaction.atomic():
        RecomputeRun.objects.filter(pk=run.pk).update(
            status=RecomputeRun.Status.RUNNING, finished_at=None, schools_failed=0, error=""
        )
        _queue(run, remaining, chunk=chunk, stagger_seconds=stagger_seconds, queue=queue)
        _finish_if_complete(run.pk)
    run.refresh_from_db()
    return run


def _queue(
    run: RecomputeRun, school_ids: list[int], *, chunk: int, stagger_seconds: int, queue: str | None
) -> None:
    from nastavnik.celery import app

    planned = chunks(school_ids, chunk)
    RecomputeRun.objects.filter(pk=run.pk).update(chunks_total=len(planned))

    def send():
        for index, part in enumerate(planned):
            # Public schema explicitly: the chunk switches to each school itself.
            app.send_task(
                RECOMPUTE_CHUNK_TASK,
                kwargs={"run_id": run.pk, "school_ids": part},
                countdown=index * stagger_seconds,
                headers={"_schema_name": "public"},
                **({"queue": queue} if queue else {}),
            )

    transaction.on_commit(send)


def recompute_chunk(*, run_id: int, school_ids: list[int], today: date | None = None) -> int:
    """One chunk of a run: each school in its own transaction; a failing school is recorded and
    the others go on. Schools this run already did (a redelivered chunk) are skipped."""
    run = RecomputeRun.objects.get(pk=run_id)
    done = set(
        SchoolFactsState.objects.filter(run=run, school_id__in=school_ids).values_list("school_id", flat=True)
    )
    if run.kind == RecomputeRun.Kind.INCREMENTAL:
        done -= set(schools_to_recompute(period=run.period))
    schools = [
        SchoolTarget(pk, schema)
        for pk, schema in School.objects.filter(pk__in=school_ids)
        .exclude(pk__in=done)
        .order_by("pk")
        .values_list("pk", "schema_name")
    ]
    written, failures = 0, []
    for school in schools:
        try:
            written += recompute_school(school=school, period=run.period, today=today, run_id=run.pk)
        except Exception as error:  # one school's broken data must not stop the other 1,999
            logger.exception("recompute of %s failed", school.schema_name)
            failures.append(f"{school.schema_name}: {error}")
    with transaction.atomic():
        RecomputeRun.objects.filter(pk=run.pk).select_for_update().get()
        run.refresh_from_db()
        run.facts_written += written
        run.schools_failed += len(failures)
        if failures:
            run.error = "\n".join([run.error, *failures]).strip()[-20_000:]
        run.save(update_fields=["facts_written", "schools_failed", "error"])
        _finish_if_complete(run.pk)
    # Each school schema touched fills this connection's catalogue cache; a fresh connection per
    # chunk keeps a worker's PostgreSQL backend small over 2,000 schemas.
    if not connection.in_atomic_block:
        connection.close()
    return written


def _finish_if_complete(run_id: int) -> None:
    run = RecomputeRun.objects.select_for_update().get(pk=run_id)
    run.schools_done = SchoolFactsState.objects.filter(run=run).count()
    if run.schools_done + run.schools_failed >= run.schools_total:
        run.status = RecomputeRun.Status.FAILED if run.schools_failed else RecomputeRun.Status.DONE
        run.finished_at = run.finished_at or timezone.now()
    run.save(update_fields=["schools_done", "status", "finished_at"])


def computed_codes() -> list[str]:
    """Codes the registered school statements compute (the rest are entered or public)."""
    return [code for statement in registry.school_statements() for code in statement.codes]


def uncomputed_active_codes() -> list[str]:
    """Active computed indicators no school statement produces: those of the regional layer's data
    (consultation points, events), computed from public tables, not inside a school."""
    known = set(computed_codes())
    return list(
        Indicator.objects.filter(is_active=True, source=Indicator.Source.COMPUTED)
        .exclude(code__in=known)
        .values_list("code", flat=True)
    )
