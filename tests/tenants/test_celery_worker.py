"""A real Celery worker runs a task in the school schema it was queued from."""

import datetime
from pathlib import Path

import pytest
from django_tenants.utils import schema_context

from school_programs.models import Programme
from tests.support import world as world_module
from tests.support.db import committed
from tests.support.tasks import report_schema

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def committed_world(django_db_blocker):
    """Rows the worker (another process) can see: committed outside any test transaction, and
    removed again afterwards."""
    world = world_module.current
    with committed(django_db_blocker):
        with schema_context(world.school_a.schema_name):
            Programme.objects.create(
                title="Программа А", start_date=datetime.date(2026, 9, 1), end_date=datetime.date(2027, 5, 31)
            )
        yield world
        with schema_context(world.school_a.schema_name):
            Programme.objects.filter(title="Программа А").delete()


@pytest.mark.worker
def test_a_task_runs_in_the_schema_it_was_queued_from(worker, committed_world):
    world = committed_world
    with schema_context(world.school_a.schema_name):
        in_a = report_schema.delay()
    with schema_context(world.school_b.schema_name):
        in_b = report_schema.delay()
    assert in_a.get(timeout=60) == {"schema": world.school_a.schema_name, "programmes": ["Программа А"]}
    assert in_b.get(timeout=60) == {"schema": world.school_b.schema_name, "programmes": []}
    assert worker.poll() is None
