from django.shortcuts import render

from consultation_points.models import ConsultationPoint
from tenants import access, roles


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
