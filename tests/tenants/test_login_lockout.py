"""Failed logins lock one login from one address, never anybody else (django-axes).

Behind the shipped nginx every request comes from nginx's address, and a whole school reaches the
server from one address behind its NAT: a lockout keyed on the address alone would lock out the
region. It is keyed on the login AND the client's address, read from X-Forwarded-For as far as
our own proxies vouch for it.
"""

import time
from datetime import timedelta

import pytest
from django.test import Client

from tenants.services.login import client_address
from tests.support.world import PASSWORD

LOCKED = "Слишком много неудачных попыток входа"
NGINX = "172.18.0.5"


def page_login(client: Client, username: str, password: str, **headers):
    return client.post("/login/", {"username": username, "password": password}, **headers)


def api_login(client: Client, username: str, password: str, **headers):
    return client.post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        content_type="application/json",
        **headers,
    )


def fail_five_times(login, username: str, **headers) -> list[int]:
    client = Client()
    return [login(client, username, "wrong", **headers).status_code for _ in range(5)]


# --- one address, no proxy ------------------------------------------------------------------------


def test_five_failures_lock_the_login_from_that_address_even_with_the_right_password(world):
    statuses = fail_five_times(page_login, "curator_a", REMOTE_ADDR="203.0.113.7")
    assert statuses == [200, 200, 200, 200, 429]

    response = page_login(Client(), "curator_a", PASSWORD, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert "Слишком много неудачных попыток входа. Повторите через 5 мин." in response.content.decode()


def test_another_user_behind_the_same_address_still_logs_in(world):
    # A whole school behind one NAT address: someone there fails on many logins, 30 times in all.
    for login in ["curator_a", "director_a", "analyst", "coordinator", "nobody", "admin"]:
        fail_five_times(page_login, login, REMOTE_ADDR="203.0.113.7")

    response = page_login(Client(), "mentor_a", PASSWORD, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302


def test_the_owner_from_another_address_still_logs_in(world):
    fail_five_times(page_login, "curator_a", REMOTE_ADDR="203.0.113.7")

    response = page_login(Client(), "curator_a", PASSWORD, REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 302


def test_spellings_and_the_e_mail_of_one_account_share_one_counter(world):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for login in ["curator_a", "CURATOR_A", " Curator_A", "curator_a@example.test", "Curator_A@Example.Test"]:
        page_login(client, login, "wrong")

    response = page_login(client, "curator_a", PASSWORD)
    assert response.status_code == 429


def test_a_success_before_the_limit_starts_the_count_again(world):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(4):
        page_login(client, "curator_a", "wrong")
    assert page_login(Client(REMOTE_ADDR="203.0.113.7"), "curator_a", PASSWORD).status_code == 302
    for _ in range(4):
        page_login(client, "curator_a", "wrong")
    assert page_login(Client(REMOTE_ADDR="203.0.113.7"), "curator_a", PASSWORD).status_code == 302


def test_the_lock_ends_when_the_window_passes(world, settings):
    # Counters expire in Redis, on Redis's own clock: a short real window instead of a travelled one.
    settings.AXES_COOLOFF_TIME = timedelta(seconds=1)
    fail_five_times(page_login, "curator_a", REMOTE_ADDR="203.0.113.7")
    assert page_login(Client(), "curator_a", PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 429

    time.sleep(1.5)
    assert page_login(Client(), "curator_a", PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 302


# --- the API token endpoint -----------------------------------------------------------------------


def test_the_api_locks_the_login_from_that_address_in_russian(world):
    statuses = fail_five_times(api_login, "curator_a", REMOTE_ADDR="203.0.113.7")
    assert statuses == [400, 400, 400, 400, 429]

    response = api_login(Client(), "curator_a", PASSWORD, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert response.json() == {"detail": "Слишком много неудачных попыток входа. Повторите через 5 мин."}
    assert response["Retry-After"] == "300"


def test_the_api_lets_others_behind_the_address_and_the_owner_elsewhere_in(world):
    fail_five_times(api_login, "curator_a", REMOTE_ADDR="203.0.113.7")

    assert api_login(Client(), "mentor_a", PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 200
    assert api_login(Client(), "curator_a", PASSWORD, REMOTE_ADDR="198.51.100.4").status_code == 200


def test_page_and_api_failures_count_together(world):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        page_login(client, "curator_a", "wrong")
    for _ in range(2):
        api_login(client, "curator_a", "wrong")

    assert page_login(client, "curator_a", PASSWORD).status_code == 429


# --- behind the shipped nginx (one proxy) ---------------------------------------------------------


@pytest.fixture
def behind_nginx(settings):
    settings.PROXY_COUNT = 1


def through_nginx(client_address: str, sent_by_client: str = "") -> dict:
    """What nginx passes on: `$proxy_add_x_forwarded_for` appends the address it saw."""
    forwarded = f"{sent_by_client}, {client_address}" if sent_by_client else client_address
    return {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": forwarded}


def test_behind_the_proxy_one_persons_failures_lock_nobody_else(world, behind_nginx):
    fail_five_times(page_login, "curator_a", **through_nginx("203.0.113.7"))

    # Everybody reaches the application from nginx's address; only the attacker is locked.
    assert page_login(Client(), "curator_a", PASSWORD, **through_nginx("203.0.113.7")).status_code == 429
    assert page_login(Client(), "curator_a", PASSWORD, **through_nginx("198.51.100.4")).status_code == 302
    assert page_login(Client(), "mentor_a", PASSWORD, **through_nginx("203.0.113.7")).status_code == 302


def test_behind_the_proxy_rewriting_x_forwarded_for_does_not_skip_the_limit(world, behind_nginx):
    client = Client()
    statuses = [
        page_login(client, "curator_a", "wrong", **through_nginx("203.0.113.7", f"10.0.0.{n}")).status_code
        for n in range(5)
    ]
    assert statuses[-1] == 429

    for forged in ["10.9.9.9", "198.51.100.4", "198.51.100.4, 192.0.2.1", "garbage"]:
        response = api_login(client, "curator_a", PASSWORD, **through_nginx("203.0.113.7", forged))
        assert response.status_code == 429, forged


def test_without_a_proxy_x_forwarded_for_is_not_believed(world):
    # Locally (NASTAVNIK_PROXY_COUNT=0) the header is the client's own text: only REMOTE_ADDR counts.
    client = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(5):
        page_login(client, "curator_a", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")

    assert page_login(client, "curator_a", PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.99").status_code == 429


def test_the_client_address_is_read_as_far_as_our_proxies_vouch_for_it(rf, settings):
    def address(remote: str, forwarded: str | None) -> str:
        meta = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            meta["HTTP_X_FORWARDED_FOR"] = forwarded
        return client_address(rf.post("/login/", **meta))

    settings.PROXY_COUNT = 0
    assert address("203.0.113.7", "10.0.0.1") == "203.0.113.7"
    settings.PROXY_COUNT = 1
    assert address(NGINX, "203.0.113.7") == "203.0.113.7"
    assert address(NGINX, "10.0.0.1, 203.0.113.7") == "203.0.113.7"
    # Not through nginx after all (no header): the peer is all we know.
    assert address("198.51.100.4", None) == "198.51.100.4"
    # A load balancer in front of nginx: it appends the client, nginx appends the balancer.
    settings.PROXY_COUNT = 2
    assert address(NGINX, "10.0.0.1, 203.0.113.7, 192.0.2.10") == "203.0.113.7"
