"""Teachers' routes (ИОМ) on the school's side: the curator of a ШНОР school draws up a route from the
diagnostics, chooses the methodologist among the region's staff, links the region's events chosen from a
list, adds items — pages (htmx, errors under fields) and API; another school reaches nothing."""

import datetime
import re

import pytest
from django_tenants.utils import schema_context

from regional_center.models import SharedRoute
from school_programs.models import RouteLink, TeacherRoute
from tests.support import school as make

from .events_support import make_event

D = datetime.date
HTMX = {"HTTP_HX_REQUEST": "true"}
PAGES, API = "/s/school-b", "/api/v1/schools/school-b"


def errors_under(html: str, field: str) -> str:
    match = re.search(rf'data-field="{field}">(.*?)</div>', html, re.S)
    assert match, f"no field {field} on the page"
    errors = re.search(r'class="errorlist"[^>]*>(.*?)</ul>', match.group(1), re.S)
    return re.sub(r"<[^>]+>", " ", errors.group(1)).strip() if errors else ""


@pytest.fixture
def teacher(world):
    with schema_context(world.school_b.schema_name):
        return make.teacher("Математикова", first_name="Ольга", position="учитель математики")


def route_form(teacher, **levels) -> dict:
    data = {
        "teacher": teacher.pk,
        "title": "ИОМ: функциональная грамотность",
        "starts_on": "2026-11-01",
        "ends_on": "2027-05-31",
    }
    for area in ("subject", "methodical", "psychological", "communicative"):
        data[f"level_{area}"] = levels.get(area, 0)
    return data


def test_the_curator_draws_up_a_route_and_chooses_the_methodologist(world, client_of, teacher):
    curator = client_of("curator_b")
    page = curator.get(f"{PAGES}/routes/new/").content.decode()
    assert "Математикова Ольга" in page
    assert world.users["analyst"].full_name in page  # the region's staff are offered as methodologists
    assert world.users["curator_a"].full_name not in page
    response = curator.post(f"{PAGES}/routes/new/", route_form(teacher))
    assert "не выявила дефицитов" in response.content.decode()
    with schema_context(world.school_b.schema_name):
        assert not TeacherRoute.objects.exists()
    response = curator.post(
        f"{PAGES}/routes/new/",
        {**route_form(teacher, subject=3, methodical=2), "methodologist": world.users["analyst"].pk},
    )
    assert response.status_code == 302
    with schema_context(world.school_b.schema_name):
        route = TeacherRoute.objects.get()
    assert response["Location"].endswith(f"/routes/{route.pk}/")
    card = curator.get(f"{PAGES}/routes/{route.pk}/").content.decode()
    assert world.users["analyst"].full_name in card
    shared = SharedRoute.objects.get(school=world.school_b, route_id=route.pk)
    assert shared.methodologist == world.users["analyst"] and shared.teacher_name == "Математикова Ольга"
    # Unassigning by the card's form removes the region's copy.
    curator.post(f"{PAGES}/routes/{route.pk}/methodologist/", {"methodologist": ""}, **HTMX)
    assert not SharedRoute.objects.filter(school=world.school_b).exists()


@pytest.fixture
def route(world, client_of, teacher):
    client_of("curator_b").post(f"{PAGES}/routes/new/", route_form(teacher, subject=2))
    with schema_context(world.school_b.schema_name):
        return TeacherRoute.objects.get()


def test_events_are_chosen_from_the_regions_announced_list(world, client_of, route):
    draft = make_event(world, title="Черновик центра", status="planned")
    seminar = make_event(world, title="Семинар по ВПР")
    curator = client_of("curator_b")
    card = curator.get(f"{PAGES}/routes/{route.pk}/").content.decode()
    assert "Семинар по ВПР" in card and "Черновик центра" not in card
    url = f"{PAGES}/routes/{route.pk}/links/event/"
    response = curator.post(url, {"event": draft.pk}, **HTMX)
    assert "Выберите корректный вариант" in errors_under(response.content.decode(), "event")
    response = curator.post(url, {"event": seminar.pk}, **HTMX)
    assert "Семинар по ВПР" in response.content.decode()
    response = curator.post(url, {"event": seminar.pk}, **HTMX)
    assert "уже связано" in errors_under(response.content.decode(), "event")
    with schema_context(world.school_b.schema_name):
        link = RouteLink.objects.get()
    assert (link.kind, link.ref_id, link.date) == ("event", seminar.pk, seminar.starts_at.date())


def test_items_are_due_within_the_route(world, client_of, route):
    curator = client_of("curator_b")
    url = f"{PAGES}/routes/{route.pk}/items/"
    response = curator.post(url, {"area": "subject", "title": "Курсы ПК", "deadline": "2027-07-01"}, **HTMX)
    assert "в периоде маршрута" in errors_under(response.content.decode(), "deadline")
    response = curator.post(url, {"area": "subject", "title": "Курсы ПК", "deadline": "2027-02-01"}, **HTMX)
    assert "Курсы ПК" in response.content.decode()


def test_another_school_and_a_reader_without_the_role(world, client_of, route):
    assert client_of("curator_a").get(f"{PAGES}/routes/{route.pk}/").status_code == 404
    assert client_of("curator_a").get(f"{API}/routes/").status_code == 404
    assert client_of("analyst").get(f"{PAGES}/routes/").status_code == 404  # a school object


def test_the_api_creates_and_links(world, client_of, teacher):
    curator = client_of("curator_b")
    body = {
        "teacher": teacher.pk,
        "title": "ИОМ через API",
        "starts_on": "2026-11-01",
        "ends_on": "2027-05-31",
        "diagnosis": [
            {"area": "subject", "level": 2},
            {"area": "methodical", "level": 1},
            {"area": "psychological", "level": 0},
            {"area": "communicative", "level": 0},
        ],
        "methodologist": world.users["curator_a"].pk,
    }
    response = curator.post(f"{API}/routes/create/", body, content_type="application/json")
    assert response.status_code == 400 and "methodologist" in response.json()
    body["methodologist"] = world.users["point_consultant"].pk
    response = curator.post(f"{API}/routes/create/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    route_id = response.json()["id"]
    seminar = make_event(world, title="Вебинар для ИОМ")
    events = curator.get(f"{API}/routes/events/").json()
    assert [e["id"] for e in events] == [seminar.pk]
    response = curator.post(
        f"{API}/routes/{route_id}/links/",
        {"kind": "event", "event": seminar.pk},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["title"] == "Вебинар для ИОМ"
    detail = curator.get(f"{API}/routes/{route_id}/").json()
    assert detail["links"][0]["ref_id"] == seminar.pk and len(detail["diagnosis"]) == 4
    assert SharedRoute.objects.get(school=world.school_b).methodologist == world.users["point_consultant"]
