"""Which dashboards a user may open (after the role table, tenants/roles.py "analytics*", let them
in): the region's staff every municipality and school of their region; a municipal coordinator their
municipality and its schools; a school's director or curator their own school only — and of other
schools nothing by name. Each function returns the object or raises Http404 ("missing" and "not
yours" alike). Schema: PUBLIC."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse

from regional_center.models import Municipality, Region
from tenants import access
from tenants.models import Role, School

SCHOOL_DASHBOARD_ROLES = frozenset({Role.DIRECTOR, Role.CURATOR})


def dashboard_region(user) -> Region:
    return access.access_region(user)


def access_dashboard_municipality(user, municipality_id) -> Municipality:
    if municipality_id is None or not str(municipality_id).isdigit():
        raise Http404
    return access.access_municipality(user, int(municipality_id))


def dashboard_schools(user):
    """Schools whose dashboard the user may open: overseen ones, and their own as director or curator."""
    own = {m.school_id for m in access.memberships(user) if m.school_id and m.role in SCHOOL_DASHBOARD_ROLES}
    overseen = access.organisation_schools(user).values_list("pk", flat=True)
    return (
        School.objects.filter(pk__in=set(overseen) | own)
        .exclude(status=School.Status.ARCHIVED)
        .select_related("municipality__region")
    )


def access_dashboard_school(user, school_id) -> School:
    if school_id is None or not str(school_id).isdigit():
        raise Http404
    school = dashboard_schools(user).filter(pk=int(school_id)).first()
    if school is None:
        raise Http404
    return school


def dashboard_home_url(user) -> str | None:
    """The widest dashboard the user has: the region's, else their municipality's, else their school's."""
    memberships = access.memberships(user)
    if any(m.region_id for m in memberships):
        return reverse("analytics:region")
    municipality = next((m.municipality_id for m in memberships if m.municipality_id), None)
    if municipality:
        return reverse("analytics:municipality", args=[municipality])
    school = next(
        (m.school_id for m in memberships if m.school_id and m.role in SCHOOL_DASHBOARD_ROLES), None
    )
    if school:
        return reverse("analytics:school", args=[school])
    return None
