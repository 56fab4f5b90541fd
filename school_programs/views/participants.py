"""Pages: participants. Mounted under /s/<school>/ by school_programs/urls.py."""

urlpatterns: list = []
