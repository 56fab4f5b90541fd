"""Helpers of the people and roles tests (issue 8, section 2).

The world's persona objects are shared by every test of the session, and tenants.access caches
memberships on a user object; tests that change roles work on fresh copies from the database.
"""

from __future__ import annotations

import itertools
import re

from django.core import mail

from tenants.models import Membership, User

_numbers = itertools.count(1)


def fresh(world, persona: str) -> User:
    return User.objects.get(pk=world.users[persona].pk)


def person(*, last_name=None, email=None, password=None, **fields) -> User:
    n = next(_numbers)
    user = User(
        username=fields.pop("username", f"person{n}"),
        last_name=last_name or f"Человек{n}",
        first_name=fields.pop("first_name", "Тест"),
        email=email if email is not None else f"person{n}@example.test",
        **fields,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def with_role(user: User, role, **scope) -> Membership:
    return Membership.objects.create(user=user, role=role, **scope)


LINK = re.compile(r"https?://[^\s]+/invite/([A-Za-z0-9_\-]+)/")
RESET_LINK = re.compile(r"https?://[^\s]+(/password-reset/[^\s]+/[^\s]+/)")


def invitation_token(to: str) -> str:
    """The token of the last invitation e-mailed to `to` (the test backend keeps mail in memory)."""
    for message in reversed(mail.outbox):
        if to in message.to:
            found = LINK.search(message.body)
            if found:
                return found.group(1)
    raise AssertionError(f"no invitation to {to} in {[m.to for m in mail.outbox]}")


def reset_path(to: str) -> str:
    for message in reversed(mail.outbox):
        if to in message.to:
            found = RESET_LINK.search(message.body)
            if found:
                return found.group(1)
    raise AssertionError(f"no reset e-mail to {to}")
