"""Path-based routing of one host to many schools.

/s/<slug>/…                 a school's pages
/api/v1/schools/<slug>/…    a school's API
everything else             the regional layer, in the public schema

Each school gets a URLConf of its own with the slug written into the patterns, so `reverse()` and
`{% url %}` inside a school need no slug argument and cannot point at another school by mistake.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import import_module
from types import ModuleType

from django.conf import settings
from django.urls import include, path, reverse

SCHOOL_PATH = re.compile(r"^/(?:s|api/v1/schools)/(?P<slug>[a-z0-9-]+)(?:/|$)")


def school_slug_from_path(request_path: str) -> str | None:
    match = SCHOOL_PATH.match(request_path)
    return match["slug"] if match else None


@lru_cache(maxsize=8192)
def school_urlconf(slug: str) -> ModuleType:
    """The URLConf for one school: its pages and API under the prefix, then the public patterns."""
    # Named in settings like ROOT_URLCONF: the public app does not import the per-school app's views.
    urls_public = import_module(settings.ROOT_URLCONF)
    urls_tenants = import_module(settings.SCHOOL_URLCONF)

    module = ModuleType(f"nastavnik.urls_school.{slug}")
    module.urlpatterns = [
        path(f"s/{slug}/", include((urls_tenants.page_patterns, "school"))),
        path(f"api/v1/schools/{slug}/", include((urls_tenants.api_patterns, "school_api"))),
        *urls_public.urlpatterns,
    ]
    for handler in ("handler400", "handler403", "handler404", "handler500"):
        if hasattr(urls_public, handler):
            setattr(module, handler, getattr(urls_public, handler))
    return module


def school_reverse(slug: str, viewname: str, *args, **kwargs) -> str:
    """reverse() for a school's URL from outside its request (tasks, e-mails, other schools' lists)."""
    return reverse(viewname, urlconf=school_urlconf(slug), args=args or None, kwargs=kwargs or None)
