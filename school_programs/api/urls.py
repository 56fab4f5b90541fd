"""A school's API, mounted under /api/v1/schools/<slug>/ by tenants.routing (namespace "school_api").

Each area keeps its own `urlpatterns` in school_programs/api/<area>.py.
"""

from . import (
    accounts,
    bases,
    completion,
    groups,
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

api_patterns = [
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
