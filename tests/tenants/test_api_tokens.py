"""API tokens lapse, are revoked on logout and by their owner, and are stored only as a hash."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from tests.support.world import PASSWORD


@pytest.fixture
def clock(time_machine):
    """The suite's clock, stopped where it is, to be moved on by hand."""
    time_machine.move_to(timezone.now(), tick=False)
    return time_machine


def issue(username: str = "curator_a") -> str:
    response = Client().post(
        "/api/v1/auth/token/", {"username": username, "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def api(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def test_the_token_is_not_stored_in_clear(world):
    token = issue()

    with connection.cursor() as cursor:
        cursor.execute("SELECT digest, token_key FROM knox_authtoken")
        stored = cursor.fetchall()
    assert stored
    assert all(token not in digest for digest, _ in stored)
    # Only the first characters are kept, to find the hash to compare with.
    assert all(len(key) < len(token) for _, key in stored)
    assert api(token).get("/api/v1/me/").status_code == 200


def test_the_token_lapses_after_the_idle_time(world, clock):
    token = issue()
    clock.shift(timedelta(hours=7, minutes=50))
    assert api(token).get("/api/v1/me/").status_code == 200  # use moves the deadline on

    clock.shift(timedelta(hours=7, minutes=50))
    assert api(token).get("/api/v1/me/").status_code == 200

    clock.shift(timedelta(hours=8, minutes=5))
    assert api(token).get("/api/v1/me/").status_code == 401


def test_the_token_lapses_at_the_latest_a_day_after_it_was_issued(world, clock):
    token = issue()
    for _ in range(23):
        clock.shift(timedelta(hours=1))
        assert api(token).get("/api/v1/me/").status_code == 200

    clock.shift(timedelta(hours=1, minutes=5))
    assert api(token).get("/api/v1/me/").status_code == 401


def test_logout_revokes_the_token_it_is_made_with(world):
    token, other = issue(), issue()

    assert api(token).post("/api/v1/auth/logout/").status_code == 204

    assert api(token).get("/api/v1/me/").status_code == 401
    assert api(other).get("/api/v1/me/").status_code == 200


def test_the_owner_lists_and_revokes_own_tokens(world):
    token, laptop = issue(), issue()

    listed = api(token).get("/api/v1/auth/tokens/").json()
    assert [item["key"] for item in listed] == [laptop[:15], token[:15]]
    assert [item["current"] for item in listed] == [False, True]
    assert all(item["expiry"] for item in listed)
    assert all(laptop not in str(item) and token not in str(item) for item in listed)

    assert api(token).delete(f"/api/v1/auth/tokens/{laptop[:15]}/").status_code == 204
    assert api(laptop).get("/api/v1/me/").status_code == 401
    assert [item["key"] for item in api(token).get("/api/v1/auth/tokens/").json()] == [token[:15]]


def test_nobody_revokes_or_sees_another_users_token(world):
    mine, theirs = issue("curator_a"), issue("mentor_a")

    assert [item["key"] for item in api(mine).get("/api/v1/auth/tokens/").json()] == [mine[:15]]
    assert api(mine).delete(f"/api/v1/auth/tokens/{theirs[:15]}/").status_code == 404
    assert api(theirs).get("/api/v1/me/").status_code == 200


def test_a_lapsed_token_is_not_listed(world, clock):
    old = issue()
    clock.shift(timedelta(hours=9))
    fresh = issue()

    assert [item["key"] for item in api(fresh).get("/api/v1/auth/tokens/").json()] == [fresh[:15]]
    assert api(old).get("/api/v1/me/").status_code == 401
    assert not AuthToken.objects.filter(token_key=old[:15]).exists()
