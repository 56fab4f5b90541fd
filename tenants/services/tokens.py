"""API tokens: issued for a password login, listed and revoked by their owner.

Schema: PUBLIC. django-rest-knox stores only a hash of each token; the token itself is shown once,
when it is issued. Lifetimes: settings.REST_KNOX (idle and absolute).
"""

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from knox.models import AuthToken


@transaction.atomic
def token_issue(*, request, user) -> tuple[AuthToken, str]:
    """A new token for `user`; returns the stored record and the token (never stored in clear).

    Sends user_logged_in like a page login does: it records the last login and clears the user's
    failed-attempt counter for this address.
    """
    record, token = AuthToken.objects.create(user=user)
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    return record, token


def tokens_of(*, user) -> QuerySet[AuthToken]:
    """The user's tokens that still work, newest first."""
    now = timezone.now()
    return AuthToken.objects.filter(Q(expiry__isnull=True) | Q(expiry__gt=now), user=user).order_by(
        "-created"
    )


def token_revoke(*, user, token_key: str) -> bool:
    """Revoke one of the user's own tokens by its public prefix; False when there is none such."""
    deleted, _ = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    return deleted > 0


def token_revoke_current(*, token: AuthToken) -> None:
    token.delete()
