"""Dashboard pages (outside any school): /analytics/…"""

from django.urls import path

from .views import dashboards, targets

app_name = "analytics"

urlpatterns = [
    path("analytics/", dashboards.home_view, name="home"),
    path("analytics/region/", dashboards.region_view, name="region"),
    path(
        "analytics/municipalities/<int:municipality_id>/", dashboards.municipality_view, name="municipality"
    ),
    path("analytics/schools/<int:school_id>/", dashboards.school_view, name="school"),
    path("analytics/report.<str:extension>", dashboards.report_view, name="report"),
    path("analytics/targets/", targets.target_list_view, name="targets"),
]
