"""Logging in, with a limit on failed attempts (pages and API token alike).

Schema: PUBLIC. django-axes counts failures in the cache (Redis, shared by every web process) per
combination of login and client address (settings: AXES_*). This module tells axes which address
is the client's behind the proxies, which login an attempt is for, and turns a lockout into a
Russian message.
"""

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from ..models import User


def client_address(request) -> str:
    """The client's address as the nearest of our own proxies saw it.

    Each of the PROXY_COUNT proxies in front of us appends the address it received the request from
    to X-Forwarded-For, so the client is that many entries from the right. Entries further left
    come from the client itself and are never believed: rewriting the header cannot change which
    counter an attempt lands in.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        # The request did not come through the expected proxies: the peer is all we know.
        return remote
    return forwarded[-count]


def lockout_username(request, credentials) -> str:
    """The counter's login: the account's user name when the login names an account, whatever
    spelling or e-mail was typed; otherwise the typed login, lower-cased."""
    typed = ((credentials or {}).get("username") or "").strip()
    condition = Q(username__iexact=typed)
    if "@" in typed:
        condition |= Q(email__iexact=typed)
    username = (
        User.objects.filter(condition).order_by("pk").values_list("username", flat=True).first()
        if typed
        else None
    )
    return (username or typed).lower()


def lockout_response(request, original_response, credentials=None):
    """The login page and the token API already answered with the Russian lockout message."""
    return original_response


def lockout_message() -> str:
    minutes = max(1, settings.LOGIN_ATTEMPTS_WINDOW // 60)
    return _("Слишком много неудачных попыток входа. Повторите через %(minutes)s мин.") % {"minutes": minutes}


def login_check(*, request, username: str, password: str):
    """Return the user for these credentials, or raise ValidationError with a Russian message.

    After LOGIN_ATTEMPTS_LIMIT failures for one login from one client address, that login is
    refused from that address until LOGIN_ATTEMPTS_WINDOW passes, even with the right password
    (code "locked_out"). The same login from another address, and other logins from the same
    address, are not affected. `request` is Django's HttpRequest (the API passes request._request).
    """
    user = authenticate(request, username=username, password=password)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            raise ValidationError(lockout_message(), code="locked_out")
        raise ValidationError(_("Неверное имя пользователя (e-mail) или пароль."), code="invalid_login")
    return user
