from django.db.models import Count, Q, QuerySet

from .models import Municipality, Region


def municipalities_with_school_counts(region: Region) -> QuerySet[Municipality]:
    return municipalities_counted(Municipality.objects.filter(region=region))


def municipalities_counted(municipalities: QuerySet[Municipality]) -> QuerySet[Municipality]:
    """Municipalities with their schools (ШНОР and partners by the current year's flags) and points."""
    return municipalities.annotate(
        school_count=Count("schools", distinct=True),
        low_results_count=Count("schools", filter=Q(schools__low_results=True), distinct=True),
        partner_count=Count("schools", filter=Q(schools__partner_school=True), distinct=True),
        point_count=Count("consultation_points", distinct=True),
    ).order_by("name")


def schools_search(
    *,
    schools: QuerySet,
    q: str = "",
    municipality_id: int | None = None,
    kind: str = "",
    low_results: bool | None = None,
    partner_school: bool | None = None,
    status: str = "",
) -> QuerySet:
    """Filter the schools the caller may see (tenants.access.organisation_schools): by name, code
    or ИНН, municipality, kind, the current year's flags and status; by short name."""
    q = q.strip()
    if q:
        schools = schools.filter(
            Q(short_name__icontains=q)
            | Q(full_name__icontains=q)
            | Q(slug__icontains=q)
            | Q(inn__startswith=q)
        )
    if municipality_id:
        schools = schools.filter(municipality_id=municipality_id)
    if kind:
        schools = schools.filter(kind=kind)
    if low_results is not None:
        schools = schools.filter(low_results=low_results)
    if partner_school is not None:
        schools = schools.filter(partner_school=partner_school)
    if status:
        schools = schools.filter(status=status)
    return schools.select_related("municipality").order_by("short_name", "pk")


def points_search(
    *, points: QuerySet, q: str = "", municipality_id: int | None = None, active: bool | None = None
):
    q = q.strip()
    if q:
        points = points.filter(
            Q(name__icontains=q) | Q(host_organisation__icontains=q) | Q(address__icontains=q)
        )
    if municipality_id:
        points = points.filter(municipality_id=municipality_id)
    if active is not None:
        points = points.filter(is_active=active)
    return points.select_related("municipality").order_by("municipality__name", "name")
