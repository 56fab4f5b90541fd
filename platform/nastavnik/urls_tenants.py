"""A school's URLs, mounted by tenants.routing at /s/<slug>/ (pages) and /api/v1/schools/<slug>/ (API).

The error handlers (403, 404, 500) are those of urls_public.py: tenants.routing copies them into each
school's URLConf, so a school page fails with the same Russian pages as the rest of the site.
"""

from school_programs.api.urls import api_patterns
from school_programs.urls import page_patterns

__all__ = ["api_patterns", "page_patterns"]
