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


# --- CENTRE (issue 9 §§1, 2, 7): the centre's page, road map, partners, agreements, practice library -----
# One deployment serves one region: the region is found from the caller's place in it. The role table
# (tenants/roles.py "centre.*", "partners.*", "agreements.*", "practices.*") says who may read or
# write; these functions say which objects — all of the caller's region, or 404.


def centre_region(user):
    """The region of the caller's work: their region, or the region of their municipality, consultation
    point or school (a coordinator reads the region's page, a school the practice library)."""
    for membership in memberships(user):
        if membership.region_id:
            return membership.region
    for membership in memberships(user):
        if membership.municipality_id:
            return membership.municipality.region
        if membership.consultation_point_id:
            return membership.consultation_point.municipality.region
        if membership.school_id:
            return membership.school.municipality.region
    raise Http404


def _by_id(queryset, object_id):
    if object_id is None or not str(object_id).isdigit():
        raise Http404
    found = queryset.filter(pk=int(object_id)).first()
    if found is None:
        raise Http404
    return found


def centre_partners(user):
    from .models import PartnerOrganisation

    centre_region(user)  # a caller with no place in a region sees no partner
    return PartnerOrganisation.objects.select_related("school", "municipality")


def access_partner(user, partner_id):
    return _by_id(centre_partners(user), partner_id)


def centre_agreements(user):
    from .models import Agreement

    return Agreement.objects.filter(region=centre_region(user)).prefetch_related("partners", "schools")


def access_agreement(user, agreement_id):
    return _by_id(centre_agreements(user), agreement_id)


def centre_practices(user):
    from .models import PublishedPractice

    region = centre_region(user)
    return PublishedPractice.objects.filter(
        Q(school__municipality__region=region) | Q(partner__isnull=False)
    ).select_related("school", "partner")


def access_practice(user, practice_id):
    return _by_id(centre_practices(user), practice_id)


def access_roadmap_stage(user, stage_id):
    from .models import RoadmapStage

    return _by_id(RoadmapStage.objects.filter(region=centre_region(user)), stage_id)


def access_roadmap_milestone(user, milestone_id):
    from .models import RoadmapMilestone

    return _by_id(
        RoadmapMilestone.objects.filter(stage__region=centre_region(user)).select_related("stage"),
        milestone_id,
    )


# --- SUPPORT (issue 9 §§4–6): ШНОР profiles and programmes, organisation–organisation pairs, routes ---
# The region's staff see every school of their region; a municipal coordinator their municipality's;
# a school's director or curator their own school, and the pairs their school is in (as mentor or
# mentee). Routes: a methodologist reads the copies shared with them; counts are for the region's
# staff (all) and coordinators (their municipality).

SUPPORT_SCHOOL_ROLES = frozenset({Role.DIRECTOR, Role.CURATOR})


def _own_school_ids(user) -> set[int]:
    return {m.school_id for m in memberships(user) if m.school_id and Role(m.role) in SUPPORT_SCHOOL_ROLES}


def _coordinated_ids(user) -> set[int]:
    return {m.municipality_id for m in memberships(user) if m.municipality_id}


def _support_by_id(queryset, object_id):
    if object_id is None or not str(object_id).isdigit():
        raise Http404
    found = queryset.filter(pk=int(object_id)).first()
    if found is None:
        raise Http404
    return found


def support_schools(user) -> QuerySet[School]:
    return School.objects.filter(
        Q(municipality__region_id__in=_region_ids(user))
        | Q(municipality_id__in=_coordinated_ids(user))
        | Q(pk__in=_own_school_ids(user))
    ).select_related("municipality")


def access_support_school(user, school_id) -> School:
    return _support_by_id(support_schools(user), school_id)


def access_own_school(user, school_id) -> School:
    """A school the user directs or curates (its self-diagnosis is theirs to enter)."""
    own = School.objects.filter(pk__in=_own_school_ids(user)).select_related("municipality")
    return _support_by_id(own, school_id)


def access_risk_factor(user, row_id):
    from .models import SchoolRiskFactor

    return _support_by_id(SchoolRiskFactor.objects.filter(school__in=support_schools(user)), row_id)


def access_antirisk_programme(user, programme_id):
    from .models import AntiRiskProgramme

    programmes = AntiRiskProgramme.objects.filter(school__in=support_schools(user)).select_related("school")
    return _support_by_id(programmes, programme_id)


def access_antirisk_measure(user, measure_id):
    from .models import AntiRiskMeasure

    return _support_by_id(
        AntiRiskMeasure.objects.filter(programme__school__in=support_schools(user)).select_related(
            "programme__school"
        ),
        measure_id,
    )


def pairs_visible(user):
    from .models import OrganisationPair

    region_ids, municipality_ids, own = _region_ids(user), _coordinated_ids(user), _own_school_ids(user)
    return OrganisationPair.objects.filter(
        Q(mentee_school__municipality__region_id__in=region_ids)
        | Q(mentor_school__municipality_id__in=municipality_ids)
        | Q(mentee_school__municipality_id__in=municipality_ids)
        | Q(mentor_school_id__in=own)
        | Q(mentee_school_id__in=own)
    ).select_related("mentor_school__municipality", "mentee_school__municipality")


def access_pair(user, pair_id):
    return _support_by_id(pairs_visible(user), pair_id)


def access_plan_item(user, item_id):
    from .models import SupportPlanItem

    items = SupportPlanItem.objects.filter(pair__in=pairs_visible(user)).select_related("pair")
    return _support_by_id(items, item_id)


def route_count_schools(user) -> QuerySet[School]:
    """Schools whose route counts the user sees: the region's staff all, a coordinator their own
    municipality's."""
    return School.objects.filter(
        Q(municipality__region_id__in=_region_ids(user)) | Q(municipality_id__in=_coordinated_ids(user))
    )


def shared_routes_of(user):
    """The route copies schools shared with this user as the teachers' methodologist."""
    from .models import SharedRoute

    return SharedRoute.objects.filter(methodologist_id=user.pk).select_related("school__municipality")


def access_shared_route(user, shared_id):
    return _support_by_id(shared_routes_of(user), shared_id)


def programme_schools(user) -> QuerySet[School]:
    """Schools whose anti-risk programme the user may write: the regional administrator's region, a
    director's or curator's own school (a coordinator who also curates a school writes only that one)."""
    admin_regions = {
        m.region_id for m in memberships(user) if m.region_id and Role(m.role) == Role.REGIONAL_ADMIN
    }
    return School.objects.filter(
        Q(municipality__region_id__in=admin_regions) | Q(pk__in=_own_school_ids(user))
    ).select_related("municipality")


def access_programme_school(user, school_id) -> School:
    return _support_by_id(programme_schools(user), school_id)


# --- end SUPPORT ----------------------------------------------------------------------------------
