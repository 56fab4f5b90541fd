"""/healthz: is the application able to reach its database and its broker?

Public (load balancers and monitoring call it without a login), so a failure says only which
service failed; the exception, which may name hosts, users or paths, goes to the log.
"""

import logging
import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _check(name: str, probe) -> dict:
    started = time.perf_counter()
    try:
        probe()
    except Exception:
        logger.exception("health check: %s is unreachable", name)
        return {"ok": False}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _postgres() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _redis() -> None:
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()


@never_cache
def healthz(request):
    checks = {"postgresql": _check("postgresql", _postgres), "redis": _check("redis", _redis)}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )
