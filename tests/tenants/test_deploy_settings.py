"""Production settings pass `manage.py check --deploy` and force HTTPS with HSTS by default."""

import json
import os
import subprocess
import sys

from django.conf import settings

# What a real deployment sets (.env.example); nothing else.
DEPLOY_ENV = {
    "DJANGO_SETTINGS_MODULE": "nastavnik.settings.production",
    "DJANGO_SECRET_KEY": "k3x!9s#p2v@7q^w8z&d4m*f6j(h1b)n0c-r5t+y=u_e%g$a" + "l2o9i8",
    "DJANGO_ALLOWED_HOSTS": "nastavnik.example.ru",
}

PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client

client = Client()
# An API answer: the pages need collected static files, which a test run does not have.
plain = client.get("/api/v1/me/", HTTP_HOST="nastavnik.example.ru")
secure = client.get("/api/v1/me/", HTTP_HOST="nastavnik.example.ru", HTTP_X_FORWARDED_PROTO="https")
health = client.get("/healthz", HTTP_HOST="nastavnik.example.ru")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location", "")],
    "secure": [secure.status_code, secure.get("Strict-Transport-Security", "")],
    "health": health.status_code,
    "proxy_count": settings.PROXY_COUNT,
}))
"""


def production(*args: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "NASTAVNIK_PROXY", "SECURE_"))
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**env, **DEPLOY_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = production("manage.py", "check", "--deploy", "--fail-level", "DEBUG")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_redirects_to_https_and_sends_hsts_behind_the_proxy():
    result = production("-c", PROBE)
    assert result.returncode == 0, result.stderr

    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers["plain"] == [301, "https://nastavnik.example.ru/api/v1/me/"]
    assert answers["secure"] == [401, "max-age=31536000; includeSubDomains; preload"]
    # The load balancer's plain-HTTP probe is not redirected.
    assert answers["health"] in (200, 503)
    assert answers["proxy_count"] == 1
