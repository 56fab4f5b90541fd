"""E-mails of the consultation service: the assignment, and a reminder before each session.

Each sender marks what it sent (RequestEvent.notified_at, Consultation.reminder_sent_at) in the same
transaction as the e-mail, so a repeated delivery of the task sends nothing twice; if sending fails the
mark is rolled back and the task's retry sends again.

Schema: PUBLIC.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..models import Consultation, RequestEvent, RequestStatus

REMINDER_AHEAD = datetime.timedelta(hours=24)


def _site() -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/")


@transaction.atomic
def assignment_notify(*, event_id: int) -> list[str]:
    """Tell the consultant (and the person who made the request) who takes it. Returns the addresses."""
    event = (
        RequestEvent.objects.select_for_update(of=("self",))
        .select_related("request__school", "consultant__user", "request__submitted_by")
        .filter(pk=event_id)
        .first()
    )
    if event is None or event.notified_at is not None or event.consultant is None:
        return []
    request = event.request
    consultant = event.consultant
    link = _site() + reverse("consultations:request", args=[request.pk])
    sent = []
    if consultant.user.email:
        send_mail(
            f"Вам назначен запрос № {request.pk}: {request.topic}",
            (
                f"Здравствуйте, {consultant.user.first_name}!\n\n"
                f"Вам назначен запрос на методическую помощь № {request.pk} "
                f"от школы «{request.school.short_name}»"
                f"{' (ШНОР)' if request.is_priority else ''}.\n"
                f"Тема: {request.topic}\n"
                f"Контакт педагога: {request.contact_name}, {request.contact_email or '—'}, "
                f"{request.contact_phone or '—'}\n\n"
                f"Запрос: {link}\n"
            ),
            None,
            [consultant.user.email],
        )
        sent.append(consultant.user.email)
    requester = request.submitted_by
    if requester.email:
        send_mail(
            f"По запросу № {request.pk} назначен консультант",
            (
                f"Здравствуйте!\n\nПо вашему запросу «{request.topic}» назначен консультант: "
                f"{consultant.user.full_name}. Он свяжется с вами.\n\nЗапрос: {link}\n"
            ),
            None,
            [requester.email],
        )
        sent.append(requester.email)
    event.notified_at = timezone.now()
    event.save(update_fields=["notified_at"])
    return sent


def reminders_due(now: datetime.datetime | None = None):
    now = now or timezone.now()
    return Consultation.objects.filter(
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_AHEAD,
        reminder_sent_at__isnull=True,
        request__status__in=[RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS],
    ).select_related("consultant__user", "request__school")


@transaction.atomic
def consultation_remind(*, consultation_id: int) -> list[str]:
    """A reminder a day ahead to the consultant and the teacher (the request's contact)."""
    consultation = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("consultant__user", "request__school")
        .filter(pk=consultation_id, reminder_sent_at__isnull=True)
        .first()
    )
    if consultation is None:
        return []
    request = consultation.request
    when = timezone.localtime(consultation.starts_at)
    text = (
        f"Напоминаем: консультация по запросу № {request.pk} «{request.topic}» "
        f"({request.school.short_name}) — {when:%d.%m.%Y в %H:%M}, "
        f"{consultation.get_format_display()}, {consultation.duration_minutes} мин.\n"
        f"Консультант: {consultation.consultant.user.full_name}.\n"
    )
    recipients = [
        address for address in (consultation.consultant.user.email, request.contact_email) if address
    ]
    for address in recipients:
        send_mail(f"Консультация {when:%d.%m %H:%M}: {request.topic}", text, None, [address])
    consultation.reminder_sent_at = timezone.now()
    consultation.save(update_fields=["reminder_sent_at"])
    return recipients


def reminders_send(now: datetime.datetime | None = None) -> int:
    """Every session of the next day not reminded of yet, each in its own transaction."""
    sent = 0
    for consultation_id in reminders_due(now).values_list("pk", flat=True):
        if consultation_remind(consultation_id=consultation_id):
            sent += 1
    return sent
