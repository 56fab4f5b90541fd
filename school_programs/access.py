"""Which rows of a school's schema a user may see or change.

Roles come from tenants.access (memberships live in the public schema; the school was chosen by
routing and membership already checked). This module adds the per-object rules inside a school:
staff run the programme, a mentor sees only their own pairs and groups, special categories of
personal data only for curator, director and psychologist. Every page and API view of the school
reaches its objects through the functions here, never through a bare queryset.

Schema: TENANT (runs in the school's schema set by tenants.middleware).
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from tenants import access as tenant_access
from tenants.models import Role

from .models import DevelopmentPlan, MentoringGroup, Participant

# Run the programme: bases, matching, orders, everything.
STAFF = frozenset({Role.CURATOR, Role.DIRECTOR})
# See the whole programme (psychologist: compatibility tests, support of mentees without a pair).
READERS = STAFF | {Role.PSYCHOLOGIST}
# Special categories of personal data (health/ОВЗ, preventive registers, difficult life situation).
SPECIAL_DATA = frozenset({Role.CURATOR, Role.DIRECTOR, Role.PSYCHOLOGIST})


def roles(request) -> frozenset[Role]:
    return tenant_access.school_roles(request.user, request.school)


def has_any(request, allowed) -> bool:
    return bool(roles(request) & frozenset(allowed))


def require(request, allowed) -> None:
    """A member of the school without the needed role gets 403 (they know the school exists)."""
    if not has_any(request, allowed):
        raise PermissionDenied("Недостаточно прав для этого действия.")


def roles_required(*allowed):
    """Page decorator: the view runs only for the given school roles."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require(request, allowed)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def can_see_special(request) -> bool:
    return has_any(request, SPECIAL_DATA)


def me(request) -> Participant | None:
    """The participant record of the logged-in user in this school (mentors, mentees, teachers)."""
    cached = getattr(request, "_nastavnik_participant", False)
    if cached is False:
        cached = Participant.objects.filter(user_id=request.user.pk).first()
        request._nastavnik_participant = cached
    return cached


def visible_groups(request) -> QuerySet[MentoringGroup]:
    groups = MentoringGroup.objects.select_related("mentor__participant", "role_model", "programme")
    if has_any(request, READERS):
        return groups
    person = me(request)
    if person is None:
        return groups.none()
    return groups.filter(
        Q(mentor__participant=person) | Q(mentees__request__participant=person, mentees__left_on__isnull=True)
    ).distinct()


def access_group(request, group_id: int) -> MentoringGroup:
    group = visible_groups(request).filter(pk=group_id).first()
    if group is None:
        raise Http404
    return group


def can_manage_group(request, group: MentoringGroup) -> bool:
    """Staff, or the group's own mentor: log meetings, fill in the plan, record results."""
    if has_any(request, STAFF):
        return True
    person = me(request)
    return person is not None and group.mentor.participant_id == person.pk


def access_plan(request, plan_id: int) -> DevelopmentPlan:
    plan = (
        DevelopmentPlan.objects.select_related(
            "group__mentor__participant", "mentee__participant", "template"
        )
        .filter(group__in=visible_groups(request), pk=plan_id)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def visible_participants(request) -> QuerySet[Participant]:
    """Readers see everybody; a mentor sees themself and the mentees of their own groups."""
    if has_any(request, READERS):
        return Participant.objects.all()
    person = me(request)
    if person is None:
        return Participant.objects.none()
    return Participant.objects.filter(
        Q(pk=person.pk)
        | Q(
            mentee_requests__placements__group__mentor__participant=person,
            mentee_requests__placements__left_on__isnull=True,
        )
    ).distinct()


def access_participant(request, participant_id: int) -> Participant:
    participant = visible_participants(request).filter(pk=participant_id).first()
    if participant is None:
        raise Http404
    return participant
