from django.shortcuts import render

from consultation_points.models import ConsultationPoint
from tenants import access, roles

from .selectors import municipalities_with_school_counts


@roles.rule_required("region.read")
def home(request):
    """The regional centre's start page: the network of municipalities and schools at a glance."""
    region = access.access_region(request.user)
    municipalities = list(municipalities_with_school_counts(region))
    totals = {
        "municipalities": len(municipalities),
        "schools": sum(m.school_count for m in municipalities),
        "low_results": sum(m.low_results_count for m in municipalities),
        "partners": sum(m.partner_count for m in municipalities),
        "points": sum(m.point_count for m in municipalities),
    }
    return render(
        request,
        "regional_center/home.html",
        {"region": region, "municipalities": municipalities, "totals": totals},
    )


@roles.rule_required("organisations.read")
def municipality(request, municipality_id: int):
    municipality = access.access_municipality(request.user, municipality_id)
    schools = access.visible_schools(request.user).filter(municipality=municipality).order_by("short_name")
    points = ConsultationPoint.objects.filter(municipality=municipality)
    return render(
        request,
        "regional_center/municipality.html",
        {"municipality": municipality, "schools": schools, "points": points},
    )
