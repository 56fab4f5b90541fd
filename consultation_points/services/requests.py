"""Requests for methodological help: submission and routing, assignment, status changes.

Every change goes through one function here, locks the request row, writes a RequestEvent (who, when,
from which status to which, why) and never leaves half a change behind (@transaction.atomic; errors
are Russian ValidationErrors naming the field). E-mails are queued on commit (tasks.py).

Schema: PUBLIC.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nastavnik.russian import counted
from tenants.models import School

from ..models import (
    OPEN_STATUSES,
    Consultant,
    ConsultationPoint,
    ConsultationRequest,
    RequestEvent,
    RequestStatus,
    Urgency,
)
from .ranking import monthly_load

# Service levels: days from the request to an assigned consultant, and to the first consultation.
SLA = {
    Urgency.NORMAL: (datetime.timedelta(days=5), datetime.timedelta(days=14)),
    Urgency.HIGH: (datetime.timedelta(days=2), datetime.timedelta(days=7)),
}


def point_for_school(school: School) -> ConsultationPoint | None:
    """The working consultation point of the school's municipality (the oldest, if there are two)."""
    return (
        ConsultationPoint.objects.filter(municipality_id=school.municipality_id, is_active=True)
        .order_by("pk")
        .first()
    )


def _event(request, *, by, kind, from_status, note="", consultant=None, override=False) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request,
        actor=by,
        kind=kind,
        from_status=from_status,
        to_status=request.status,
        consultant=consultant,
        note=note,
        capacity_override=override,
    )


def _locked(request: ConsultationRequest) -> ConsultationRequest:
    return (
        ConsultationRequest.objects.select_for_update(of=("self",))
        .select_related("school", "point__municipality", "consultant__user")
        .get(pk=request.pk)
    )


@transaction.atomic
def request_submit(
    *,
    school: School,
    by,
    topic: str,
    subject: str,
    deficit_area: str,
    support_kind: str,
    teacher_category: str,
    contact_name: str,
    contact_email: str = "",
    contact_phone: str = "",
    description: str = "",
    urgency: str = Urgency.NORMAL,
    preferred_format: str = "",
    preferred_from: datetime.date | None = None,
    preferred_to: datetime.date | None = None,
    point: ConsultationPoint | None = None,
) -> ConsultationRequest:
    """A school's (or its teacher's) request, routed to the point of the school's municipality.

    Naming a point of another municipality is refused (the request would wait where no one serves the
    school); with no point named the right one is chosen. A municipality without a working point
    sends the request straight to the regional centre (escalated).
    """
    right_point = point_for_school(school)
    if point is not None and point.municipality_id != school.municipality_id:
        where = f"в пункт «{right_point.name}»" if right_point else "в региональный центр"
        raise ValidationError(
            {
                "point": (
                    f"Пункт «{point.name}» работает в другом муниципалитете ({point.municipality.name}); "
                    f"запросы школы «{school.short_name}» ({school.municipality.name}) направляются {where}."
                )
            }
        )
    if point is not None and not point.is_active:
        raise ValidationError({"point": f"Пункт «{point.name}» в архиве и не принимает запросы."})
    if preferred_from and preferred_to and preferred_to < preferred_from:
        raise ValidationError({"preferred_to": "«Удобно по» раньше, чем «удобно с»."})
    if preferred_to and preferred_to < timezone.localdate():
        raise ValidationError(
            {"preferred_to": "Удобные даты уже прошли: укажите даты не раньше сегодняшней."}
        )
    now = timezone.now()
    to_assign, to_consult = SLA.get(urgency, SLA[Urgency.NORMAL])
    request = ConsultationRequest(
        point=point or right_point,
        school=school,
        submitted_by=by,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
        teacher_category=teacher_category,
        topic=topic.strip(),
        description=description.strip(),
        subject=subject,
        deficit_area=deficit_area,
        support_kind=support_kind,
        urgency=urgency,
        preferred_format=preferred_format,
        preferred_from=preferred_from,
        preferred_to=preferred_to,
        is_priority=school.low_results,
        escalated=right_point is None and point is None,
        created_at=now,
        assign_due_at=now + to_assign,
        consult_due_at=now + to_consult,
    )
    request.full_clean()
    request.save()
    _event(request, by=by, kind=RequestEvent.Kind.SUBMITTED, from_status="")
    if request.escalated:
        _event(
            request,
            by=by,
            kind=RequestEvent.Kind.ESCALATED,
            from_status=request.status,
            note="В муниципалитете школы нет работающего консультационного пункта.",
        )
    return request


@transaction.atomic
def request_route(*, request: ConsultationRequest, by) -> ConsultationRequest:
    """Send a request that waits at a point of another municipality (the school moved, or it was
    filed before the right point opened) to the point of the school's municipality."""
    request = _locked(request)
    right_point = point_for_school(request.school)
    if request.status != RequestStatus.NEW:
        raise ValidationError(
            {"point": "Передать в другой пункт можно только запрос, которому ещё не назначен консультант."}
        )
    if right_point is None:
        raise ValidationError(
            {"point": "В муниципалитете школы нет работающего пункта: передайте запрос в региональный центр."}
        )
    if right_point.pk == request.point_id:
        raise ValidationError({"point": f"Запрос уже в пункте своего муниципалитета («{right_point.name}»)."})
    previous = request.point
    request.point = right_point
    request.save(update_fields=["point"])
    _event(
        request,
        by=by,
        kind=RequestEvent.Kind.ROUTED,
        from_status=request.status,
        note=f"Из пункта «{previous.name if previous else '—'}» в пункт «{right_point.name}».",
    )
    return request


@transaction.atomic
def consultant_assign(
    *,
    request: ConsultationRequest,
    consultant: Consultant,
    by,
    across_points: bool = False,
    override_reason: str = "",
    notify: bool = True,
) -> ConsultationRequest:
    """Give the request to a consultant (or another one). A coordinator assigns consultants of the
    request's point; the regional centre (`across_points`) any of the region's. A consultant whose
    month is full is assigned only with an explicit reason (`override_reason`), recorded in history.
    """
    request = _locked(request)
    # The consultant's row is locked too: two coordinators assigning the last place at once would
    # otherwise both see room.
    consultant = (
        Consultant.objects.select_for_update(of=("self",)).select_related("user").get(pk=consultant.pk)
    )
    if request.status not in (RequestStatus.NEW, RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS):
        raise ValidationError(
            {"consultant": f"Запрос {request.get_status_display()}: назначать консультанта уже нельзя."}
        )
    if request.consultant_id == consultant.pk:
        raise ValidationError({"consultant": f"{consultant.user.full_name} уже ведёт этот запрос."})
    today = timezone.localdate()
    if not consultant.is_active_on(today):
        raise ValidationError(
            {"consultant": f"{consultant.user.full_name} сейчас не работает консультантом."}
        )
    if not across_points and not consultant.points.filter(pk=request.point_id).exists():
        raise ValidationError(
            {
                "consultant": (
                    f"{consultant.user.full_name} не работает в пункте этого запроса; "
                    "назначить консультанта другого пункта может региональный центр."
                )
            }
        )
    load = monthly_load([consultant.pk]).count()
    override_reason = override_reason.strip()
    override = load >= consultant.monthly_capacity
    if override and not override_reason:
        taken = counted(load, "запрос", "запроса", "запросов")
        raise ValidationError(
            {
                "override_reason": (
                    f"У консультанта {consultant.user.full_name} в этом месяце уже {taken} "
                    f"при лимите {consultant.monthly_capacity}. Чтобы назначить сверх лимита, "
                    "укажите причину."
                )
            }
        )
    from_status = request.status
    kind = RequestEvent.Kind.REASSIGNED if request.consultant_id else RequestEvent.Kind.ASSIGNED
    now = timezone.now()
    request.consultant = consultant
    if request.status == RequestStatus.NEW:
        request.status = RequestStatus.ASSIGNED
    request.assigned_at = now
    request.first_assigned_at = request.first_assigned_at or now
    request.save(update_fields=["consultant", "status", "assigned_at", "first_assigned_at"])
    event = _event(
        request,
        by=by,
        kind=kind,
        from_status=from_status,
        consultant=consultant,
        note=override_reason if override else "",
        override=override,
    )
    if notify:  # the demo's back-dated story e-mails no one
        from ..tasks import assignment_notify_task  # tasks import services: import late

        transaction.on_commit(lambda: assignment_notify_task.delay(event.pk))
    return request


@transaction.atomic
def request_escalate(*, request: ConsultationRequest, by, reason: str) -> ConsultationRequest:
    """No consultant of the point can take the request: the regional centre assigns across points."""
    request = _locked(request)
    if not reason.strip():
        raise ValidationError({"reason": "Укажите, почему консультанты пункта не могут взяться за запрос."})
    if request.status != RequestStatus.NEW:
        raise ValidationError(
            {"reason": "Передать в региональный центр можно только запрос без консультанта."}
        )
    if request.escalated:
        raise ValidationError({"reason": "Запрос уже передан в региональный центр."})
    request.escalated = True
    request.save(update_fields=["escalated"])
    _event(request, by=by, kind=RequestEvent.Kind.ESCALATED, from_status=request.status, note=reason.strip())
    return request


def _close(request, *, by, status, kind, reason: str, reason_required: bool) -> ConsultationRequest:
    request = _locked(request)
    if request.status not in OPEN_STATUSES:
        raise ValidationError({"status": f"Запрос уже {request.get_status_display()}."})
    if reason_required and not reason.strip():
        raise ValidationError({"reason": "Укажите причину."})
    from_status = request.status
    request.status = status
    request.status_reason = reason.strip()
    request.closed_at = timezone.now()
    request.full_clean()
    request.save(update_fields=["status", "status_reason", "closed_at"])
    _event(
        request, by=by, kind=kind, from_status=from_status, note=reason.strip(), consultant=request.consultant
    )
    return request


@transaction.atomic
def request_decline(*, request: ConsultationRequest, by, reason: str) -> ConsultationRequest:
    """The point (or the centre, or the consultant) will not serve the request; the reason is shown to
    the school."""
    return _close(
        request, by=by, status=RequestStatus.DECLINED, kind=RequestEvent.Kind.DECLINED, reason=reason,
        reason_required=True,
    )  # fmt: skip


@transaction.atomic
def request_cancel(*, request: ConsultationRequest, by, reason: str) -> ConsultationRequest:
    """The school no longer needs the help."""
    return _close(
        request, by=by, status=RequestStatus.CANCELLED, kind=RequestEvent.Kind.CANCELLED, reason=reason,
        reason_required=True,
    )  # fmt: skip


@transaction.atomic
def request_start(*, request: ConsultationRequest, by) -> ConsultationRequest:
    """The consultant has begun (logging the first consultation does this by itself)."""
    request = _locked(request)
    if request.status != RequestStatus.ASSIGNED:
        raise ValidationError(
            {
                "status": (
                    "Начать можно запрос с назначенным консультантом, "
                    f"а этот — {request.get_status_display()}."
                )
            }
        )
    request.status = RequestStatus.IN_PROGRESS
    request.save(update_fields=["status"])
    _event(
        request,
        by=by,
        kind=RequestEvent.Kind.STARTED,
        from_status=RequestStatus.ASSIGNED,
        consultant=request.consultant,
    )
    return request


@transaction.atomic
def request_complete(*, request: ConsultationRequest, by, note: str = "") -> ConsultationRequest:
    """Done: at least one consultation has been held."""
    request = _locked(request)
    if request.status != RequestStatus.IN_PROGRESS:
        raise ValidationError(
            {"status": f"Завершить можно запрос в работе, а этот — {request.get_status_display()}."}
        )
    if not request.consultations.filter(starts_at__lte=timezone.now()).exists():
        raise ValidationError({"status": "Нет ни одной проведённой консультации: завершать запрос рано."})
    request.status = RequestStatus.DONE
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "closed_at"])
    _event(request, by=by, kind=RequestEvent.Kind.COMPLETED, from_status=RequestStatus.IN_PROGRESS,
           note=note.strip(), consultant=request.consultant)  # fmt: skip
    return request
