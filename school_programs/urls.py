"""A school's pages, mounted under /s/<slug>/ by tenants.routing (namespace "school").

Each area keeps its own `urlpatterns` in school_programs/views/<area>.py.
"""

from django.urls import path

from .views import (
    accounts,
    bases,
    completion,
    groups,
    home,
    matching,
    meetings,
    monitoring,
    orders,
    participants,
    plans,
    programme,
    routes,
    surveys,
)

page_patterns = [
    path("", home.home, name="home"),
    *programme.urlpatterns,
    *participants.urlpatterns,
    *accounts.urlpatterns,
    *bases.urlpatterns,
    *matching.urlpatterns,
    *groups.urlpatterns,
    *plans.urlpatterns,
    *meetings.urlpatterns,
    *orders.urlpatterns,
    *completion.urlpatterns,
    *surveys.urlpatterns,
    *monitoring.urlpatterns,
    *routes.urlpatterns,  # issue 9 §6: teachers' routes (ИОМ)
]
