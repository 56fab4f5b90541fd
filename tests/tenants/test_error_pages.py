"""Error pages: Russian, in the site's layout, with a way back; JSON under /api/; the demo shows them too."""

import importlib

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import path
from rest_framework import exceptions

from nastavnik import errors
from tenants.routing import school_urlconf


def _html(response) -> str:
    return response.content.decode()


def _in_layout(html: str) -> bool:
    return 'class="topbar"' in html and "nastavnik.css" in html


def test_an_unknown_page_is_a_russian_404_in_the_layout_with_a_way_home(client_of, world):
    response = client_of("curator_a").get("/no-such-page/", HTTP_REFERER="http://testserver/s/school-a/")
    assert response.status_code == 404
    html = _html(response)
    assert "Страница не найдена" in html
    assert _in_layout(html)
    assert 'href="/"' in html and "На мою главную страницу" in html
    assert 'href="http://testserver/s/school-a/"' in html  # back to where the user came from
    assert "urlpatterns" not in html and "URLconf" not in html


def test_the_back_link_never_leads_off_the_site(client_of, world):
    html = _html(client_of("curator_a").get("/no-such-page/", HTTP_REFERER="https://evil.example/x"))
    assert "evil.example" not in html


def test_an_anonymous_visitor_is_offered_to_log_in_on_a_404(client, db):
    html = _html(client.get("/nowhere/"))
    assert "Страница не найдена" in html and "/login/?next=/nowhere/" in html


def test_a_404_in_a_school_the_user_does_not_belong_to_does_not_name_the_school(client_of, world):
    response = client_of("curator_a").get("/s/school-b/groups/")
    assert response.status_code == 404
    html = _html(response)
    assert "Страница не найдена" in html
    assert world.school_b.short_name not in html and world.school_b.municipality.name not in html


def test_a_404_inside_ones_own_school_uses_the_same_page(client_of, world):
    response = client_of("curator_a").get("/s/school-a/groups/999999/")
    assert response.status_code == 404
    assert "Страница не найдена" in _html(response)


def test_a_page_refused_by_role_is_a_russian_403_with_the_reason(client_of, world):
    response = client_of("mentor_a").get("/s/school-a/orders/")
    assert response.status_code == 403
    html = _html(response)
    assert "Недостаточно прав" in html and "Недостаточно прав для этого действия." in html
    assert _in_layout(html)
    assert "403 Forbidden" not in html


def test_api_errors_stay_json(client_of, world):
    unknown = client_of("curator_a").get("/api/v1/no-such-thing/")
    assert unknown.status_code == 404
    assert unknown["Content-Type"].startswith("application/json")
    assert unknown.json() == {"detail": str(exceptions.NotFound.default_detail)}
    in_school = client_of("curator_a").get("/api/v1/schools/school-a/no-such-thing/")
    assert in_school.status_code == 404 and "detail" in in_school.json()
    refused = client_of("mentor_a").get("/api/v1/schools/school-a/orders/")
    assert refused.status_code == 403 and "detail" in refused.json()


def test_the_500_page_is_russian_and_needs_no_database():
    request = RequestFactory().get("/s/school-a/groups/")
    response = errors.server_error(request)
    assert response.status_code == 500
    html = _html(response)
    assert "Ошибка на сервере" in html and 'href="/"' in html and 'lang="ru"' in html
    api = errors.server_error(RequestFactory().get("/api/v1/me/"))
    assert api.status_code == 500 and api["Content-Type"].startswith("application/json")


def _boom(request):
    raise RuntimeError("сломалось")


urlpatterns = [path("boom/", _boom)]
handler500 = "nastavnik.errors.server_error"


@override_settings(ROOT_URLCONF=__name__)
def test_an_exception_in_a_view_shows_the_500_page(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Ошибка на сервере" in _html(response)


def test_every_school_has_the_same_handlers():
    urlconf = school_urlconf("school-a")
    assert urlconf.handler403 == "nastavnik.errors.forbidden"
    assert urlconf.handler404 == "nastavnik.errors.not_found"
    assert urlconf.handler500 == "nastavnik.errors.server_error"


def test_a_refused_csrf_check_explains_itself_in_russian(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/login/", {"username": "x", "password": "y"}, HTTP_REFERER="http://testserver/login/"
    )
    assert response.status_code == 403
    html = _html(response)
    assert "Форма устарела" in html and _in_layout(html)
    assert "Вернуться к форме" in html
    assert "Forbidden" not in html and "CSRF verification failed" not in html


def test_the_demo_runs_with_debug_off_so_it_shows_these_pages(monkeypatch):
    """`make demo` uses the local settings: DEBUG on would show Django's technical 404 listing every
    URL pattern instead of these pages."""
    monkeypatch.delenv("DJANGO_DEBUG", raising=False)
    import nastavnik.settings.local as local

    local = importlib.reload(local)
    assert local.DEBUG is False
    # Static files are still served without runserver's DEBUG-only handler: WhiteNoise finds them.
    assert local.WHITENOISE_USE_FINDERS is True


@pytest.mark.parametrize("status", [403, 404])
def test_the_error_templates_render_for_an_anonymous_visitor(client, db, status):
    request = RequestFactory().get("/x/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    request.school = None
    view = errors.forbidden if status == 403 else errors.not_found
    response = view(request, Exception(""))
    assert response.status_code == status
    assert "Наставник" in _html(response)
