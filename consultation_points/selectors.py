"""Reads of the consultation service: the queue, a consultant's work, service levels.

Selectors take an already scoped queryset (consultation_points.access) and return querysets or plain
rows; they never decide who may see what. Schema: PUBLIC.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Consultant, Consultation, ConsultationRequest, RequestStatus, Urgency
from .services.ranking import monthly_load

URGENCY_ORDER = Case(When(urgency=Urgency.HIGH, then=Value(1)), default=Value(0), output_field=IntegerField())


def with_service_levels(requests: QuerySet[ConsultationRequest], *, now=None) -> QuerySet:
    """Each request with its first consultation and whether it is overdue: no consultant by
    `assign_due_at`, or no consultation by `consult_due_at`."""
    now = now or timezone.now()
    first = (
        Consultation.objects.filter(request=OuterRef("pk"))
        .order_by()
        .values("request")
        .annotate(first=Min("starts_at"))
        .values("first")
    )
    return requests.annotate(first_consultation_at=Subquery(first)).annotate(
        overdue_assignment=Case(
            When(status=RequestStatus.NEW, assign_due_at__lt=now, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        overdue_consultation=Case(
            When(
                Q(status__in=[RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS])
                & Q(consult_due_at__lt=now)
                & (Q(first_consultation_at__isnull=True) | Q(first_consultation_at__gt=now)),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def queue(
    requests: QuerySet[ConsultationRequest], *, status: str = "", overdue: bool = False, now=None
) -> QuerySet:
    """The coordinator's queue: open requests, ШНОР first, then urgent, then the oldest."""
    rows = with_service_levels(requests, now=now)
    if status:
        rows = rows.filter(status=status)
    else:
        rows = rows.filter(status__in=[RequestStatus.NEW, RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS])
    if overdue:
        rows = rows.filter(Q(overdue_assignment=True) | Q(overdue_consultation=True))
    return rows.annotate(urgency_order=URGENCY_ORDER).order_by(
        "-is_priority", "-urgency_order", "created_at", "pk"
    )


def status_counts(requests: QuerySet[ConsultationRequest]) -> dict[str, int]:
    counts = dict(requests.order_by().values_list("status").annotate(n=Count("pk")))
    return {value: counts.get(value, 0) for value in RequestStatus.values}


def upcoming_consultations(consultant, *, now=None) -> QuerySet[Consultation]:
    now = now or timezone.now()
    return (
        Consultation.objects.filter(consultant=consultant, starts_at__gte=now - datetime.timedelta(hours=2))
        .select_related("request__school")
        .order_by("starts_at")
    )


@dataclass
class LevelRow:
    key: int | None
    name: str
    municipality: str
    total: int
    open: int
    done: int
    assigned: int
    hours_to_assignment: float | None
    consulted: int
    days_to_first_consultation: float | None
    overdue: int
    average_rating: float | None


def _hours(duration) -> float | None:
    return None if duration is None else round(duration.total_seconds() / 3600, 1)


def _levels(requests: QuerySet, group: str, name: str, municipality: str, *, now) -> list[LevelRow]:
    rows = (
        with_service_levels(requests, now=now)
        .annotate(
            to_assign=ExpressionWrapper(
                F("first_assigned_at") - F("created_at"), output_field=DurationField()
            ),
            to_consult=ExpressionWrapper(
                F("first_consultation_at") - F("created_at"), output_field=DurationField()
            ),
        )
        .order_by()
        .values(group, name, municipality)
        .annotate(
            total=Count("pk"),
            open=Count(
                "pk",
                filter=Q(status__in=[RequestStatus.NEW, RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS]),
            ),
            done=Count("pk", filter=Q(status=RequestStatus.DONE)),
            assigned=Count("pk", filter=Q(first_assigned_at__isnull=False)),
            avg_assign=Avg("to_assign"),
            consulted=Count("pk", filter=Q(first_consultation_at__lte=now)),
            avg_consult=Avg("to_consult", filter=Q(first_consultation_at__lte=now)),
            overdue=Count("pk", filter=Q(overdue_assignment=True) | Q(overdue_consultation=True)),
        )
        .order_by(municipality, name)
    )
    ratings = dict(
        Consultation.objects.filter(request__in=requests.values("pk"), rating__isnull=False)
        .order_by()
        .values_list(f"request__{group}")
        .annotate(avg=Avg("rating"))
    )
    result = []
    for row in rows:
        days = row["avg_consult"]
        result.append(
            LevelRow(
                key=row[group],
                name=row[name] or "Региональный центр (нет пункта)",
                municipality=row[municipality] or "",
                total=row["total"],
                open=row["open"],
                done=row["done"],
                assigned=row["assigned"],
                hours_to_assignment=_hours(row["avg_assign"]),
                consulted=row["consulted"],
                days_to_first_consultation=None if days is None else round(days.total_seconds() / 86400, 1),
                overdue=row["overdue"],
                average_rating=round(ratings[row[group]], 2) if ratings.get(row[group]) else None,
            )
        )
    return result


def service_levels_by_point(requests: QuerySet[ConsultationRequest], *, now=None) -> list[LevelRow]:
    """Per point: requests, time to assignment (hours) and to first consultation (days), overdue."""
    return _levels(requests, "point", "point__name", "point__municipality__name", now=now or timezone.now())


def service_levels_by_municipality(requests: QuerySet[ConsultationRequest], *, now=None) -> list[LevelRow]:
    """The same per municipality of the requesting schools."""
    return _levels(
        requests, "school__municipality", "school__municipality__name", "school__municipality__name",
        now=now or timezone.now(),
    )  # fmt: skip


def consultants_overview(
    consultants: QuerySet, *, point_id: int | None = None, active: bool | None = None, now=None
) -> QuerySet:
    """The regional centre's list of consultants: each with this month's load (the ranking's measure,
    services.ranking.monthly_load), filtered by point and by whether they work today."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    load = (
        monthly_load(now=now)
        .filter(consultant=OuterRef("pk"))
        .order_by()
        .values("consultant")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = consultants
    if point_id is not None:
        rows = rows.filter(points__id=point_id)
    if active is True:
        rows = rows.filter(Consultant.active_on(today))
    elif active is False:
        rows = rows.exclude(Consultant.active_on(today))
    return (
        rows.annotate(month_load=Coalesce(Subquery(load, output_field=IntegerField()), Value(0)))
        .select_related("user")
        .prefetch_related("points")
        .order_by("user__last_name", "user__first_name", "pk")
    )
