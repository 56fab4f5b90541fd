"""A person's page sessions: recorded at log-in, listed in «Личный кабинет», ended one by one or all.

Django's database sessions do not say whose they are without decoding each one; a UserSession row,
written when the user logs in (the user_logged_in signal, connected in tenants.apps), links them.
Sessions begun before that row existed are not listed, but are ended by deactivation all the same
(the user's memberships and login are refused, and the auth hash check ends them at the next
password change).

Schema: PUBLIC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from ..models import UserSession
from .login import client_address


@dataclass(frozen=True)
class SessionRow:
    id: int
    started: datetime
    last_activity: datetime | None
    ip: str | None
    device: str
    current: bool


def session_record(*, request, user) -> UserSession | None:
    """Write down the session a page log-in just started (an API token log-in has none)."""
    session = getattr(request, "session", None)
    if session is None or not session.session_key or str(session.get(SESSION_KEY)) != str(user.pk):
        return None
    record, _ = UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "ip": client_address(request) or None,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
            "created_at": timezone.now(),
        },
    )
    return record


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    if request is not None:
        session_record(request=request, user=user)


def session_rekey(*, old_key: str | None, new_key: str | None) -> None:
    """The session got a new key (password change cycles it): keep its row."""
    if old_key and new_key and old_key != new_key:
        UserSession.objects.filter(session_key=old_key).update(session_key=new_key)


def sessions_of(*, user, current_key: str | None = None) -> list[SessionRow]:
    """The user's sessions that still work, the current one first."""
    now = timezone.now()
    records = list(UserSession.objects.filter(user=user))
    expiry = dict(
        Session.objects.filter(
            session_key__in=[r.session_key for r in records], expire_date__gt=now
        ).values_list("session_key", "expire_date")
    )
    age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    rows = [
        SessionRow(
            id=r.pk,
            started=r.created_at,
            # An active session is saved at least once a minute (nastavnik.sessions), moving its
            # expiry on: its last activity is known to the minute.
            last_activity=expiry[r.session_key] - age,
            ip=r.ip,
            device=describe_device(r.user_agent),
            current=r.session_key == current_key,
        )
        for r in records
        if r.session_key in expiry
    ]
    return sorted(rows, key=lambda row: (not row.current, -(row.last_activity or row.started).timestamp()))


@transaction.atomic
def session_revoke(*, user, session_id: int) -> bool:
    """End one of the user's own sessions; False when they have none with this id."""
    record = UserSession.objects.filter(user=user, pk=session_id).first()
    if record is None:
        return False
    Session.objects.filter(session_key=record.session_key).delete()
    record.delete()
    return True


@transaction.atomic
def sessions_revoke_others(*, user, current_key: str | None) -> int:
    records = UserSession.objects.filter(user=user).exclude(session_key=current_key or "")
    keys = list(records.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    records.delete()
    return len(keys)


@transaction.atomic
def sessions_end_all(*, user) -> None:
    """Every recorded session of the user ends (deactivation)."""
    sessions_revoke_others(user=user, current_key=None)


def describe_device(user_agent: str) -> str:
    """«Chrome, Windows»: enough for a person to recognise their own device."""
    agent = user_agent or ""
    browser = next(
        (
            name
            for marker, name in (
                ("YaBrowser", "Яндекс Браузер"),
                ("Edg/", "Edge"),
                ("OPR/", "Opera"),
                ("Firefox/", "Firefox"),
                ("Chrome/", "Chrome"),
                ("Safari/", "Safari"),
            )
            if marker in agent
        ),
        "",
    )
    system = next(
        (
            name
            for marker, name in (
                ("Android", "Android"),
                ("iPhone", "iPhone"),
                ("iPad", "iPad"),
                ("Windows", "Windows"),
                ("Mac OS X", "macOS"),
                ("Linux", "Linux"),
            )
            if marker in agent
        ),
        "",
    )
    return ", ".join(part for part in (browser, system) if part) or "неизвестное устройство"
