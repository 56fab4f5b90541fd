"""Pages: the programme and its road map. Mounted under /s/<school>/ by school_programs/urls.py."""

urlpatterns: list = []
