"""Page sessions end after the idle time and when the browser closes."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.support.world import PASSWORD


@pytest.fixture
def clock(time_machine):
    """The suite's clock, stopped where it is, to be moved on by hand."""
    time_machine.move_to(timezone.now(), tick=False)
    return time_machine


def logged_in() -> Client:
    client = Client()
    assert client.post("/login/", {"username": "curator_a", "password": PASSWORD}).status_code == 302
    return client


def test_a_session_ends_after_thirty_minutes_without_a_request(world, clock):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = logged_in()

    clock.shift(timedelta(minutes=29))
    assert client.get("/s/school-a/").status_code == 200
    # Each request starts the idle time again.
    clock.shift(timedelta(minutes=29))
    assert client.get("/s/school-a/").status_code == 200

    clock.shift(timedelta(minutes=31))
    response = client.get("/s/school-a/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_session_cookie_ends_with_the_browser(world):
    client = logged_in()

    # The cookie as the log-in set it (later requests renew the session server-side only).
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"]


def test_requests_within_a_minute_do_not_write_the_session(world, clock):
    client = logged_in()
    client.get("/s/school-a/")
    clock.shift(timedelta(seconds=30))
    with CaptureQueriesContext(connection) as queries:
        client.get("/s/school-a/")
    assert not [
        q for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]
    ]
    clock.shift(timedelta(seconds=31))
    with CaptureQueriesContext(connection) as queries:
        client.get("/s/school-a/")
    assert [
        q for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]
    ]
