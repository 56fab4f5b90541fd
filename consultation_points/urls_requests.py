"""Pages of the consultation service, included from nastavnik/urls_public.py (namespace «consultations»)."""

from django.urls import path

from . import views_consultants
from . import views_requests as views

app_name = "consultations"
urlpatterns = [
    path("consultations/requests/", views.request_list_view, name="requests"),
    path("consultations/requests/new/", views.request_create_view, name="request_create"),
    path("consultations/requests/<int:request_id>/", views.request_detail_view, name="request"),
    path("consultations/requests/<int:request_id>/assign/", views.request_assign_view, name="assign"),
    path("consultations/requests/<int:request_id>/escalate/", views.request_escalate_view, name="escalate"),
    path("consultations/requests/<int:request_id>/decline/", views.request_decline_view, name="decline"),
    path("consultations/requests/<int:request_id>/cancel/", views.request_cancel_view, name="cancel"),
    path("consultations/requests/<int:request_id>/complete/", views.request_complete_view, name="complete"),
    path(
        "consultations/requests/<int:request_id>/consultations/",
        views.consultation_create_view,
        name="consultation_create",
    ),
    path("consultations/sessions/<int:consultation_id>/rate/", views.consultation_rate_view, name="rate"),
    path("consultations/queue/", views.queue_view, name="queue"),
    path("consultations/mine/", views.my_work_view, name="mine"),
    path("consultations/service-levels/", views.service_levels_view, name="service_levels"),
    path("consultations/consultants/", views_consultants.consultant_list_view, name="consultants"),
    path(
        "consultations/consultants/new/", views_consultants.consultant_create_view, name="consultant_create"
    ),
    path(
        "consultations/consultants/<int:consultant_id>/edit/",
        views_consultants.consultant_edit_view,
        name="consultant_edit",
    ),
    path("consultations/calendar/<str:token>.ics", views.calendar_feed_view, name="calendar"),
]
