"""Helpers of the consultation tests: consultants and requests in the standing test world
(tests/support/world.py: school A in the point's municipality, school B — a ШНОР school — in another
one without a point)."""

import datetime
import itertools
import os
import tempfile
from pathlib import Path

import pytest

from consultation_points.models import DeficitArea, Format, Subject, SupportKind, TeacherCategory
from consultation_points.services.consultants import consultant_create
from consultation_points.services.requests import request_submit
from tenants.models import User

_numbers = itertools.count(1)

# The worker's e-mails as files (settings/test.py): set while the tests are collected, before any test
# starts the session's worker, which copies this environment.
MAIL_DIR_VAR = "NASTAVNIK_TEST_MAIL_DIR"
os.environ.setdefault(MAIL_DIR_VAR, tempfile.mkdtemp(prefix="nastavnik-mail-"))


@pytest.fixture
def mail_dir() -> Path:
    """The folder where the worker writes the e-mails it sends."""
    return Path(os.environ[MAIL_DIR_VAR])


@pytest.fixture
def make_consultant(world):
    def make(name="Консультантова", *, points=None, user=None, **profile):
        if user is None:
            n = next(_numbers)
            user = User.objects.create(
                username=f"cons{n}", last_name=name, first_name="Анна", email=f"cons{n}@example.test"
            )
        fields = {
            "selected_on": datetime.date(2026, 5, 1),
            "training_programme": "ДПП ПК «Наставничество» (72 ч)",
            "subjects": [Subject.MATHS],
            "deficit_areas": [DeficitArea.ASSESSMENT],
            "teacher_categories": [TeacherCategory.SUBJECT],
            "formats": [Format.IN_PERSON, Format.ONLINE],
            "monthly_capacity": 3,
            "active_from": datetime.date(2026, 8, 1),
        }
        fields.update(profile)
        return consultant_create(user=user, points=points or [world.point], **fields)

    return make


@pytest.fixture
def make_request(world):
    def make(*, school=None, by=None, **fields):
        values = {
            "topic": "Результаты ВПР по математике",
            "subject": Subject.MATHS,
            "deficit_area": DeficitArea.ASSESSMENT,
            "support_kind": SupportKind.CONSULTATIVE,
            "teacher_category": TeacherCategory.SUBJECT,
            "contact_name": "Учителева Мария Ивановна",
            "contact_email": "teacher@example.test",
            "contact_phone": "+7 900 000-00-00",
        }
        values.update(fields)
        return request_submit(school=school or world.school_a, by=by or world.users["mentor_a"], **values)

    return make
