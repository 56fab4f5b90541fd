"""A large import is done by a real Celery worker, in the schema of the school that queued it."""

from pathlib import Path

import pytest
from celery.result import AsyncResult
from django_tenants.utils import schema_context

from school_programs.models import Participant
from school_programs.services import imports
from school_programs.services.imports import import_job, participants_import_start
from tests.support import world as world_module
from tests.support.db import committed

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.worker
def test_a_large_file_is_imported_by_the_worker_in_the_schools_schema(worker, django_db_blocker, monkeypatch):
    # The page decides what is "large" (300 rows in the product); 30 rows keep the test quick.
    monkeypatch.setattr(imports, "INLINE_LIMIT", 10)
    rows = 30
    world = world_module.current
    lines = ["Код;Фамилия;Имя;Дата рождения;Класс"]
    lines += [f"W-{n};Ученик{n};Имя;01.09.2012;7А" for n in range(rows)]
    with committed(django_db_blocker):
        try:
            with schema_context(world.school_a.schema_name):
                started = participants_import_start(
                    kind="student", name="big.csv", content="\n".join(lines).encode()
                )
            outcome = AsyncResult(started.job_id).get(timeout=90)
            assert outcome["state"] == "done", outcome
            assert outcome["result"]["created"] == rows
            with schema_context(world.school_a.schema_name):
                assert import_job(started.job_id)["done"] == rows
                assert Participant.objects.filter(external_id__startswith="W-").count() == rows
            with schema_context(world.school_b.schema_name):
                assert not Participant.objects.filter(external_id__startswith="W-").exists()
        finally:
            with schema_context(world.school_a.schema_name):
                Participant.objects.filter(external_id__startswith="W-").delete()
    assert worker.poll() is None
