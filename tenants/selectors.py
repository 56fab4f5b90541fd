"""Reads of the public layer's people: who a caller may see and manage, and the log of grants.

A person is visible to the owner of a scope they hold (or held) a role in: the regional
administrator sees everyone of the deployment (one region), a municipal coordinator the people of
their municipality's schools and of the municipality itself, a director (and a curator) the people
of their school. So a person is created together with their first role (tenants.services.people),
except by the regional administrator.

Schema: PUBLIC.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from . import access
from .models import GrantLog, Invitation, Membership, Role, School, User

MANAGERS = frozenset({Role.REGIONAL_ADMIN, Role.MUNICIPAL_COORDINATOR, Role.DIRECTOR, Role.CURATOR})


def _membership_scope_filter(user, prefix: str = "") -> Q | None:
    """Memberships (or log entries, with their own field names) inside the scopes `user` manages."""
    condition = None
    for m in access.memberships(user):
        role = Role(m.role)
        if role == Role.REGIONAL_ADMIN:
            part = (
                Q(**{f"{prefix}region_id": m.region_id})
                | Q(**{f"{prefix}municipality__region_id": m.region_id})
                | Q(**{f"{prefix}consultation_point__municipality__region_id": m.region_id})
                | Q(**{f"{prefix}school__municipality__region_id": m.region_id})
            )
        elif role == Role.MUNICIPAL_COORDINATOR:
            part = Q(**{f"{prefix}municipality_id": m.municipality_id}) | Q(
                **{f"{prefix}school__municipality_id": m.municipality_id}
            )
        elif role in (Role.DIRECTOR, Role.CURATOR):
            part = Q(**{f"{prefix}school_id": m.school_id})
        else:
            continue
        condition = part if condition is None else condition | part
    return condition


def is_regional_admin(user) -> bool:
    return Role.REGIONAL_ADMIN in access.roles(user)


def visible_people(user) -> QuerySet[User]:
    if not access.roles(user) & MANAGERS:
        return User.objects.none()
    if is_regional_admin(user):
        return User.objects.all()
    scope = _membership_scope_filter(user)
    in_scope = Membership.objects.filter(scope, user=OuterRef("pk"))
    return User.objects.filter(Exists(in_scope) | Q(pk=user.pk))


def people_list(*, user, search: str = "", include_inactive: bool = True) -> QuerySet[User]:
    people = visible_people(user)
    if search:
        for word in search.split():
            people = people.filter(
                Q(last_name__icontains=word)
                | Q(first_name__icontains=word)
                | Q(middle_name__icontains=word)
                | Q(email__icontains=word)
                | Q(username__icontains=word)
            )
    if not include_inactive:
        people = people.filter(is_active=True)
    return people.order_by("last_name", "first_name", "middle_name", "pk")


def memberships_visible(*, user, person: User) -> QuerySet[Membership]:
    """The roles of `person` the caller may see: those inside the caller's scopes (all for the
    regional administrator), never a school the caller has nothing to do with."""
    memberships = Membership.objects.filter(user=person).select_related(
        "region", "municipality", "consultation_point", "school__municipality"
    )
    if is_regional_admin(user):
        return memberships.order_by("-is_active", "role")
    scope = _membership_scope_filter(user)
    if scope is None:
        return memberships.none()
    return memberships.filter(scope).order_by("-is_active", "role")


def memberships_of_people(*, user, people) -> dict[int, list[Membership]]:
    """The visible roles of a page of people in one query: {person id: [membership, ...]}."""
    memberships = Membership.objects.filter(user__in=[p.pk for p in people], is_active=True).select_related(
        "region", "municipality", "consultation_point", "school__municipality"
    )
    if not is_regional_admin(user):
        scope = _membership_scope_filter(user)
        memberships = memberships.none() if scope is None else memberships.filter(scope)
    found: dict[int, list[Membership]] = {p.pk: [] for p in people}
    for membership in memberships.order_by("role"):
        found[membership.user_id].append(membership)
    return found


def grant_log(*, user) -> QuerySet[GrantLog]:
    """The log of grants and revocations in the caller's scopes."""
    entries = GrantLog.objects.select_related("actor", "user")
    scope = _membership_scope_filter(user)
    if scope is None:
        return entries.none()
    return entries.filter(scope)


def pending_invitations(*, user) -> QuerySet[Invitation]:
    from django.utils import timezone

    return (
        Invitation.objects.filter(
            user__in=visible_people(user),
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("user", "created_by")
        .order_by("-created_at")
    )


def last_invitation(*, person: User) -> Invitation | None:
    return Invitation.objects.filter(user=person).order_by("-created_at").first()


def manageable_schools(user) -> QuerySet[School]:
    """Schools where the caller grants some role (for the choice of a place in forms)."""
    ids = set()
    for m in access.memberships(user):
        role = Role(m.role)
        if role == Role.REGIONAL_ADMIN:
            return School.objects.filter(municipality__region_id=m.region_id).exclude(
                status=School.Status.ARCHIVED
            )
        if role == Role.MUNICIPAL_COORDINATOR:
            ids |= set(School.objects.filter(municipality_id=m.municipality_id).values_list("pk", flat=True))
        elif role in (Role.DIRECTOR, Role.CURATOR):
            ids.add(m.school_id)
    return School.objects.filter(pk__in=ids).exclude(status=School.Status.ARCHIVED)
