"""Who may see which object of the regional centre's own work: one `access_<thing>(user, id)` per object,
returning it or raising Http404 for "missing" and "not yours" alike (the role check comes first, from
tenants/roles.py). Each area of issue 9 keeps its functions in a block of its own below.

Schema: PUBLIC.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from tenants.access import memberships
from tenants.models import REGION_ROLES, Role, School

from .models import Event, EventMaterial, EventRegistration, EventStatus

# --- EVENTS (issue 9 §3): events, registrations, materials -------------------------------------------
# The region's staff see every event of their region, drafts («запланировано») included. Municipal
# coordinators and schools' directors and curators see the events announced to the region's schools
# (every status but the draft); registrations: coordinators those of their municipality's schools,
# a school its own, read-only for coordinators (the role table says who writes).

REGISTERING_ROLES = frozenset({Role.DIRECTOR, Role.CURATOR})


def _region_ids(user) -> set[int]:
    return {m.region_id for m in memberships(user) if m.region_id and Role(m.role) in REGION_ROLES}


def registering_schools(user) -> QuerySet[School]:
    """Schools whose teachers this user registers for events: where they are director or curator."""
    ids = {m.school_id for m in memberships(user) if m.school_id and Role(m.role) in REGISTERING_ROLES}
    return School.objects.filter(pk__in=ids, status=School.Status.ACTIVE).select_related("municipality")


def events_visible(user) -> QuerySet[Event]:
    staff_regions = _region_ids(user)
    announced_regions = {m.municipality.region_id for m in memberships(user) if m.municipality_id} | {
        m.school.municipality.region_id
        for m in memberships(user)
        if m.school_id and Role(m.role) in REGISTERING_ROLES
    }
    return Event.objects.filter(
        Q(region_id__in=staff_regions) | (Q(region_id__in=announced_regions) & ~Q(status=EventStatus.PLANNED))
    ).select_related("host_partner", "host_school")


def access_event(user, event_id) -> Event:
    if event_id is None or not str(event_id).isdigit():
        raise Http404
    event = events_visible(user).filter(pk=int(event_id)).first()
    if event is None:
        raise Http404
    return event


def registrations_visible(user) -> QuerySet[EventRegistration]:
    """Registrations the user may read: the region's staff all of their region's events; a municipal
    coordinator those of their municipality's schools; a director or curator their school's."""
    municipality_ids = {m.municipality_id for m in memberships(user) if m.municipality_id}
    school_ids = {m.school_id for m in memberships(user) if m.school_id and Role(m.role) in REGISTERING_ROLES}
    return EventRegistration.objects.filter(
        Q(event__region_id__in=_region_ids(user))
        | (Q(school__municipality_id__in=municipality_ids) & Q(event__in=events_visible(user)))
        | (Q(school_id__in=school_ids) & Q(event__in=events_visible(user)))
    ).select_related("school", "event")


def access_registration(user, registration_id) -> EventRegistration:
    if registration_id is None or not str(registration_id).isdigit():
        raise Http404
    registration = registrations_visible(user).filter(pk=int(registration_id)).first()
    if registration is None:
        raise Http404
    return registration


def access_own_registration(user, registration_id) -> EventRegistration:
    """A registration of a school the user registers teachers for (to cancel or rate it)."""
    registration = access_registration(user, registration_id)
    if not registering_schools(user).filter(pk=registration.school_id).exists():
        raise Http404
    return registration


def access_event_material(user, material_id) -> EventMaterial:
    if material_id is None or not str(material_id).isdigit():
        raise Http404
    material = EventMaterial.objects.filter(pk=int(material_id), event__in=events_visible(user)).first()
    if material is None:
        raise Http404
    return material


# --- end EVENTS ------------------------------------------------------------------------------------
