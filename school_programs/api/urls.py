from django.urls import path

from . import views

# Mounted under /api/v1/schools/<slug>/ by tenants.routing (namespace "school_api").
api_patterns = [
    path("programmes/", views.ProgrammeListApi.as_view(), name="programme-list"),
]
