"""The demo's people and roles (issue 8, section 2): a history in the grant log and a few invitations
still waiting for an answer.

Idempotent: the log is written once (when the demo has none), invited people are looked up by
e-mail, so a second run changes nothing. The invitations are e-mailed through the configured
backend: with the console backend of `make demo` their links appear in the terminal and can be
tried in the browser.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from .models import GrantLog, Membership, Role, School, User
from .services import people

BASE_URL = "http://localhost:8000/"

# Who, in the demo's story, granted each demo login's role (by login), and how many days ago.
GRANTED_BY = {
    "region.analyst": ("region.admin", 80),
    "municipal": ("region.admin", 78),
    "consultant": ("region.admin", 75),
    "director": ("municipal", 70),
    "curator.b": ("region.admin", 69),
    "curator": ("director", 68),
    "psychologist": ("director", 66),
    "mentor": ("curator", 60),
    "mentee": ("curator", 58),
}

# (last, first, middle, e-mail, role, where, invited by): people invited and not yet answered.
INVITED = [
    ("Лебедева", "Ирина", "Олеговна", "lebedeva@demo.local", Role.DIRECTOR, "yo-sosh-18", "region.admin"),
    ("Морозов", "Андрей", "Петрович", "morozov@demo.local", Role.PSYCHOLOGIST, "yo-sosh-7", "director"),
    ("Гусева", "Светлана", "Игоревна", "guseva@demo.local", Role.CURATOR, "yo-sosh-29", "region.admin"),
]


def seed_people(*, schools: dict[str, School]) -> None:
    if not GrantLog.objects.exists():
        _history(schools=schools)
    _invitations(schools=schools)


@transaction.atomic
def _history(*, schools: dict[str, School]) -> None:
    logins = {user.username: user for user in User.objects.filter(username__in=[*GRANTED_BY, "region.admin"])}
    now = timezone.now()
    for username, (by, days) in GRANTED_BY.items():
        user = logins.get(username)
        if user is None:
            continue
        for membership in Membership.objects.filter(user=user):
            _entry(
                membership,
                actor=logins.get(by),
                action=GrantLog.Action.GRANT,
                at=now - datetime.timedelta(days=days),
            )
    # A psychologist who left: appointed in September, the role taken back in November.
    former = User.objects.filter(username="demo.former").first()
    if former is None:
        former = User(
            username="demo.former",
            last_name="Белова",
            first_name="Нина",
            middle_name="Сергеевна",
            email="belova@demo.local",
            position="педагог-психолог",
        )
        former.set_unusable_password()
        former.full_clean()
        former.save()
    membership, _ = Membership.objects.get_or_create(
        user=former, role=Role.PSYCHOLOGIST, school=schools["yo-sosh-7"], defaults={"is_active": False}
    )
    director = User.objects.filter(username="director").first()
    _entry(membership, actor=director, action=GrantLog.Action.GRANT, at=now - datetime.timedelta(days=85))
    _entry(membership, actor=director, action=GrantLog.Action.REVOKE, at=now - datetime.timedelta(days=20))


def _entry(membership: Membership, *, actor, action: str, at) -> None:
    GrantLog.objects.create(
        actor=actor,
        user=membership.user,
        action=action,
        role=membership.role,
        region_id=membership.region_id,
        municipality_id=membership.municipality_id,
        consultation_point_id=membership.consultation_point_id,
        school_id=membership.school_id,
        where=str(membership.scope_object),
        at=at,
    )


def _invitations(*, schools: dict[str, School]) -> None:
    for last, first, middle, email, role, where, by in INVITED:
        if User.objects.filter(email__iexact=email).exists():
            continue
        inviter = User.objects.filter(username=by).first()
        if inviter is None:
            continue
        people.person_create(
            by=inviter,
            data=people.PersonData(last_name=last, first_name=first, middle_name=middle, email=email),
            role=role,
            scope=schools[where],
            base_url=BASE_URL,
        )
