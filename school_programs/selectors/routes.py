"""Reads of teachers' routes (ИОМ): the teachers a route can be drawn up for, the regional events a route
may lead to, the methodologists the school may choose.

Schema: TENANT for routes and participants; the events and methodologists are public rows of the
school's region (public tables are on every school connection's search path).
"""

from __future__ import annotations

from django.db.models import QuerySet

from regional_center.models import Event, EventStatus
from regional_center.services import routes_shared
from tenants.models import School

from ..models import Participant, ParticipantKind, TeacherRoute


def route_teachers() -> QuerySet[Participant]:
    return Participant.objects.filter(kind=ParticipantKind.TEACHER, is_active=True).order_by(
        "last_name", "first_name", "middle_name"
    )


def route_events(*, school: School) -> QuerySet[Event]:
    """The region's events announced to its schools (a draft of the centre is not shown), soonest last
    so the list reads as a calendar; cancelled ones are not offered."""
    return (
        Event.objects.filter(region_id=school.municipality.region_id)
        .exclude(status__in=[EventStatus.PLANNED, EventStatus.CANCELLED])
        .order_by("starts_at", "pk")
    )


def route_methodologists(*, school: School):
    """The regional centre's staff and the region's consultants (routes_shared decides who counts)."""
    return routes_shared.methodologists(school=school)


def routes_listed(routes: QuerySet[TeacherRoute]) -> QuerySet[TeacherRoute]:
    return routes.select_related("teacher").prefetch_related("diagnoses", "items")
