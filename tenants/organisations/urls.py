from django.urls import include, path

from . import views

app_name = "organisations"
urlpatterns = [
    path("organisations/schools/", views.school_list_view, name="schools"),
    path("organisations/schools/new/", views.school_create_view, name="school_create"),
    path("organisations/schools/upload/", views.onboarding_view, name="onboarding"),
    path(
        "organisations/schools/upload/template.xlsx",
        views.onboarding_template_view,
        name="onboarding_template",
    ),
    path(
        "organisations/schools/upload/jobs/<slug:job_id>/", views.onboarding_job_view, name="onboarding_job"
    ),
    path("organisations/schools/<int:school_id>/", views.school_view, name="school"),
    path("organisations/schools/<int:school_id>/edit/", views.school_edit_view, name="school_edit"),
    path("organisations/schools/<int:school_id>/flags/", views.school_flags_view, name="school_flags"),
    path("organisations/schools/<int:school_id>/archive/", views.school_archive_view, name="school_archive"),
    path(
        "organisations/schools/<int:school_id>/unarchive/",
        views.school_unarchive_view,
        name="school_unarchive",
    ),
    path("organisations/schools/<int:school_id>/export.xlsx", views.school_export_view, name="school_export"),
    path("", include("regional_center.urls_organisations")),
    path("", include("consultation_points.urls_organisations")),
]
