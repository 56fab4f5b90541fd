"""Included by tenants/organisations/urls.py into the «organisations» namespace."""

from django.urls import path

from . import views_municipalities as views

urlpatterns = [
    path("organisations/municipalities/", views.municipality_list_view, name="municipalities"),
    path("organisations/municipalities/new/", views.municipality_create_view, name="municipality_create"),
    path(
        "organisations/municipalities/<int:municipality_id>/edit/",
        views.municipality_edit_view,
        name="municipality_edit",
    ),
]
