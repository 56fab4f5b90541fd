from django.urls import include, path

from . import views

urlpatterns = [
    path("auth/token/", views.TokenObtainApi.as_view(), name="api-token"),
    path("auth/logout/", views.LogoutApi.as_view(), name="api-logout"),
    path("auth/tokens/", views.TokenListApi.as_view(), name="api-tokens"),
    path("auth/tokens/<str:key>/", views.TokenRevokeApi.as_view(), name="api-token-revoke"),
    path("me/", views.MeApi.as_view(), name="api-me"),
    path("", include("tenants.api.organisations")),
    path("", include("tenants.api.people")),
    path("", include("regional_center.api_support")),  # issue 9 §§4–6 (SUPPORT)
    path("", include("analytics.api.urls")),  # issue 11 (DASHBOARDS)
    path("", include("regional_center.api_events")),  # issue 9 §3 (EVENTS)
    path("", include("regional_center.api_centre")),  # issue 9 §§1, 2, 7 (CENTRE)
    path("", include("consultation_points.requests_api.urls")),
]
