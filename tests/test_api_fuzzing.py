"""API fuzzing: schemathesis calls every operation of the OpenAPI schema as the curator of school A.

Generated from the schema, so a new operation is fuzzed without anyone writing a test. Each
operation gets a few positive and negative cases (a small, fixed budget: the whole run stays well
under two minutes on two cores) and every answer must be:
- not a 5xx;
- a status the schema documents for the operation, with its content type and its body's schema.

The requests go through the real WSGI application in this process, inside the test's transaction,
so they see the test world (tests/support/world.py) and leave nothing behind. Ids in paths and
bodies are random: a 404 is documented for every operation of a school and is a fine answer.
"""

import hypothesis
import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.middleware.csrf import CSRF_ALLOWED_CHARS
from django.test import Client
from django.utils.crypto import get_random_string
from django_tenants.utils import schema_context
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from school_programs.models import Form
from tests.support import school as make
from tests.support.openapi import openapi_copy

MAX_EXAMPLES = 5
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,  # the same cases on every run: a failure reproduces
            "database": "none",
            # The session below is the credential: no generated `sessionid` cookie or token header.
            "with-security-parameters": False,
        },
        # The coverage phase would add dozens of boundary cases per operation; the budget goes to
        # generated cases instead. Stateful links are not declared in the schema.
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        # The only school the curator may enter; any other slug is a 404 and tests nothing.
        "parameters": {"school": "school-a"},
    }
)
schema = schemathesis.openapi.from_dict(openapi_copy(), config=CONFIG)


class _FuzzCount:
    """Counts the cases sent and prints the total at the end of the run (the docs quote it)."""

    def __init__(self):
        self.cases = 0
        self.operations: set[str] = set()

    def pytest_terminal_summary(self, terminalreporter):
        if self.cases:
            terminalreporter.write_line(
                f"API fuzzing: {self.cases} cases over {len(self.operations)} operations"
            )


fuzzed = _FuzzCount()


@pytest.fixture(scope="module", autouse=True)
def _report_the_count(request):
    if not request.config.pluginmanager.is_registered(fuzzed):
        request.config.pluginmanager.register(fuzzed, "api-fuzzing-count")


@pytest.fixture
def app(db):
    """The WSGI application, run inside the test's transaction.

    Django closes the connection at the end of each request when it is not in autocommit, which a
    test transaction never is; the test client avoids that in the same way.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        connection.set_schema_to_public()


@pytest.fixture
def curator_a(world) -> dict:
    """A session of the curator of school A, with its CSRF token (session auth checks it on writes)."""
    client = Client()
    client.force_login(world.users["curator_a"])
    csrf = get_random_string(32, allowed_chars=CSRF_ALLOWED_CHARS)
    return {
        "cookies": {
            settings.SESSION_COOKIE_NAME: client.session.session_key,
            settings.CSRF_COOKIE_NAME: csrf,
        },
        "headers": {"X-CSRFToken": csrf},
    }


@pytest.fixture
def real_ids(world) -> dict[str, int]:
    """A small programme in school A: half the generated integer ids are swapped for these, so that
    cases reach real objects (and their writes) and not only the 404 of a random id."""
    with schema_context(world.school_a.schema_name):
        prog = make.programme()
        child = make.student("Фаззингов", grade=7)
        parent = make.parent("Фаззингова", of=[child])
        entry = make.mentor(prog, make.teacher("Наставников"), forms=[Form.TEACHER_STUDENT])
        request = make.mentee(prog, child, form=Form.TEACHER_STUDENT)
        group = make.group(prog, entry, [request])
    return {
        "programme_id": prog.pk,
        "participant_id": child.pk,
        "child_id": child.pk,
        "parent_id": parent.pk,
        "entry_id": entry.pk,
        "request_id": request.pk,
        "group_id": group.pk,
        "role_model_id": group.role_model_id,
    }


@schema.parametrize()
@hypothesis.settings(
    suppress_health_check=[
        # `db` and `world` are function-scoped on purpose: every example shares the test's transaction.
        hypothesis.HealthCheck.function_scoped_fixture,
        hypothesis.HealthCheck.too_slow,
        hypothesis.HealthCheck.filter_too_much,
        hypothesis.HealthCheck.data_too_large,
    ],
)
def test_every_operation_answers_as_documented_and_never_with_a_server_error(case, app, curator_a, real_ids):
    for name, value in (case.path_parameters or {}).items():
        if name in real_ids and isinstance(value, int) and value % 2 == 0:
            case.path_parameters[name] = real_ids[name]
    fuzzed.cases += 1
    fuzzed.operations.add(case.operation.label)
    case.call_and_validate(app=app, checks=CHECKS, **curator_a)
