"""Browser tests: Debian's Chromium driven by Playwright, against a live server on localhost.

No browser is downloaded (nothing can be, here): Chromium comes from the system (`make browser-deps`).
Without it the tests are skipped with the reason, except under CI, where that is a failure.
"""

import os
import shutil

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler as _StaticFilesHandler
from django.core.management import call_command
from django.test.testcases import LiveServerThread

from tests.support.db import committed

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            if os.environ.get("CI"):
                item.add_marker(pytest.mark.usefixtures("_chromium_required"))
            else:
                item.add_marker(pytest.mark.skip(reason="Chromium is not installed: run `make browser-deps`"))


@pytest.fixture
def _chromium_required():
    pytest.fail("Chromium is not installed on CI: .ci/run should have installed it")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ru-RU", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="session")
def demo_site(django_db_setup, django_db_blocker):
    """The demo region, committed, served by a live server thread for the whole session."""
    with committed(django_db_blocker):
        call_command("seed_demo", verbosity=0)
    server = LiveServerThread("localhost", _StaticFilesHandler, connections_override=None, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    yield f"http://localhost:{server.port}"
    server.terminate()


@pytest.fixture
def site(demo_site, django_db_blocker):
    """The live server's address; database access stays open while the browser drives it."""
    with django_db_blocker.unblock():
        yield demo_site
