"""Dashboard pages: the region, a municipality, a school; the ministry report; the entry that sends
each user to their own dashboard. Thin: access → analytics.dashboards → template or file."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tenants import roles

from .. import access, exports
from ..dashboards import municipality_dashboard, region_dashboard, school_dashboard
from ..periods import parse_period, school_year_label

OFF_TRACK_PAGE = 50


def requested_period(request) -> str:
    """?period=2026/27, else the school year of today; a wrong label is a 404, not a server error."""
    label = request.GET.get("period") or school_year_label(timezone.localdate())
    try:
        parse_period(label)
    except ValidationError:
        raise Http404 from None
    return label


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _page_or_table(request, dashboard, template: str, context: dict, *, slug: str):
    table = request.GET.get("export")
    if table:
        if table not in exports.TABLES:
            raise Http404
        name = f"{slug}-{table}-{dashboard.period.replace('/', '-')}.xlsx"
        return _xlsx(exports.table_xlsx(dashboard, table), name)
    previous = f"{int(dashboard.period[:4]) - 1}/{dashboard.period[2:4]}"
    following = f"{int(dashboard.period[:4]) + 1}/{(int(dashboard.period[:4]) + 2) % 100:02d}"
    # The off-track list can hold most of a region's schools: a page of them, the whole list in XLSX.
    off_track = Paginator(dashboard.off_track, OFF_TRACK_PAGE).get_page(request.GET.get("off_track_page"))
    return render(
        request,
        template,
        {
            "dashboard": dashboard,
            "off_track": off_track,
            "previous_period": previous,
            "next_period": following,
            **context,
        },
    )


@roles.rule_required("analytics.read")
def home_view(request):
    url = access.dashboard_home_url(request.user)
    if url is None:
        raise Http404
    return redirect(url)


@roles.rule_required("analytics_region.read")
def region_view(request):
    region = access.dashboard_region(request.user)
    dashboard = region_dashboard(region=region, period=requested_period(request), today=timezone.localdate())
    return _page_or_table(request, dashboard, "analytics/region.html", {}, slug="region")


@roles.rule_required("analytics_municipality.read")
def municipality_view(request, municipality_id: int):
    municipality = access.access_dashboard_municipality(request.user, municipality_id)
    dashboard = municipality_dashboard(
        municipality=municipality, period=requested_period(request), today=timezone.localdate()
    )
    return _page_or_table(
        request,
        dashboard,
        "analytics/municipality.html",
        {
            "municipality": municipality,
            "can_see_region": roles.has_rule(request.user, "analytics_region.read"),
        },
        slug=f"municipality-{municipality.pk}",
    )


@roles.rule_required("analytics_school.read")
def school_view(request, school_id: int):
    school = access.access_dashboard_school(request.user, school_id)
    dashboard = school_dashboard(school=school, period=requested_period(request), today=timezone.localdate())
    return _page_or_table(
        request,
        dashboard,
        "analytics/school.html",
        {
            "school": school,
            "can_see_municipality": roles.has_rule(request.user, "analytics_municipality.read"),
        },
        slug=f"school-{school.pk}",
    )


@roles.rule_required("analytics_region.read")
def report_view(request, extension: str):
    if extension not in ("docx", "xlsx"):
        raise Http404
    region = access.dashboard_region(request.user)
    dashboard = region_dashboard(region=region, period=requested_period(request), today=timezone.localdate())
    if extension == "docx":
        response = HttpResponse(exports.report_docx(dashboard), content_type=exports.DOCX)
    else:
        response = HttpResponse(exports.report_xlsx(dashboard), content_type=exports.XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.report_filename(dashboard, extension)}"'
    )
    return response
