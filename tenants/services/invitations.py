"""Invitations: a one-time link by e-mail with which a new person sets their password.

The token is 32 random bytes, sent in the e-mail and never stored: the database keeps its SHA-256
(like knox's API tokens), so a leaked backup opens no account. A link works once, for
settings.INVITATION_VALID_DAYS days; a new invitation revokes the person's earlier links.

Schema: PUBLIC.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..models import Invitation, User


class InvitationInvalid(ValidationError):
    """The link does not work (unknown, used, replaced, expired); `code` says which, for the page."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(*, token: str, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("invitation_accept", args=[token])


@transaction.atomic
def invitation_send(*, by, user: User, base_url: str) -> tuple[Invitation, str]:
    """A new link for `user`, e-mailed after the transaction commits; earlier links stop working.

    `base_url` is the site's address as the inviter sees it (scheme and host). Returns the
    invitation and the token (for the API caller's tests; it is not shown to anyone else)."""
    if not user.is_active:
        raise ValidationError({"user": "Учётная запись отключена: приглашение не отправлено."})
    if not user.email:
        raise ValidationError({"email": "У человека нет e-mail: приглашение некуда отправить."})
    now = timezone.now()
    Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        user=user,
        token_hash=token_hash(token),
        created_by=by,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    context = {
        "user": user,
        "by": by,
        "url": invitation_url(token=token, base_url=base_url),
        "expires_at": invitation.expires_at,
        "login": user.username,
    }
    subject = "Приглашение в «Наставник»"
    body = render_to_string("tenants/people/invitation_email.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))
    return invitation, token


def invitation_check(*, token: str, lock: bool = False) -> Invitation:
    """The invitation of a working link, or InvitationInvalid with a Russian reason."""
    queryset = Invitation.objects.select_related("user")
    if lock:
        queryset = queryset.select_for_update()
    invitation = queryset.filter(token_hash=token_hash(token or "")).first()
    if invitation is None:
        raise InvitationInvalid(
            "Ссылка-приглашение не найдена. Проверьте, что она скопирована целиком.", code="unknown"
        )
    if invitation.used_at is not None:
        raise InvitationInvalid(
            "Эта ссылка уже использована: пароль по ней задан. Войдите или восстановите пароль.", code="used"
        )
    if invitation.revoked_at is not None:
        raise InvitationInvalid(
            "Эта ссылка больше не действует: вам отправлено новое приглашение. Откройте последнее письмо.",
            code="revoked",
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationInvalid(
            "Срок действия ссылки истёк. Попросите того, кто вас пригласил, отправить приглашение ещё раз, "
            "или задайте пароль через «Восстановить пароль».",
            code="expired",
        )
    if not invitation.user.is_active:
        raise InvitationInvalid("Учётная запись отключена.", code="inactive")
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the password through a working link; the link is spent in the same transaction, so two
    requests with one link cannot both succeed (the row is locked)."""
    invitation = invitation_check(token=token, lock=True)
    user = invitation.user
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    return user


def invitations_revoke(*, user: User) -> int:
    """Every open link of the person stops working (deactivation)."""
    return Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
