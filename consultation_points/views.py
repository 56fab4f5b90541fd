from django.shortcuts import render

from tenants import access, roles


@roles.rule_required("consultation_point.read")
def home(request, point_id: int):
    """A consultation point's start page: who it serves."""
    point = access.access_consultation_point(request.user, point_id)
    schools = (
        access.visible_schools(request.user).filter(municipality=point.municipality).order_by("short_name")
    )
    return render(request, "consultation_points/home.html", {"point": point, "schools": schools})
