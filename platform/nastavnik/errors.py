"""The product's own error pages: 403, 404, 500 and a refused CSRF check, in Russian and in the site's
layout, with a way back. Under /api/ the same errors answer with the API's JSON body instead.

Django's technical pages (the 404 that lists every URL pattern, the bare «403 Forbidden» of a CSRF
failure) never reach a user: these views are the handlers in urls_public.py (tenants.routing copies
them into every school's URLConf) and CSRF_FAILURE_VIEW; the demo runs with DEBUG off, as production.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token
from rest_framework import exceptions

# The API's error shape (nastavnik.api.ERROR_SCHEMA): {"detail": "…"}, with DRF's own wording.
API_DETAIL = {
    403: exceptions.PermissionDenied.default_detail,
    404: exceptions.NotFound.default_detail,
    500: exceptions.APIException.default_detail,
}


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def _back(request) -> str:
    """The page the user came from, if it is on this site: the error page's «back» link."""
    back = request.META.get("HTTP_REFERER", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return back
    return ""


def _page(request, template: str, status: int, **context) -> HttpResponse:
    """An error page inside base.html. The school bar is left out on purpose: a 404 in a school the
    user does not belong to must not tell them the school's name (nor that it exists)."""
    context.update(current_school=None, current_school_roles=[], error_status=status, back=_back(request))
    return HttpResponse(loader.render_to_string(template, context, request=request), status=status)


@requires_csrf_token
def forbidden(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": str(API_DETAIL[403])}, status=403)
    # Our PermissionDenied messages are Russian sentences meant for the user («Недостаточно прав…»);
    # Django's own (an empty one) gives way to the page's general text.
    reason = str(exception) if exception is not None and str(exception) else ""
    return _page(request, "errors/403.html", 403, reason=reason)


@requires_csrf_token
def not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": str(API_DETAIL[404])}, status=404)
    return _page(request, "errors/404.html", 404)


@requires_csrf_token
def server_error(request):
    """Rendered without the request's context processors: whatever broke (the database, a context
    processor) must not break the error page too. errors/500.html needs nothing but static files."""
    if _wants_json(request):
        return JsonResponse({"detail": str(API_DETAIL[500])}, status=500)
    return HttpResponse(loader.render_to_string("errors/500.html"), status=500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: most often a form left open past the session's end, or cookies blocked."""
    if _wants_json(request):
        return JsonResponse({"detail": "Запрос отклонён: не прошла проверка CSRF."}, status=403)
    return _page(request, "errors/csrf.html", 403)
