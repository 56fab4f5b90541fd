"""API: groups. Mounted under /api/v1/schools/<school>/ by school_programs/api/urls.py."""

urlpatterns: list = []
