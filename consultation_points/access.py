"""Who may see and do what with requests, consultations and consultants (issue 10).

After the role table (tenants/roles.py, "consultation_requests.*", "consultants.*") has let a person
in, these functions say *which* objects: each `access_<thing>(user, id)` returns the object or raises
Http404 for "missing" and "not yours" alike.

- a school sees its own requests: its director and curator all of the school's, anyone of the school
  the ones they made;
- a municipal coordinator the requests of their municipality's points (and of its schools);
- a consultant the requests assigned to them;
- the regional centre (administrator, analyst) every request of the region.

The teacher's name and contact are shown only to those who work on the request
(`may_see_contact`). Schema: PUBLIC.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from tenants.access import is_regional, memberships
from tenants.models import Role

from .models import Consultant, Consultation, ConsultationPoint, ConsultationRequest

SCHOOL_WIDE_ROLES = frozenset({Role.DIRECTOR, Role.CURATOR})


def _ids(user, field: str, roles=None) -> set[int]:
    return {
        getattr(m, field)
        for m in memberships(user)
        if getattr(m, field) and (roles is None or Role(m.role) in roles)
    }


def visible_requests(user) -> QuerySet[ConsultationRequest]:
    region_ids = _ids(user, "region_id")
    municipality_ids = _ids(user, "municipality_id", {Role.MUNICIPAL_COORDINATOR})
    school_ids = _ids(user, "school_id", SCHOOL_WIDE_ROLES)
    in_school = _ids(user, "school_id")
    condition = Q(pk__in=[])
    if region_ids:
        condition |= Q(school__municipality__region_id__in=region_ids)
    if municipality_ids:
        condition |= Q(point__municipality_id__in=municipality_ids) | Q(
            school__municipality_id__in=municipality_ids
        )
    if school_ids:
        condition |= Q(school_id__in=school_ids)
    if in_school:
        condition |= Q(submitted_by=user, school_id__in=in_school)
    if _ids(user, "consultation_point_id", {Role.CONSULTANT}):
        condition |= Q(consultant__user=user)
    return ConsultationRequest.objects.filter(condition).select_related(
        "school__municipality", "point__municipality", "consultant__user", "submitted_by"
    )


def _by_id(queryset, object_id):
    if object_id is None or not str(object_id).isdigit():
        raise Http404
    found = queryset.filter(pk=int(object_id)).first()
    if found is None:
        raise Http404
    return found


def access_consultation_request(user, request_id) -> ConsultationRequest:
    return _by_id(visible_requests(user), request_id)


def access_consultation(user, consultation_id) -> Consultation:
    visible = visible_requests(user).values("pk")
    return _by_id(
        Consultation.objects.filter(request__in=visible).select_related(
            "request__school", "consultant__user"
        ),
        consultation_id,
    )


def coordinated_points(user) -> QuerySet[ConsultationPoint]:
    """Points whose queue the user runs: a coordinator those of their municipality, the regional
    centre every point of the region."""
    region_ids = _ids(user, "region_id")
    municipality_ids = _ids(user, "municipality_id", {Role.MUNICIPAL_COORDINATOR})
    return ConsultationPoint.objects.filter(
        Q(municipality__region_id__in=region_ids) | Q(municipality_id__in=municipality_ids)
    ).select_related("municipality")


def may_assign(user, request: ConsultationRequest) -> bool:
    """The coordinator of the request's point (until it is escalated) or the regional centre."""
    if is_regional(user):
        return True
    municipality_ids = _ids(user, "municipality_id", {Role.MUNICIPAL_COORDINATOR})
    return bool(request.point_id) and request.point.municipality_id in municipality_ids


def assigns_across_points(user) -> bool:
    return is_regional(user)


def is_requester(user, request: ConsultationRequest) -> bool:
    return request.submitted_by_id == user.pk


def is_assigned_consultant(user, request: ConsultationRequest) -> bool:
    return request.consultant_id is not None and request.consultant.user_id == user.pk


def may_see_contact(user, request: ConsultationRequest) -> bool:
    """Those who work on the request: who made it, its consultant, the coordinator of its point, and
    the regional centre once the request is escalated to it."""
    if is_requester(user, request) or is_assigned_consultant(user, request):
        return True
    if request.point_id and request.point.municipality_id in _ids(
        user, "municipality_id", {Role.MUNICIPAL_COORDINATOR}
    ):
        return True
    return request.escalated and is_regional(user)


def may_cancel(user, request: ConsultationRequest) -> bool:
    """Who made it, or the school's director or curator."""
    return is_requester(user, request) or request.school_id in _ids(user, "school_id", SCHOOL_WIDE_ROLES)


def consultant_of(user) -> Consultant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Consultant.objects.filter(user=user).select_related("user").first()


def visible_consultants(user) -> QuerySet[Consultant]:
    """The regional centre sees all consultants of its region; a coordinator those of their
    municipality's points."""
    points = coordinated_points(user)
    through = Consultant.points.through.objects.filter(consultationpoint__in=points)
    return Consultant.objects.filter(pk__in=through.values("consultant_id")).select_related("user")


def access_consultant(user, consultant_id) -> Consultant:
    return _by_id(visible_consultants(user), consultant_id)


def consultant_points(user) -> QuerySet[ConsultationPoint]:
    """The points a consultant may be placed at or filtered by: those the user coordinates (the
    regional centre: every point of its region), archived ones included — a consultant's history
    there stays visible."""
    return coordinated_points(user).order_by("municipality__name", "name")
