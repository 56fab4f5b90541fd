"""Logging in, with a limit on failed attempts (pages and API token alike).

Schema: PUBLIC. Counters live in the cache (Redis) so every web process sees the same numbers.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def _keys(username: str, address: str) -> list[str]:
    login = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
    return [f"login-fail:user:{login}:{address}", f"login-fail:addr:{address}"]


def login_check(*, request, username: str, password: str):
    """Return the user for these credentials, or raise ValidationError with a Russian message.

    After LOGIN_ATTEMPTS_LIMIT failures for one login from one address (or five times as many from
    one address for any logins) further attempts are refused until the window passes, even with
    the right password.
    """
    limit = settings.LOGIN_ATTEMPTS_LIMIT
    window = settings.LOGIN_ATTEMPTS_WINDOW
    user_key, address_key = _keys(username, _client_address(request))
    counts = cache.get_many([user_key, address_key])
    if counts.get(user_key, 0) >= limit or counts.get(address_key, 0) >= limit * 5:
        minutes = max(1, window // 60)
        raise ValidationError(
            _("Слишком много неудачных попыток входа. Повторите через %(minutes)s мин.")
            % {"minutes": minutes},
            code="throttled",
        )
    user = authenticate(request, username=username, password=password)
    if user is None:
        for key in (user_key, address_key):
            cache.add(key, 0, timeout=window)
            cache.incr(key)
        raise ValidationError(_("Неверное имя пользователя (e-mail) или пароль."), code="invalid_login")
    cache.delete(user_key)
    return user
