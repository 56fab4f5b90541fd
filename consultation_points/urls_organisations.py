"""Included by tenants/organisations/urls.py into the «organisations» namespace."""

from django.urls import path

from . import views_points as views

urlpatterns = [
    path("organisations/consultation-points/", views.point_list_view, name="points"),
    path("organisations/consultation-points/new/", views.point_create_view, name="point_create"),
    path("organisations/consultation-points/<int:point_id>/edit/", views.point_edit_view, name="point_edit"),
    path(
        "organisations/consultation-points/<int:point_id>/archive/",
        views.point_active_view,
        {"active": False},
        name="point_archive",
    ),
    path(
        "organisations/consultation-points/<int:point_id>/reopen/",
        views.point_active_view,
        {"active": True},
        name="point_reopen",
    ),
]
