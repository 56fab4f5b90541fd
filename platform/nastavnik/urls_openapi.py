"""The URL tree the OpenAPI schema is generated from: the public API plus a school's API with {school}."""

from django.urls import include, path

from . import urls_public, urls_tenants

urlpatterns = [
    *urls_public.urlpatterns,
    path("api/v1/schools/<slug:school>/", include((urls_tenants.api_patterns, "school_api"))),
]
