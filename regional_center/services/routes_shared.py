"""What a school shares with the region of its teachers' routes (ИОМ): the one writer of
RouteSummary / RouteSummaryArea and SharedRoute.

Schema: PUBLIC tables, called from a school's schema. The school's route service
(school_programs.services.routes) calls these functions inside its own transaction, with plain data
it has already chosen to share, so the public copy and the school's route never disagree; the public
tables are on every school connection's search path, so no schema is switched here. Public apps never
read a school's schema for routes: the methodologist's page and everyone's counts read these rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from tenants.models import REGION_ROLES, Membership, Role, School, User

from ..models import RouteArea, RouteSummary, RouteSummaryArea, SharedRoute

# Who may be a teacher's methodologist: the regional centre's staff and the consultants of its points.
METHODOLOGIST_ROLES = REGION_ROLES | {Role.CONSULTANT}


def methodologists(*, school: School):
    """Users of the school's region who may be assigned to a teacher's route as its methodologist."""
    region_id = school.municipality.region_id
    member_ids = Membership.objects.filter(is_active=True, role__in=METHODOLOGIST_ROLES).filter(
        Q(region_id=region_id) | Q(consultation_point__municipality__region_id=region_id)
    )
    return User.objects.filter(is_active=True, pk__in=member_ids.values("user_id")).order_by(
        "last_name", "first_name"
    )


def check_methodologist(*, school: School, user: User | None) -> None:
    if user is not None and not methodologists(school=school).filter(pk=user.pk).exists():
        raise ValidationError(
            {"methodologist": "Методистом может быть сотрудник регионального центра или консультант региона."}
        )


@dataclass
class AreaCounts:
    with_deficit: int = 0
    high_deficit: int = 0
    items_planned: int = 0
    items_in_progress: int = 0
    items_done: int = 0
    items_cancelled: int = 0


@dataclass
class SchoolCounts:
    routes_total: int = 0
    routes_draft: int = 0
    routes_active: int = 0
    routes_completed: int = 0
    with_methodologist: int = 0
    areas: dict[str, AreaCounts] = field(default_factory=dict)


@transaction.atomic
def route_summary_replace(*, school: School, counts: SchoolCounts) -> RouteSummary:
    """Replace the school's counts whole (no name in them)."""
    summary, _ = RouteSummary.objects.select_for_update().get_or_create(school=school)
    for name in ("routes_total", "routes_draft", "routes_active", "routes_completed", "with_methodologist"):
        setattr(summary, name, getattr(counts, name))
    summary.save()
    summary.areas.all().delete()
    RouteSummaryArea.objects.bulk_create(
        RouteSummaryArea(summary=summary, area=area, **vars(counts.areas.get(area, AreaCounts())))
        for area in RouteArea.values
    )
    return summary


@transaction.atomic
def shared_route_put(
    *,
    school: School,
    route_id: int,
    methodologist: User,
    teacher_name: str,
    teacher_position: str,
    title: str,
    status: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    diagnosis: list[dict],
    items: list[dict],
    links: list[dict],
) -> SharedRoute:
    """Write (or rewrite) the methodologist's copy of one route."""
    check_methodologist(school=school, user=methodologist)
    shared = SharedRoute.objects.filter(school=school, route_id=route_id).first() or SharedRoute(
        school=school, route_id=route_id
    )
    shared.methodologist = methodologist
    shared.teacher_name = teacher_name
    shared.teacher_position = teacher_position
    shared.title = title
    shared.status = status
    shared.starts_on = starts_on
    shared.ends_on = ends_on
    shared.diagnosis = diagnosis
    shared.items = items
    shared.links = links
    # Empty lists are a valid copy (a route with no items yet); the fields are not blank=True only to
    # keep the committed migration: exclude them from the "required" check.
    shared.full_clean(exclude=["diagnosis", "items", "links"], validate_constraints=False)
    shared.save()
    return shared


@transaction.atomic
def shared_routes_keep_only(*, school: School, route_ids: list[int]) -> None:
    """Remove the school's copies of every other route: a route whose methodologist was unassigned
    (or left the region's staff) takes the teacher's name out of the public schema with it."""
    SharedRoute.objects.filter(school=school).exclude(route_id__in=route_ids).delete()
