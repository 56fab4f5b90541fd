from django.urls import path

from . import views_events as views

app_name = "events"
urlpatterns = [
    path("events/", views.calendar_view, name="calendar"),
    path("events/calendar.ics", views.calendar_ics_view, name="calendar_ics"),
    path("events/new/", views.event_create_view, name="create"),
    path("events/attendance/", views.attendance_summary_view, name="summary"),
    path("events/<int:event_id>/", views.event_view, name="event"),
    path("events/<int:event_id>/edit/", views.event_edit_view, name="edit"),
    path("events/<int:event_id>/status/", views.event_status_view, name="status"),
    path("events/<int:event_id>/event.ics", views.event_ics_view, name="event_ics"),
    path("events/<int:event_id>/register/", views.registration_create_view, name="register"),
    path("events/<int:event_id>/attendance/", views.attendance_view, name="attendance"),
    path("events/<int:event_id>/materials/", views.material_add_view, name="material_add"),
    path("events/materials/<int:material_id>/", views.material_download_view, name="material"),
    path("events/materials/<int:material_id>/delete/", views.material_delete_view, name="material_delete"),
    path(
        "events/registrations/<int:registration_id>/cancel/",
        views.registration_cancel_view,
        name="registration_cancel",
    ),
    path(
        "events/registrations/<int:registration_id>/feedback/",
        views.feedback_view,
        name="feedback",
    ),
]
