"""/api/v1/analytics/… (included from tenants/api/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("analytics/indicators/", views.IndicatorListApi.as_view(), name="api-analytics-indicators"),
    path("analytics/facts/", views.FactListApi.as_view(), name="api-analytics-facts"),
    path("analytics/rollups/region/", views.RegionRollupApi.as_view(), name="api-analytics-region"),
    path(
        "analytics/rollups/municipalities/<int:municipality_id>/",
        views.MunicipalityRollupApi.as_view(),
        name="api-analytics-municipality",
    ),
    path(
        "analytics/rollups/schools/<int:school_id>/",
        views.SchoolRollupApi.as_view(),
        name="api-analytics-school",
    ),
    path("analytics/targets/", views.TargetListApi.as_view(), name="api-analytics-targets"),
    path("analytics/targets/set/", views.TargetSetApi.as_view(), name="api-analytics-target-set"),
    path("analytics/report/", views.ReportApi.as_view(), name="api-analytics-report"),
]
