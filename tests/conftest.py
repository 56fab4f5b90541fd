import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client
from django.utils import timezone

from tests.support import clock
from tests.support import world as world_module
from tests.support.world import World

# Playwright's sync API runs an event loop in the test thread; Django would refuse ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """Stop the real clock before anything is built: see tests/support/clock.py."""
    config._nastavnik_clock = clock.travel()


def pytest_unconfigure(config):
    traveller = getattr(config, "_nastavnik_clock", None)
    if traveller is not None:
        traveller.stop()


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker):
    """The test database, plus the committed world every test shares (see tests/support/world.py).

    Replaces pytest-django's fixture, which creates no database when no collected test carries the
    django_db marker; the worker and browser tests use the database from other processes and
    threads without that marker.
    """
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        config = setup_databases(
            verbosity=request.config.option.verbose, interactive=False, aliases={"default"}
        )
        world_module.current = world_module.build_world()
    yield
    with django_db_blocker.unblock():
        connections.close_all()
        teardown_databases(config, verbosity=request.config.option.verbose)


@pytest.fixture
def world(db) -> World:
    return world_module.current


@pytest.fixture(autouse=True)
def _clean_cache():
    """Login throttling counters live in the cache: every test starts with none."""
    cache.clear()
    yield


@pytest.fixture
def client_of(world):
    """client_of("curator_a") → a Django test client logged in as that persona."""

    def make(persona: str) -> Client:
        client = Client()
        client.force_login(world.users[persona])
        return client

    return make


@pytest.fixture(scope="session")
def worker(django_db_setup):
    """A real Celery worker (solo pool) on the test database and Redis, for the whole session.

    Eager mode is no substitute: it runs a task in the caller's schema and would hide the bug of a
    task running in the wrong school.
    """
    from django.conf import settings
    from django.db import connection

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nastavnik.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        clock.ENV_VAR: timezone.now().isoformat(),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.support.clocked",
            "-A",
            "nastavnik",
            "worker",
            "--pool=solo",
            "--loglevel=warning",
            "-I",
            "tests.support.tasks",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
    )
    yield process
    process.terminate()
    process.wait(20)
