"""Included from tenants/api/urls.py under /api/v1/."""

from django.urls import path

from . import consultants, views

urlpatterns = [
    path("consultations/requests/", views.RequestListApi.as_view(), name="api-consultation-requests"),
    path(
        "consultations/requests/create/",
        views.RequestCreateApi.as_view(),
        name="api-consultation-request-create",
    ),
    path(
        "consultations/requests/<int:request_id>/",
        views.RequestDetailApi.as_view(),
        name="api-consultation-request",
    ),
    path(
        "consultations/requests/<int:request_id>/history/",
        views.RequestHistoryApi.as_view(),
        name="api-consultation-request-history",
    ),
    path(
        "consultations/requests/<int:request_id>/suggestions/",
        views.RequestSuggestionsApi.as_view(),
        name="api-consultation-request-suggestions",
    ),
    path(
        "consultations/requests/<int:request_id>/assign/",
        views.RequestAssignApi.as_view(),
        name="api-consultation-request-assign",
    ),
    path(
        "consultations/requests/<int:request_id>/escalate/",
        views.RequestEscalateApi.as_view(),
        name="api-consultation-request-escalate",
    ),
    path(
        "consultations/requests/<int:request_id>/decline/",
        views.RequestDeclineApi.as_view(),
        name="api-consultation-request-decline",
    ),
    path(
        "consultations/requests/<int:request_id>/cancel/",
        views.RequestCancelApi.as_view(),
        name="api-consultation-request-cancel",
    ),
    path(
        "consultations/requests/<int:request_id>/complete/",
        views.RequestCompleteApi.as_view(),
        name="api-consultation-request-complete",
    ),
    path(
        "consultations/requests/<int:request_id>/consultations/",
        views.ConsultationListApi.as_view(),
        name="api-consultations",
    ),
    path(
        "consultations/requests/<int:request_id>/consultations/create/",
        views.ConsultationCreateApi.as_view(),
        name="api-consultation-create",
    ),
    path(
        "consultations/sessions/<int:consultation_id>/rate/",
        views.ConsultationRateApi.as_view(),
        name="api-consultation-rate",
    ),
    path(
        "consultations/service-levels/",
        views.ServiceLevelsApi.as_view(),
        name="api-consultation-service-levels",
    ),
    path("consultations/consultants/", consultants.ConsultantListApi.as_view(), name="api-consultants"),
    path(
        "consultations/consultants/create/",
        consultants.ConsultantCreateApi.as_view(),
        name="api-consultant-create",
    ),
    path(
        "consultations/consultants/<int:consultant_id>/",
        consultants.ConsultantDetailApi.as_view(),
        name="api-consultant",
    ),
    path(
        "consultations/consultants/<int:consultant_id>/update/",
        consultants.ConsultantUpdateApi.as_view(),
        name="api-consultant-update",
    ),
]
