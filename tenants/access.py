"""Who may see and do what: the one place every page and API view asks.

Each `access_<thing>(user, …)` returns the object or raises Http404: a user who may not see a thing
learns nothing about whether it exists. Conditions are written one per line so that a reader can
check every rule against the domain (architecture.md, "Identity and access").

Schema: PUBLIC (memberships live in the public schema; the school schema is chosen by routing).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission

from consultation_points.models import ConsultationPoint
from regional_center.models import Municipality, Region

from .models import REGION_ROLES, SCHOOL_ROLES, Membership, Role, School, User

_CACHE_ATTR = "_nastavnik_memberships"


def memberships(user) -> list[Membership]:
    """The user's active memberships, read once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, is_active=True).select_related(
                "region", "municipality", "consultation_point__municipality", "school__municipality"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user) -> None:
    """Drop the per-request cache after memberships change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles(user) -> frozenset[Role]:
    return frozenset(Role(m.role) for m in memberships(user))


def school_roles(user, school: School) -> frozenset[Role]:
    """The roles the user holds inside this school (empty for everyone else, regional staff included)."""
    return frozenset(Role(m.role) for m in memberships(user) if m.school_id == school.pk)


def has_school_role(user, school: School, allowed: Iterable[Role]) -> bool:
    return bool(school_roles(user, school) & frozenset(allowed))


def can_enter_school(user, school: School) -> bool:
    """Only people with a role inside the school see anything of it.

    Regional and municipal staff are deliberately not let in: the school is the operator of its
    people's personal data; the region sees aggregates only (analytics).
    """
    if school.status == School.Status.ARCHIVED:
        return False
    return bool(school_roles(user, school))


def access_school(user, slug: str) -> School:
    school = School.objects.filter(slug=slug).select_related("municipality").first()
    if school is None:
        raise Http404
    if not can_enter_school(user, school):
        raise Http404
    return school


def is_regional(user) -> bool:
    return bool(roles(user) & REGION_ROLES)


def access_region(user) -> Region:
    """The region a regional administrator or analyst works for."""
    membership = next((m for m in memberships(user) if m.region_id), None)
    if membership is None:
        raise Http404
    return membership.region


def visible_schools(user) -> QuerySet[School]:
    """Schools the user may see as organisations (names, flags, aggregates) — never their people."""
    region_ids = {m.region_id for m in memberships(user) if m.region_id}
    municipality_ids = {m.municipality_id for m in memberships(user) if m.municipality_id}
    municipality_ids |= {
        m.consultation_point.municipality_id for m in memberships(user) if m.consultation_point_id
    }
    school_ids = {m.school_id for m in memberships(user) if m.school_id}
    return School.objects.filter(
        Q(municipality__region_id__in=region_ids)
        | Q(municipality_id__in=municipality_ids)
        | Q(pk__in=school_ids)
    ).select_related("municipality")


def visible_municipalities(user) -> QuerySet[Municipality]:
    region_ids = {m.region_id for m in memberships(user) if m.region_id}
    own_ids = {m.municipality_id for m in memberships(user) if m.municipality_id}
    return Municipality.objects.filter(Q(region_id__in=region_ids) | Q(pk__in=own_ids))


def access_municipality(user, municipality_id: int) -> Municipality:
    """Regional staff see every municipality of their region; a coordinator sees their own."""
    municipality = visible_municipalities(user).filter(pk=municipality_id).first()
    if municipality is None:
        raise Http404
    return municipality


def visible_consultation_points(user) -> QuerySet[ConsultationPoint]:
    region_ids = {m.region_id for m in memberships(user) if m.region_id}
    municipality_ids = {m.municipality_id for m in memberships(user) if m.municipality_id}
    own_ids = {m.consultation_point_id for m in memberships(user) if m.consultation_point_id}
    return ConsultationPoint.objects.filter(
        Q(municipality__region_id__in=region_ids)
        | Q(municipality_id__in=municipality_ids)
        | Q(pk__in=own_ids)
    ).select_related("municipality")


def access_consultation_point(user, point_id: int) -> ConsultationPoint:
    point = visible_consultation_points(user).filter(pk=point_id).first()
    if point is None:
        raise Http404
    return point


# --- Pages and the API ---------------------------------------------------------------------------


def reachable_by_link(view):
    """Mark a school page reached through a personal one-time link (a student answering a survey):
    no login and no membership are asked; the view itself must check the link's token and show
    nothing but what the token grants."""
    view.reachable_by_link = True
    return view


class SchoolMemberPermission(BasePermission):
    """Default DRF permission: authenticated; inside /api/v1/schools/<slug>/ also a member of that school.

    A non-member gets 404, not 403, so the API does not confirm that a school's objects exist.
    """

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        school = getattr(request, "school", None)
        if school is not None and not can_enter_school(request.user, school):
            raise NotFound
        return True


class SchoolRolePermission(SchoolMemberPermission):
    """Member of the school holding one of `view.school_roles` (e.g. curator, director)."""

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        allowed = getattr(view, "school_roles", SCHOOL_ROLES)
        return has_school_role(request.user, request.school, allowed)


# --- People and their roles (issue 8, section 2) ---------------------------------------------------


def access_person(user, person_id) -> User:
    """A person the caller manages (tenants.selectors.visible_people): the owners of the scopes the
    person holds (or held) a role in; the regional administrator, everyone."""
    from .selectors import visible_people  # selectors read this module's memberships

    if person_id is None or not str(person_id).isdigit():
        raise Http404
    person = visible_people(user).filter(pk=int(person_id)).first()
    if person is None:
        raise Http404
    return person


def access_membership(user, membership_id) -> Membership:
    """A role of someone, inside the caller's scopes (the roles elsewhere are not theirs to see)."""
    from .selectors import memberships_visible

    if membership_id is None or not str(membership_id).isdigit():
        raise Http404
    membership = Membership.objects.filter(pk=int(membership_id)).select_related("user").first()
    if membership is None:
        raise Http404
    if not memberships_visible(user=user, person=membership.user).filter(pk=membership.pk).exists():
        raise Http404
    return membership


# --- Schools, municipalities, consultation points as organisations (issue 8, section 1) ------------
# Read by the organisations pages and API after the role table (tenants/roles.py "organisations.*")
# has let the caller in; these say *which* organisations: the region's staff all of their region's,
# a municipal coordinator those of their municipality. `access_school` above is something else: it
# lets a member *enter* a school (its programme and people), which regional staff never do.


def organisation_schools(user) -> QuerySet[School]:
    """Schools the caller manages or oversees as organisations (archived ones included)."""
    region_ids = {m.region_id for m in memberships(user) if m.region_id}
    municipality_ids = {m.municipality_id for m in memberships(user) if m.municipality_id}
    return School.objects.filter(
        Q(municipality__region_id__in=region_ids) | Q(municipality_id__in=municipality_ids)
    ).select_related("municipality")


def access_school_record(user, school_id) -> School:
    """A school as an organisation (its card, flags, archive), by id."""
    if school_id is None or not str(school_id).isdigit():
        raise Http404
    school = organisation_schools(user).filter(pk=int(school_id)).first()
    if school is None:
        raise Http404
    return school


def organisation_points(user) -> QuerySet[ConsultationPoint]:
    """Consultation points the caller manages or oversees (archived ones included)."""
    region_ids = {m.region_id for m in memberships(user) if m.region_id}
    municipality_ids = {m.municipality_id for m in memberships(user) if m.municipality_id}
    return ConsultationPoint.objects.filter(
        Q(municipality__region_id__in=region_ids) | Q(municipality_id__in=municipality_ids)
    ).select_related("municipality")


def access_point_record(user, point_id) -> ConsultationPoint:
    """A consultation point as an organisation (its card, archive), by id."""
    if point_id is None or not str(point_id).isdigit():
        raise Http404
    point = organisation_points(user).filter(pk=int(point_id)).first()
    if point is None:
        raise Http404
    return point
