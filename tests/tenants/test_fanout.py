"""Fan-out over all schools: chunked, staggered, one message per active school in that school's schema."""

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import get_public_schema_name

from nastavnik.celery import app
from tenants import fanout
from tenants.models import School
from tests.support.tasks import report_schema


def test_schools_are_planned_in_chunks_with_growing_countdowns():
    names = [f"school_{n}" for n in range(120)]
    plan = fanout.fan_out_plan(names, chunk=50, stagger_seconds=30)
    assert [slot.schema_name for slot in plan] == names
    assert [slot.countdown for slot in plan] == [0] * 50 + [30] * 50 + [60] * 20


def test_two_thousand_schools_spread_over_the_default_window():
    plan = fanout.fan_out_plan([f"school_{n}" for n in range(2000)])
    countdowns = [slot.countdown for slot in plan]
    assert countdowns.count(0) == fanout.DEFAULT_CHUNK
    assert max(countdowns) == (2000 // fanout.DEFAULT_CHUNK - 1) * fanout.DEFAULT_STAGGER_SECONDS


def test_a_bad_chunk_is_refused():
    with pytest.raises(ValueError):
        fanout.fan_out_plan(["school_a"], chunk=0)
    with pytest.raises(ValueError):
        fanout.fan_out_plan(["school_a"], stagger_seconds=-1)


@pytest.fixture
def sent(monkeypatch):
    """What for_each_school would put on the queue, captured instead of sent."""
    messages = []

    def send_task(name, args=None, kwargs=None, **options):
        messages.append({"name": name, "args": args, "kwargs": kwargs, **options})
        return app.AsyncResult(f"captured-{len(messages)}")

    monkeypatch.setattr(fanout.app, "send_task", send_task)
    return messages


def test_each_active_school_gets_one_message_in_its_own_schema(world, sent):
    School.objects.create(
        slug="sleeping",
        schema_name="school_sleeping",
        full_name="Приостановленная школа",
        short_name="Спящая",
        municipality=world.municipality,
        status=School.Status.SUSPENDED,
    )
    active = list(School.objects.filter(status=School.Status.ACTIVE).order_by("pk"))
    queued = fanout.for_each_school("school_programs.reminders_send", chunk=1, stagger_seconds=45)
    assert [m["headers"] for m in sent] == [{"_schema_name": school.schema_name} for school in active]
    assert "school_sleeping" not in [m["headers"]["_schema_name"] for m in sent]
    assert [m["countdown"] for m in sent] == [45 * n for n in range(len(active))]
    assert {m["name"] for m in sent} == {"school_programs.reminders_send"}
    assert [q.slot.schema_name for q in queued] == [school.schema_name for school in active]
    assert connection.schema_name == get_public_schema_name()  # the caller's connection never moved


def test_the_daily_beat_entry_queues_the_reminders_of_every_school(world, sent):
    from school_programs.tasks import REMINDERS_TASK, reminders_fan_out_task

    entry = settings.CELERY_BEAT_SCHEDULE["school-reminders"]
    assert entry["task"] == reminders_fan_out_task.name
    assert reminders_fan_out_task.apply().get() == School.objects.filter(status=School.Status.ACTIVE).count()
    assert {m["name"] for m in sent} == {REMINDERS_TASK}
    assert {world.school_a.schema_name, world.school_b.schema_name} <= {
        m["headers"]["_schema_name"] for m in sent
    }


@pytest.mark.worker
def test_a_real_worker_runs_each_fanned_out_task_in_its_school(worker, world):
    queued = fanout.for_each_school(report_schema.name, chunk=1, stagger_seconds=0)
    schemas = {q.slot.schema_name: q.result.get(timeout=60)["schema"] for q in queued}
    assert schemas == {name: name for name in schemas}
    assert {world.school_a.schema_name, world.school_b.schema_name} <= set(schemas)
