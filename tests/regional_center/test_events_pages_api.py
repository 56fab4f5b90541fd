"""Events through the pages and the API: who sees which events and registrations, schools register
their own teachers, the administrator plans and marks attendance, Russian errors naming the field,
the calendar's month switching by htmx, ICS that parses back with icalendar."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from icalendar import Calendar

from regional_center.models import Event, EventRegistration
from regional_center.services import events
from tests.regional_center.events_support import make_event, teacher

pytestmark = pytest.mark.django_db


def _api_event(**overrides) -> dict:
    now = timezone.now()
    data = {
        "title": "Вебинар через API",
        "kind": "webinar",
        "starts_at": (now + datetime.timedelta(days=5)).isoformat(),
        "ends_at": (now + datetime.timedelta(days=5, hours=2)).isoformat(),
        "format": "online",
        "link": "https://vks.example/webinar",
        "host_kind": "centre",
        "audience": ["subject"],
        "support_kind": "consultative",
        "subjects": ["maths"],
        "capacity": 2,
        "registration_deadline": (now + datetime.timedelta(days=4)).isoformat(),
    }
    data.update(overrides)
    return data


# --- Who sees what ------------------------------------------------------------------------------------


def test_a_draft_is_seen_by_the_centre_only_and_a_mentor_is_refused_the_calendar(world, client_of):
    draft = make_event(world, title="Черновик семинара", status="planned")
    announced = make_event(world, title="Открытый семинар")
    assert client_of("regional_admin").get(f"/events/{draft.pk}/").status_code == 200
    assert client_of("analyst").get(f"/events/{draft.pk}/").status_code == 200
    for persona in ("curator_a", "coordinator", "curator_b"):
        assert client_of(persona).get(f"/events/{draft.pk}/").status_code == 404, persona
        assert client_of(persona).get(f"/events/{announced.pk}/").status_code == 200, persona
    assert client_of("mentor_a").get("/events/").status_code == 403
    listed = client_of("curator_a").get("/api/v1/events/").json()["results"]
    assert [e["title"] for e in listed] == ["Открытый семинар"]


def test_each_sees_only_the_registrations_of_their_scope(world, client_of):
    event = make_event(world)
    a = events.registration_create(event=event, school=world.school_a, by=None, **teacher(1))
    b = events.registration_create(event=event, school=world.school_b, by=None, **teacher(2))

    def seen(persona):
        answer = client_of(persona).get(f"/api/v1/events/{event.pk}/registrations/")
        assert answer.status_code == 200, persona
        return sorted(r["id"] for r in answer.json())

    assert seen("regional_admin") == seen("analyst") == sorted([a.pk, b.pk])
    assert seen("coordinator") == [a.pk]  # school A is in the coordinator's municipality, B is not
    assert seen("curator_a") == seen("director_a") == [a.pk]
    assert seen("curator_b") == [b.pk]
    page = client_of("curator_b").get(f"/events/{event.pk}/").content.decode()
    assert "Учителева2" in page and "Учителева1" not in page
    # Not theirs: school B cannot cancel or rate school A's teacher, and learns nothing of it.
    assert client_of("curator_b").post(f"/events/registrations/{a.pk}/cancel/").status_code == 404
    assert client_of("curator_b").post(f"/api/v1/events/registrations/{a.pk}/cancel/").status_code == 404
    # The coordinator reads, never writes.
    assert (
        client_of("coordinator")
        .post(f"/api/v1/events/{event.pk}/registrations/create/", teacher(5), content_type="application/json")
        .status_code
        == 403
    )
    assert EventRegistration.objects.filter(event=event).count() == 2


# --- The API ------------------------------------------------------------------------------------------


def test_the_administrator_plans_through_the_api_and_inverted_dates_are_named(world, client_of):
    admin = client_of("regional_admin")
    now = timezone.now()
    refused = admin.post(
        "/api/v1/events/create/",
        _api_event(ends_at=(now + datetime.timedelta(days=4)).isoformat()),
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json() == {"ends_at": ["Окончание должно быть позже начала мероприятия."]}
    # Scoped to the world's region: the demo region, committed by other tests, has events of its own.
    assert not Event.objects.filter(region=world.region).exists()
    created = admin.post("/api/v1/events/create/", _api_event(), content_type="application/json")
    assert created.status_code == 201, created.json()
    event_id = created.json()["id"]
    assert created.json()["status"] == "planned"
    opened = admin.post(
        f"/api/v1/events/{event_id}/status/", {"status": "open"}, content_type="application/json"
    )
    assert opened.json()["status"] == "open"
    assert (
        client_of("curator_a")
        .post("/api/v1/events/create/", _api_event(), content_type="application/json")
        .status_code
        == 403
    )


def test_a_curator_registers_through_the_api_twice_and_beyond_capacity_refused(world, client_of):
    event = make_event(world, capacity=2)
    curator = client_of("curator_a")
    url = f"/api/v1/events/{event.pk}/registrations/create/"
    first = curator.post(url, teacher(1), content_type="application/json")
    assert first.status_code == 201 and first.json()["school"] == world.school_a.pk
    twice = curator.post(url, teacher(1, last_name="Другая"), content_type="application/json")
    assert twice.status_code == 400
    assert twice.json() == {
        "email": ["Педагог с e-mail teacher1@school.example уже записан на это мероприятие."]
    }
    assert curator.post(url, teacher(2), content_type="application/json").status_code == 201
    full = client_of("curator_b").post(url, teacher(3), content_type="application/json")
    assert full.status_code == 400
    assert full.json() == {"non_field_errors": ["Мест больше нет: все места заняты (2 из 2)."]}
    assert event.registrations.count() == 2


def test_attendance_feedback_and_summaries_through_the_api(world, client_of, time_machine, monkeypatch):
    # monkeypatch puts the flag back on the session's shared school object afterwards (the database
    # rolls back by itself): left set, it would make later tests' requests and facts ШНОР ones.
    monkeypatch.setattr(world.school_a, "low_results", True)
    world.school_a.save(update_fields=["low_results"])
    event = make_event(world)
    came = events.registration_create(event=event, school=world.school_a, by=None, **teacher(1))
    missed = events.registration_create(event=event, school=world.school_a, by=None, **teacher(2))
    time_machine.move_to(event.ends_at + datetime.timedelta(hours=2))
    marks = {
        "marks": [{"registration": came.pk, "attended": True}, {"registration": missed.pk, "attended": False}]
    }
    assert (
        client_of("analyst")
        .post(f"/api/v1/events/{event.pk}/attendance/", marks, content_type="application/json")
        .status_code
        == 403
    )
    marked = client_of("regional_admin").post(
        f"/api/v1/events/{event.pk}/attendance/", marks, content_type="application/json"
    )
    assert marked.status_code == 200
    assert {r["id"]: r["attended"] for r in marked.json()} == {came.pk: True, missed.pk: False}
    feedback_url = f"/api/v1/events/registrations/{came.pk}/feedback/"
    given = client_of("curator_a").post(
        feedback_url, {"rating": 5, "comment": "Спасибо"}, content_type="application/json"
    )
    assert given.status_code == 201
    again = client_of("director_a").post(feedback_url, {"rating": 4}, content_type="application/json")
    assert again.status_code == 400 and "уже оставлен" in again.json()["non_field_errors"][0]
    rows = client_of("analyst").get("/api/v1/events/attendance-by-school/?low_results=true").json()
    assert rows == [
        {
            "school": world.school_a.pk,
            "school_name": world.school_a.short_name,
            "municipality": world.municipality.name,
            "low_results": True,
            "registered": 2,
            "attended": 1,
            "teachers_attended": 1,
            "events_attended": 1,
        }
    ]
    summary = client_of("analyst").get(f"/api/v1/events/{event.pk}/summary/").json()
    assert (summary["attended"], summary["absent"], summary["mean_rating"]) == (1, 1, 5.0)
    assert client_of("curator_a").get("/api/v1/events/attendance-by-school/").status_code == 403
    page = client_of("analyst").get("/events/attendance/?low_results=1").content.decode()
    assert world.school_a.short_name in page and "ШНОР" in page


def test_an_upload_of_the_wrong_type_is_refused_naming_the_field(world, client_of, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = make_event(world)
    admin = client_of("regional_admin")
    url = f"/api/v1/events/{event.pk}/materials/create/"
    wrong = admin.post(url, {"title": "Вирус", "file": SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf")})
    assert wrong.status_code == 400
    assert wrong.json() == {"file": ["Недопустимый тип файла: можно загрузить PDF, DOCX, JPEG или PNG."]}
    good = admin.post(url, {"title": "Программа", "file": SimpleUploadedFile("p.pdf", b"%PDF-1.4 program")})
    assert good.status_code == 201
    link = admin.post(url, {"title": "Запись вебинара", "url": "https://video.example/1"})
    assert link.status_code == 201
    listed = client_of("curator_a").get(f"/api/v1/events/{event.pk}/materials/").json()
    assert [m["title"] for m in listed] == ["Программа", "Запись вебинара"]
    download = client_of("curator_a").get(f"/events/materials/{good.json()['id']}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    page = admin.post(
        f"/events/{event.pk}/materials/",
        {"title": "Картинка", "file": SimpleUploadedFile("x.png", b"GIF89a")},
    )
    assert page.status_code == 302
    assert "Недопустимый тип файла" in admin.get(f"/events/{event.pk}/").content.decode()


# --- Pages ----------------------------------------------------------------------------------------------


def test_the_calendar_switches_months_by_htmx_and_filters(world, client_of):
    start = timezone.make_aware(datetime.datetime(2026, 12, 17, 10))
    make_event(world, title="Декабрьский семинар", starts_at=start,
               ends_at=start + datetime.timedelta(hours=2),
               registration_deadline=start - datetime.timedelta(days=2))  # fmt: skip
    client = client_of("curator_a")
    full = client.get("/events/").content.decode()
    assert "<html" in full and "Ноябрь 2026" in full and "Декабрьский семинар" not in full
    partial = client.get("/events/?month=2026-12", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Декабрь 2026" in partial and "Декабрьский семинар" in partial
    filtered = client.get("/events/?month=2026-12&kind=webinar", HTTP_HX_REQUEST="true").content.decode()
    assert "Декабрьский семинар" not in filtered
    assert "Декабрьский семинар" in client.get("/events/?month=2026-12&audience=subject").content.decode()


def test_the_administrator_plans_on_the_page_and_a_curator_registers(world, client_of, time_machine):
    admin = client_of("regional_admin")
    form = {
        "title": "Стажировка на странице",
        "kind": "internship",
        "starts_at": "2026-12-01T09:00",
        "ends_at": "2026-11-30T16:00",
        "registration_deadline": "2026-11-28T18:00",
        "capacity": "3",
        "format": "in_person",
        "place": "Школа А",
        "host_kind": "school",
        "host_school": str(world.school_a.pk),
        "support_kind": "educational",
        "audience": ["subject"],
        "subjects": ["maths"],
    }
    refused = admin.post("/events/new/", form)
    assert refused.status_code == 200, refused.context["form"].errors
    assert "Окончание должно быть позже начала мероприятия." in refused.content.decode()
    # Scoped to the world's region: the demo region, committed by other tests, has events of its own.
    assert not Event.objects.filter(region=world.region).exists()
    form["ends_at"] = "2026-12-05T16:00"
    created = admin.post("/events/new/", form)
    assert created.status_code == 302, created.context["form"].errors
    event = Event.objects.get(region=world.region)
    assert created.status_code == 302 and created["Location"] == f"/events/{event.pk}/"
    admin.post(f"/events/{event.pk}/status/", {"status": "open"})
    curator = client_of("curator_a")
    data = {k: v for k, v in teacher(1).items() if k != "consent"} | {"consent": "on"}
    assert curator.post(f"/events/{event.pk}/register/", data).status_code == 302
    again = curator.post(f"/events/{event.pk}/register/", data)
    assert "уже записан на это мероприятие" in again.content.decode()
    no_consent = {k: v for k, v in teacher(2).items() if k != "consent"}
    assert (
        "согласен передать свои данные"
        in curator.post(f"/events/{event.pk}/register/", no_consent).content.decode()
    )
    assert event.registrations.count() == 1
    time_machine.move_to(
        datetime.datetime(2026, 12, 5, 17, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))
    )
    registration = event.registrations.get()
    admin = client_of("regional_admin")  # a fresh session: the old one expired with the clock's move
    marked = admin.post(f"/events/{event.pk}/attendance/", {f"attended_{registration.pk}": "on"})
    assert marked.status_code == 302 and marked["Location"] == f"/events/{event.pk}/"
    registration.refresh_from_db()
    event.refresh_from_db()
    assert registration.attended is True and event.status == "held"


# --- ICS ------------------------------------------------------------------------------------------------


def test_the_ics_of_an_event_and_of_the_feed_parse_back_in_moscow_time(world, client_of):
    start = timezone.make_aware(datetime.datetime(2026, 12, 3, 10, 0))
    event = make_event(world, title="Семинар в календарь", starts_at=start,
                       ends_at=start + datetime.timedelta(hours=2),
                       registration_deadline=start - datetime.timedelta(days=1))  # fmt: skip
    make_event(world, title="Черновик", status="planned")
    answer = client_of("curator_a").get(f"/events/{event.pk}/event.ics")
    assert answer["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(answer.content)
    (item,) = calendar.walk("VEVENT")
    assert str(item["SUMMARY"]) == "Семинар: Семинар в календарь"
    assert item.decoded("DTSTART") == start and str(item.decoded("DTSTART").tzinfo) == "Europe/Moscow"
    assert item["DTSTART"].params["TZID"] == "Europe/Moscow"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Moscow"]
    assert str(item["UID"]).startswith(f"event-{event.pk}@")
    feed = Calendar.from_ical(client_of("curator_a").get("/events/calendar.ics").content)
    assert [str(e["SUMMARY"]) for e in feed.walk("VEVENT")] == ["Семинар: Семинар в календарь"]
    admin_feed = Calendar.from_ical(client_of("regional_admin").get("/events/calendar.ics").content)
    assert len(admin_feed.walk("VEVENT")) == 2
    statuses = {str(e["SUMMARY"]): str(e["STATUS"]) for e in admin_feed.walk("VEVENT")}
    assert statuses["Семинар: Черновик"] == "TENTATIVE"
