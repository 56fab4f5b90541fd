"""Consultations of a request and the requester's rating of them.

Schema: PUBLIC.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Consultation, ConsultationRequest, RequestEvent, RequestStatus


@transaction.atomic
def consultation_log(
    *,
    request: ConsultationRequest,
    by,
    starts_at: datetime.datetime,
    format: str,
    duration_minutes: int,
    participants: str = "",
    summary: str = "",
    recommendations: str = "",
    follow_up: str = "",
    follow_up_on: datetime.date | None = None,
) -> Consultation:
    """A session of the request's consultant, held or planned. Only the consultant the request is
    assigned to logs it; never dated before the request was made. The first one starts the work."""
    request = (
        ConsultationRequest.objects.select_for_update(of=("self",))
        .select_related("consultant__user")
        .get(pk=request.pk)
    )
    if request.consultant is None or request.consultant.user_id != by.pk:
        raise ValidationError(
            {"consultant": "Записать консультацию может только консультант, назначенный на запрос."}
        )
    if request.status not in (RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS):
        raise ValidationError(
            {"status": f"Запрос {request.get_status_display()}: консультации к нему не добавляются."}
        )
    if starts_at < request.created_at:
        raise ValidationError(
            {
                "starts_at": (
                    f"Консультация не может быть раньше запроса: он подан "
                    f"{timezone.localtime(request.created_at):%d.%m.%Y %H:%M}."
                )
            }
        )
    if follow_up_on and follow_up_on < timezone.localdate(starts_at):
        raise ValidationError({"follow_up_on": "Срок следующего шага раньше самой консультации."})
    consultation = Consultation(
        request=request,
        consultant=request.consultant,
        starts_at=starts_at,
        format=format,
        duration_minutes=duration_minutes,
        participants=participants.strip(),
        summary=summary.strip(),
        recommendations=recommendations.strip(),
        follow_up=follow_up.strip(),
        follow_up_on=follow_up_on,
        created_by=by,
    )
    consultation.full_clean()
    consultation.save()
    if request.status == RequestStatus.ASSIGNED:
        request.status = RequestStatus.IN_PROGRESS
        request.save(update_fields=["status"])
        RequestEvent.objects.create(
            request=request,
            actor=by,
            kind=RequestEvent.Kind.STARTED,
            from_status=RequestStatus.ASSIGNED,
            to_status=RequestStatus.IN_PROGRESS,
            consultant=request.consultant,
            note=f"Консультация {timezone.localtime(starts_at):%d.%m.%Y %H:%M}",
        )
    return consultation


@transaction.atomic
def consultation_rate(*, consultation: Consultation, by, rating, comment: str = "") -> Consultation:
    """The requester's 1–5 and a comment, once per consultation, after it has taken place."""
    consultation = (
        Consultation.objects.select_for_update(of=("self",)).select_related("request").get(pk=consultation.pk)
    )
    if consultation.request.submitted_by_id != by.pk:
        raise ValidationError({"rating": "Оценить консультацию может только тот, кто подал запрос."})
    if consultation.rated_at is not None:
        raise ValidationError(
            {
                "rating": (
                    f"Консультация уже оценена {timezone.localtime(consultation.rated_at):%d.%m.%Y}: "
                    "оценку не меняют."
                )
            }
        )
    if consultation.starts_at > timezone.now():
        raise ValidationError({"rating": "Консультация ещё не состоялась."})
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        raise ValidationError({"rating": "Оценка — целое число от 1 до 5."}) from None
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": "Оценка — целое число от 1 до 5."})
    consultation.rating = rating
    consultation.rating_comment = comment.strip()
    consultation.rated_at = timezone.now()
    consultation.save(update_fields=["rating", "rating_comment", "rated_at"])
    return consultation
