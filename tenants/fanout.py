"""Queue one task per school, chunked and staggered, so that 2,000 schools are not hit at once.

The periodic jobs of a school (reminders, digests, indicator recompute) are tasks that run inside the
school's schema. A beat entry queues a small task in the public schema, which calls for_each_school
with the per-school task's NAME: public code never imports the per-school app (import-linter), and
the worker resolves the name.

How the schema travels: tenant-schemas-celery puts the header `_schema_name` on every message (taken
from the connection's current schema unless the header is already set) and switches the worker's
connection to it before the task runs. Setting the header explicitly here queues for every school
without switching the web/beat process's own connection 2,000 times.

Schema: PUBLIC (reads tenants.School).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from celery.result import AsyncResult

from nastavnik.celery import app

from .models import School

DEFAULT_CHUNK = 50
DEFAULT_STAGGER_SECONDS = 30


@dataclass(frozen=True)
class Slot:
    """When one school's task is due: `countdown` seconds after queueing."""

    schema_name: str
    countdown: int


def fan_out_plan(
    schema_names: Sequence[str], *, chunk: int = DEFAULT_CHUNK, stagger_seconds: int = DEFAULT_STAGGER_SECONDS
) -> list[Slot]:
    """Schools in chunks of `chunk`; chunk k starts k × `stagger_seconds` after the first.

    With 2,000 schools, chunks of 50 and 30 s the last chunk starts after 19.5 minutes: the workers
    and the database see a steady trickle instead of a thundering herd.
    """
    if chunk < 1:
        raise ValueError("chunk must be at least 1")
    if stagger_seconds < 0:
        raise ValueError("stagger_seconds must not be negative")
    return [Slot(name, (index // chunk) * stagger_seconds) for index, name in enumerate(schema_names)]


def active_school_schemas() -> list[str]:
    """Working schools (suspended and archived ones get no periodic work), in a stable order."""
    return list(
        School.objects.filter(status=School.Status.ACTIVE)
        .order_by("pk")
        .values_list("schema_name", flat=True)
    )


@dataclass(frozen=True)
class Queued:
    slot: Slot
    result: AsyncResult


def for_each_school(
    task_name: str,
    *,
    chunk: int = DEFAULT_CHUNK,
    stagger_seconds: int = DEFAULT_STAGGER_SECONDS,
    args: Sequence = (),
    kwargs: dict | None = None,
) -> list[Queued]:
    """Queue the task named `task_name` once for every active school, in that school's schema."""
    queued = []
    for slot in fan_out_plan(active_school_schemas(), chunk=chunk, stagger_seconds=stagger_seconds):
        result = app.send_task(
            task_name,
            args=list(args),
            kwargs=kwargs or {},
            countdown=slot.countdown,
            headers={"_schema_name": slot.schema_name},
        )
        queued.append(Queued(slot, result))
    return queued
