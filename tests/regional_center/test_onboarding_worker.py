"""A large onboarding file is provisioned by a real Celery worker, in PUBLIC, with its progress."""

import pytest
from celery.result import AsyncResult

from tenants.models import School
from tenants.services import onboarding
from tenants.services.schemas import schema_drop
from tests.support import world as world_module
from tests.support.db import committed

SLUGS = ["worker-1", "worker-2", "worker-3"]


@pytest.fixture
def cleanup(django_db_blocker):
    yield
    with committed(django_db_blocker):
        for school in School.objects.filter(slug__in=SLUGS):
            schema_drop(school.schema_name)
            school.delete()


@pytest.mark.worker
def test_the_worker_creates_the_schools_and_the_job_says_so(worker, django_db_blocker, monkeypatch, cleanup):
    monkeypatch.setattr(onboarding, "INLINE_LIMIT", 1)
    world = world_module.current
    rows = "\n".join(f"{slug};МБОУ «{slug}»;{slug};Городской округ Тестовск" for slug in SLUGS)
    content = f"код;полное наименование;краткое наименование;муниципалитет\n{rows}\n".encode()
    with committed(django_db_blocker):
        started = onboarding.schools_onboard_start(region=world.region, name="s.csv", content=content)
        assert started.job_id and not School.objects.filter(slug__in=SLUGS).exists()
        result = AsyncResult(started.job_id).get(timeout=180)
        assert result == {"state": "done", "schools": 3, "errors": 0}
        job = onboarding.onboarding_job(started.job_id)
        assert (job["state"], job["done"], job["total"], job["schools"]) == ("done", 3, 3, SLUGS)
        assert sorted(School.objects.filter(slug__in=SLUGS).values_list("slug", flat=True)) == SLUGS
        assert all(
            s.year_statuses.filter(start_year=2026).exists() for s in School.objects.filter(slug__in=SLUGS)
        )
    assert worker.poll() is None
