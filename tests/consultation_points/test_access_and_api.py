"""Who sees what, through the pages and the API; the calendar feed opens without a login and parses
back with icalendar."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from consultation_points.models import ConsultationPoint, Format, RequestStatus
from consultation_points.services.consultations import consultation_log
from consultation_points.services.requests import consultant_assign
from tenants.models import Membership, Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(world, make_consultant, make_request):
    """A request of school A's mentor assigned to the point's consultant persona; another request of
    the same school by its curator, waiting; a request of school B (another municipality)."""
    consultant = make_consultant(user=world.users["point_consultant"])
    assigned = make_request()
    consultant_assign(request=assigned, consultant=consultant, by=world.users["coordinator"], notify=False)
    waiting = make_request(topic="Ждёт", by=world.users["curator_a"], contact_name="Кураторова К. К.")
    of_b = make_request(school=world.school_b, by=world.users["curator_b"], topic="Школа Б")
    return {"consultant": consultant, "assigned": assigned, "waiting": waiting, "of_b": of_b}


def _ids(client):
    response = client.get("/api/v1/consultations/requests/")
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}, {
        row["id"]: row["contact"] for row in response.json()["results"]
    }


def test_each_persona_sees_what_the_issue_says(client_of, story):
    a, w, b = story["assigned"].pk, story["waiting"].pk, story["of_b"].pk
    expected = {
        "mentor_a": {a},  # a teacher: their own requests
        "curator_a": {a, w},  # the school's curator: all of the school's
        "director_a": {a, w},
        "curator_b": {b},
        "coordinator": {a, w},  # their municipality's point
        "point_consultant": {a},  # assigned to them
        "analyst": {a, w, b},  # the regional centre: all
        "regional_admin": {a, w, b},
    }
    for persona, ids in expected.items():
        seen, _ = _ids(client_of(persona))
        assert seen == ids, persona


def test_the_teachers_contact_only_for_those_who_work_on_the_request(client_of, story):
    a = story["assigned"].pk
    for persona in ("mentor_a", "coordinator", "point_consultant"):
        _, contacts = _ids(client_of(persona))
        assert contacts[a]["name"] == "Учителева Мария Ивановна", persona
    for persona in ("curator_a", "director_a", "analyst"):
        _, contacts = _ids(client_of(persona))
        assert contacts[a] is None, persona
    page = client_of("curator_a").get(f"/consultations/requests/{a}/").content.decode()
    assert "Учителева" not in page and "teacher@example.test" not in page
    page = client_of("point_consultant").get(f"/consultations/requests/{a}/").content.decode()
    assert "Учителева" in page


def test_a_request_not_yours_is_404_in_pages_and_api(client_of, story):
    b = story["of_b"].pk
    for persona in ("curator_a", "coordinator", "point_consultant", "mentor_a"):
        client = client_of(persona)
        assert client.get(f"/consultations/requests/{b}/").status_code == 404, persona
        assert client.get(f"/api/v1/consultations/requests/{b}/").status_code == 404, persona
    assert (
        client_of("curator_b")
        .get(f"/api/v1/consultations/requests/{story['assigned'].pk}/history/")
        .status_code
        == 404
    )


def test_a_teacher_submits_through_the_api_and_the_coordinator_assigns_the_top_suggestion(
    world, client_of, story, make_consultant
):
    teacher = client_of("mentor_a")
    response = teacher.post(
        "/api/v1/consultations/requests/create/",
        {
            "school": world.school_a.pk, "topic": "Функциональная грамотность", "subject": "maths",
            "deficit_area": "functional_literacy", "support_kind": "educational",
            "teacher_category": "subject", "contact_name": "Учителева М. И.", "preferred_format": "online",
        },
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["point"] == world.point.pk and created["status"] == "new"
    better = make_consultant("Грамотная", deficit_areas=["functional_literacy"])
    coordinator = client_of("coordinator")
    suggestions = coordinator.get(f"/api/v1/consultations/requests/{created['id']}/suggestions/").json()
    assert suggestions[0]["consultant"]["id"] == better.pk
    assert any("специализация" in r["text"] for r in suggestions[0]["reasons"])
    assigned = coordinator.post(
        f"/api/v1/consultations/requests/{created['id']}/assign/",
        {"consultant": better.pk},
        content_type="application/json",
    )
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["status"] == "assigned"
    # A teacher may not assign; another school's curator may not even see it.
    assert teacher.post(f"/api/v1/consultations/requests/{created['id']}/assign/", {"consultant": better.pk},
                        content_type="application/json").status_code == 403  # fmt: skip
    assert client_of("curator_b").get(f"/api/v1/consultations/requests/{created['id']}/").status_code == 404


def test_bad_input_through_the_api_is_a_russian_400_naming_the_field(world, client_of, story):
    other_point = ConsultationPoint.objects.create(municipality=world.other_municipality, name="КП Дальнего")
    response = client_of("mentor_a").post(
        "/api/v1/consultations/requests/create/",
        {"school": world.school_a.pk, "point": other_point.pk, "topic": "Т", "subject": "maths",
         "deficit_area": "assessment", "support_kind": "consultative", "teacher_category": "subject",
         "contact_name": "У"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "другом муниципалитете" in response.json()["point"][0]
    consultant_client = client_of("point_consultant")
    early = story["assigned"].created_at - datetime.timedelta(days=3)
    response = consultant_client.post(
        f"/api/v1/consultations/requests/{story['assigned'].pk}/consultations/create/",
        {"starts_at": early.isoformat(), "format": "online", "duration_minutes": 60},
        content_type="application/json",
    )
    assert response.status_code == 400 and "раньше запроса" in response.json()["starts_at"][0]


def test_rating_through_the_api_only_by_the_requester_once(world, client_of, story, time_machine):
    held = consultation_log(
        request=story["assigned"],
        by=world.users["point_consultant"],
        starts_at=timezone.now(),
        format=Format.ONLINE,
        duration_minutes=30,
    )
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=2))
    url = f"/api/v1/consultations/sessions/{held.pk}/rate/"
    response = client_of("curator_a").post(url, {"rating": 5}, content_type="application/json")
    assert response.status_code == 400 and "только тот, кто подал" in response.json()["rating"][0]
    assert (
        client_of("mentor_a")
        .post(url, {"rating": 5, "comment": "Спасибо"}, content_type="application/json")
        .status_code
        == 200
    )
    second = client_of("mentor_a").post(url, {"rating": 3}, content_type="application/json")
    assert second.status_code == 400 and "уже оценена" in second.json()["rating"][0]


def test_the_pages_open_for_their_people(client_of, story):
    assert "Очередь запросов" in client_of("coordinator").get("/consultations/queue/").content.decode()
    queue = client_of("coordinator").get("/consultations/queue/").content.decode()
    assert "Ждёт" in queue and "Школа Б" not in queue
    mine = client_of("point_consultant").get("/consultations/mine/").content.decode()
    assert "Мои запросы и консультации" in mine and "Результаты ВПР" in mine
    levels = client_of("coordinator").get("/consultations/service-levels/").content.decode()
    assert "КП Тестовска" in levels
    form = client_of("mentor_a").get("/consultations/requests/new/").content.decode()
    assert "Новый запрос" in form
    assert client_of("mentor_a").get("/consultations/queue/").status_code == 403
    assert client_of("curator_a").get("/consultations/service-levels/").status_code == 403


def test_the_page_form_refuses_a_bad_date_order_and_writes_nothing(world, client_of, story):
    response = client_of("mentor_a").post(
        "/consultations/requests/new/",
        {"school": world.school_a.pk, "topic": "Т", "subject": "maths", "deficit_area": "assessment",
         "support_kind": "consultative", "teacher_category": "subject", "urgency": "normal",
         "contact_name": "У", "preferred_from": "2026-12-10", "preferred_to": "2026-12-01"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "«Удобно по» раньше" in response.content.decode()


def test_the_calendar_feed_opens_by_its_secret_link_and_parses_back(world, client_of, story):
    starts = timezone.now() + datetime.timedelta(days=1)
    consultation_log(request=story["assigned"], by=world.users["point_consultant"], starts_at=starts,
                     format=Format.ONLINE, duration_minutes=90)  # fmt: skip
    page = client_of("point_consultant").post("/consultations/mine/")
    assert page.status_code == 200
    url = page.context["feed_url"]
    path = url.split("testserver", 1)[1]
    feed = client_of("curator_b").logout() or __import__("django.test", fromlist=["Client"]).Client().get(
        path
    )
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(feed.content)
    [event] = calendar.walk("VEVENT")
    assert (
        event.decoded("dtstart") == starts.replace(microsecond=0)
        or abs((event.decoded("dtstart") - starts).total_seconds()) < 1
    )
    assert (event.decoded("dtend") - event.decoded("dtstart")) == datetime.timedelta(minutes=90)
    assert "Результаты ВПР" in str(event["summary"])
    assert "Учителева" not in feed.content.decode()
    # The token is stored hashed; a new link revokes the old one.
    assert story["consultant"].__class__.objects.get(pk=story["consultant"].pk).calendar_token_hash not in url
    client_of("point_consultant").post("/consultations/mine/")
    from django.test import Client

    assert Client().get(path).status_code == 404


def test_the_status_filter_and_the_regional_queue(client_of, story):
    rows = client_of("analyst").get("/api/v1/consultations/requests/?status=assigned").json()["results"]
    assert [row["id"] for row in rows] == [story["assigned"].pk]
    queue = client_of("analyst").get("/consultations/queue/?escalated=1").content.decode()
    assert "Школа Б" in queue


def test_a_new_consultant_role_follows_the_points(world, make_consultant):
    user = User.objects.create(username="newcons", last_name="Новая", first_name="К")
    make_consultant(user=user)
    assert Membership.objects.filter(user=user, role=Role.CONSULTANT, consultation_point=world.point).exists()
    assert RequestStatus.NEW == "new"
