"""Celery tasks of analytics: thin, by id, in the public schema (the service switches per school)."""

from celery import shared_task

from nastavnik.celery import RETRYING, SOFT_TIME_LIMIT

from .models import RecomputeRun
from .services import recompute


@shared_task(
    bind=True,
    name=recompute.RECOMPUTE_CHUNK_TASK,
    **{**RETRYING, "soft_time_limit": 2 * SOFT_TIME_LIMIT, "time_limit": 2 * SOFT_TIME_LIMIT + 60},
)
def recompute_chunk_task(self, run_id: int, school_ids: list[int]) -> int:
    """One chunk of schools of a run. Delivered again after a lost worker (acks_late), it skips
    the schools the run has done and recomputes the rest: the same facts, never a second set."""
    written = recompute.recompute_chunk(run_id=run_id, school_ids=school_ids)
    run = RecomputeRun.objects.only("status", "period").get(pk=run_id)
    if run.status == RecomputeRun.Status.DONE:
        # New facts, new data version: the dashboards' figures are computed now, not by the first page.
        dashboards_warm_task.delay(run.period)
    return written


@shared_task(bind=True, name="analytics.dashboards_warm", **RETRYING)
def dashboards_warm_task(self, period: str) -> int:
    """Compute and store the regions' dashboard figures for the period's new data version."""
    from .dashboards import warm_figures

    return warm_figures(period=period)


@shared_task(bind=True, name="analytics.recompute_incremental", **RETRYING)
def recompute_incremental_task(self) -> int:
    """Beat entry: recompute the schools whose data changed (and those without facts yet)."""
    return recompute.recompute_start(kind=RecomputeRun.Kind.INCREMENTAL).pk


@shared_task(bind=True, name="analytics.recompute_full", **RETRYING)
def recompute_full_task(self, period: str | None = None) -> int:
    """Every school again: after a change of the catalogue's SQL, or a past year's late data."""
    return recompute.recompute_start(kind=RecomputeRun.Kind.FULL, period=period).pk
