"""Page sessions that end after an idle time, without a database write on every request.

Django's `SESSION_SAVE_EVERY_REQUEST` would renew the session's expiry by saving it on each request:
one UPDATE for every page and every htmx fragment. Renewing it at most once a minute keeps the idle
time exact to within that minute and costs one write a minute per active user.
"""

from __future__ import annotations

import time

RENEWED_AT = "_nastavnik_renewed_at"
RENEW_EVERY_SECONDS = 60


class IdleSessionMiddleware:
    """After SessionMiddleware: marks an existing session modified when its last renewal is a minute
    old, so SessionMiddleware saves it with a fresh expiry (SESSION_COOKIE_AGE from now)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.session_key is not None:
            now = int(time.time())
            if now - session.get(RENEWED_AT, 0) >= RENEW_EVERY_SECONDS:
                session[RENEWED_AT] = now
        return self.get_response(request)


def renewed_at_login(sender, request, user, **kwargs):
    """A session is fresh when it is made at log-in: the next request need not save it again
    (connected to user_logged_in in tenants.apps)."""
    if request is not None and hasattr(request, "session"):
        request.session[RENEWED_AT] = int(time.time())
