"""A school's URLs, mounted by tenants.routing at /s/<slug>/ (pages) and /api/v1/schools/<slug>/ (API)."""

from school_programs.api.urls import api_patterns
from school_programs.urls import page_patterns

__all__ = ["api_patterns", "page_patterns"]
