"""Choosing the school schema for a request, and keeping non-members out of school pages."""

from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.http import Http404

from . import access
from .models import School
from .routing import school_slug_from_path, school_urlconf


class SchoolRoutingMiddleware:
    """First middleware: set the PostgreSQL search_path to the school named in the path, or to public."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.school = None
        slug = school_slug_from_path(request.path_info)
        if slug is None:
            connection.set_schema_to_public()
            return self.get_response(request)
        school = School.objects.filter(slug=slug).select_related("municipality").first()
        if school is None or school.status == School.Status.ARCHIVED:
            connection.set_schema_to_public()
            raise Http404
        connection.set_tenant(school)
        request.school = request.tenant = school
        request.urlconf = school_urlconf(slug)
        try:
            return self.get_response(request)
        finally:
            # A connection reused by the next request must not stay in this school's schema.
            connection.set_schema_to_public()


class SchoolAccessMiddleware:
    """School pages: log in first, then 404 for anyone without a role in the school.

    API views get the same rule from access.SchoolMemberPermission, after DRF has authenticated
    the token.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        school = getattr(request, "school", None)
        if school is None or request.path_info.startswith("/api/"):
            return None
        if getattr(view_func, "reachable_by_link", False):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not access.can_enter_school(request.user, school):
            raise Http404
        return None
