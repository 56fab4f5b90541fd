"""Events services: planning with its date rules, registration by schools (duplicates, capacity, the row
lock, a real race between two connections), cancelling, attendance, feedback, materials."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from regional_center.models import Event, EventFeedback, EventMaterial, EventRegistration, EventStatus
from regional_center.selectors_events import attendance_by_school, month_calendar
from regional_center.services import event_materials, events
from tests.regional_center.events_support import make_event, teacher

pytestmark = pytest.mark.django_db


def _errors(excinfo) -> dict:
    return (
        excinfo.value.message_dict
        if hasattr(excinfo.value, "error_dict")
        else {"__all__": excinfo.value.messages}
    )


# --- Planning ----------------------------------------------------------------------------------------


def test_it_refuses_inverted_dates_naming_the_field_and_writes_nothing(world):
    now = timezone.now()
    with pytest.raises(ValidationError) as excinfo:
        make_event(
            world, starts_at=now + datetime.timedelta(days=5), ends_at=now + datetime.timedelta(days=4)
        )
    assert _errors(excinfo)["ends_at"] == ["Окончание должно быть позже начала мероприятия."]
    assert not Event.objects.filter(region=world.region).exists()


def test_it_refuses_a_deadline_after_the_start_and_a_missing_place_or_link(world):
    now = timezone.now()
    with pytest.raises(ValidationError) as excinfo:
        make_event(
            world,
            registration_deadline=now + datetime.timedelta(days=11),
            format="mixed",
            place="",
            link="",
            audience=[],
        )
    errors = _errors(excinfo)
    assert "не позже начала" in errors["registration_deadline"][0]
    assert "место проведения" in errors["place"][0]
    assert "ссылку" in errors["link"][0]
    assert "категорию педагогов" in errors["audience"][0]
    # Scoped to the world's region: the demo region, committed by other tests, has events of its own.
    assert not Event.objects.filter(region=world.region).exists()


def test_a_host_school_and_a_host_partner_exclude_each_other(world):
    event = make_event(world, host_kind="school", host_school=world.school_a)
    assert event.host_name == world.school_a.short_name
    with pytest.raises(ValidationError) as excinfo:
        make_event(world, host_kind="partner")
    assert "организацию-партнёра" in _errors(excinfo)["host_partner"][0]


def test_capacity_cannot_drop_below_those_registered(world):
    event = make_event(world, capacity=2)
    events.registration_create(event=event, school=world.school_a, by=None, **teacher(1))
    events.registration_create(event=event, school=world.school_a, by=None, **teacher(2))
    with pytest.raises(ValidationError) as excinfo:
        events.event_update(event=event, capacity=1)
    assert "Уже записано педагогов: 2" in _errors(excinfo)["capacity"][0]
    event.refresh_from_db()
    assert event.capacity == 2


def test_status_follows_its_transitions(world):
    event = make_event(world, status="planned")
    with pytest.raises(ValidationError) as excinfo:
        events.event_status_set(event=event, status=EventStatus.HELD)
    assert "нельзя перейти" in _errors(excinfo)["status"][0]
    events.event_status_set(event=event, status=EventStatus.CANCELLED)
    with pytest.raises(ValidationError):
        events.event_status_set(event=event, status=EventStatus.OPEN)


# --- Registration -------------------------------------------------------------------------------------


def test_the_same_teacher_twice_is_refused_whatever_the_case_of_the_email(world):
    event = make_event(world)
    events.registration_create(event=event, school=world.school_a, by=None, **teacher(1))
    with pytest.raises(ValidationError) as excinfo:
        events.registration_create(
            event=event, school=world.school_b, by=None, **teacher(2, email="TEACHER1@School.Example")
        )
    assert _errors(excinfo)["email"] == [
        "Педагог с e-mail teacher1@school.example уже записан на это мероприятие."
    ]
    assert event.registrations.count() == 1


def test_beyond_capacity_is_refused_and_nothing_is_written(world):
    event = make_event(world, capacity=1)
    events.registration_create(event=event, school=world.school_a, by=None, **teacher(1))
    with pytest.raises(ValidationError) as excinfo:
        events.registration_create(event=event, school=world.school_b, by=None, **teacher(2))
    assert excinfo.value.messages == ["Мест больше нет: все места заняты (1 из 1)."]
    assert event.registrations.count() == 1


def test_registration_needs_consent_and_a_category_the_event_is_for(world):
    event = make_event(world, audience=["primary"])
    with pytest.raises(ValidationError) as excinfo:
        events.registration_create(event=event, school=world.school_a, by=None, **teacher(1, consent=False))
    errors = _errors(excinfo)
    assert "согласен" in errors["consent"][0]
    assert "учителя начальных классов" in errors["category"][0]
    # Scoped to the world's region: the committed demo region has registrations of its own.
    assert not EventRegistration.objects.filter(event__region=world.region).exists()


def test_registration_is_refused_unless_open_and_before_the_deadline(world, time_machine):
    planned = make_event(world, status="planned")
    with pytest.raises(ValidationError, match="Запись на мероприятие не идёт"):
        events.registration_create(event=planned, school=world.school_a, by=None, **teacher(1))
    event = make_event(world)
    time_machine.move_to(event.registration_deadline + datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="Запись на мероприятие закончилась"):
        events.registration_create(event=event, school=world.school_a, by=None, **teacher(1))


def test_registration_reads_the_seats_under_a_lock_of_the_event_row(world):
    event = make_event(world)
    with CaptureQueriesContext(connection) as queries:
        events.registration_create(event=event, school=world.school_a, by=None, **teacher(1))
    sql = [q["sql"] for q in queries.captured_queries]
    lock = next(i for i, s in enumerate(sql) if 'FROM "regional_center_event"' in s and "FOR UPDATE" in s)
    count = next(i for i, s in enumerate(sql) if "COUNT(*)" in s and "regional_center_eventregistration" in s)
    assert lock < count, "the seats must be counted after the event's row is locked"


def test_a_school_cancels_before_the_deadline_only(world, time_machine):
    event = make_event(world)
    first = events.registration_create(event=event, school=world.school_a, by=None, **teacher(1))
    second = events.registration_create(event=event, school=world.school_a, by=None, **teacher(2))
    events.registration_cancel(registration=first)
    assert list(event.registrations.all()) == [second]
    time_machine.move_to(event.registration_deadline + datetime.timedelta(hours=1))
    with pytest.raises(ValidationError, match="только до окончания записи"):
        events.registration_cancel(registration=second)
    assert event.registrations.count() == 1


# --- Attendance and feedback ------------------------------------------------------------------------


def test_attendance_is_marked_after_the_start_and_an_ended_event_becomes_held(world, time_machine):
    event = make_event(world)
    came = events.registration_create(event=event, school=world.school_a, by=None, **teacher(1))
    missed = events.registration_create(event=event, school=world.school_b, by=None, **teacher(2))
    with pytest.raises(ValidationError) as excinfo:
        events.attendance_mark(event=event, marks={came.pk: True})
    assert "после начала" in _errors(excinfo)["marks"][0]
    time_machine.move_to(event.ends_at + datetime.timedelta(hours=1))
    other = make_event(world, title="Другое", starts_at=timezone.now() + datetime.timedelta(days=3),
                       ends_at=timezone.now() + datetime.timedelta(days=3, hours=1),
                       registration_deadline=timezone.now() + datetime.timedelta(days=2))  # fmt: skip
    stranger = events.registration_create(event=other, school=world.school_a, by=None, **teacher(3))
    with pytest.raises(ValidationError, match=f"Записи № {stranger.pk} нет"):
        events.attendance_mark(event=event, marks={came.pk: True, stranger.pk: True})
    came.refresh_from_db()
    assert came.attended is None  # nothing half-written
    event = events.attendance_mark(event=event, marks={came.pk: True, missed.pk: False})
    assert event.status == EventStatus.HELD
    assert EventRegistration.objects.get(pk=came.pk).attended is True
    assert EventRegistration.objects.get(pk=missed.pk).attended is False


def test_feedback_is_given_once_and_only_for_a_teacher_who_attended(world, time_machine):
    event = make_event(world)
    came = events.registration_create(event=event, school=world.school_a, by=None, **teacher(1))
    missed = events.registration_create(event=event, school=world.school_a, by=None, **teacher(2))
    time_machine.move_to(event.ends_at + datetime.timedelta(hours=1))
    events.attendance_mark(event=event, marks={came.pk: True, missed.pk: False})
    with pytest.raises(ValidationError, match="который был на мероприятии"):
        events.feedback_give(registration=missed, by=None, rating=5)
    with pytest.raises(ValidationError) as excinfo:
        events.feedback_give(registration=came, by=None, rating=7)
    assert _errors(excinfo)["rating"] == ["Оценка — целое число от 1 до 5."]
    events.feedback_give(registration=came, by=None, rating=4, comment="Полезно")
    with pytest.raises(ValidationError, match="уже оставлен"):
        events.feedback_give(registration=came, by=None, rating=5)
    assert EventFeedback.objects.get(registration=came).rating == 4


def test_attendance_per_school_counts_teachers_of_low_result_schools(world, time_machine, monkeypatch):
    # monkeypatch puts the flag back on the session's shared school object afterwards (the database
    # rolls back by itself): left set, it would make later tests' requests and facts ШНОР ones.
    monkeypatch.setattr(world.school_b, "low_results", True)
    world.school_b.save(update_fields=["low_results"])
    event = make_event(world)
    a1 = events.registration_create(event=event, school=world.school_a, by=None, **teacher(1))
    b1 = events.registration_create(event=event, school=world.school_b, by=None, **teacher(2))
    b2 = events.registration_create(event=event, school=world.school_b, by=None, **teacher(3))
    time_machine.move_to(event.ends_at + datetime.timedelta(hours=1))
    events.attendance_mark(event=event, marks={a1.pk: True, b1.pk: True, b2.pk: False})
    # This event's registrations only: the committed demo region has attended registrations of its own.
    registrations = EventRegistration.objects.filter(event=event)
    rows = attendance_by_school(registrations=registrations, low_results_only=True)
    assert [(r["school_id"], r["registered"], r["attended"], r["teachers_attended"]) for r in rows] == [
        (world.school_b.pk, 2, 1, 1)
    ]
    everyone = {r["school_id"]: r["attended"] for r in attendance_by_school(registrations=registrations)}
    assert everyone == {world.school_a.pk: 1, world.school_b.pk: 1}


def test_the_month_shows_an_internship_on_each_of_its_days(world):
    start = timezone.make_aware(datetime.datetime(2026, 11, 30, 9))
    make_event(world, kind="internship", starts_at=start, ends_at=start + datetime.timedelta(days=2, hours=7),
               registration_deadline=start - datetime.timedelta(days=1))  # fmt: skip
    # The world's region only: the committed demo region has events in these months too.
    region_events = Event.objects.filter(region=world.region)
    november = month_calendar(region_events, year=2026, month=11)
    december = month_calendar(region_events, year=2026, month=12)
    days_with = [d.date.day for w in december.weeks for d in w if d.events and d.in_month]
    assert days_with == [1, 2]
    assert [d.date.day for w in november.weeks for d in w if d.events and d.in_month] == [30]
    assert len(december.events) == 1 and november.title == "Ноябрь 2026"


# --- Materials --------------------------------------------------------------------------------------


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_materials_of_a_declared_type_are_stored_and_others_refused(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = make_event(world)
    pdf = event_materials.material_add_file(
        event=event, title="Презентация", upload=SimpleUploadedFile("Иванова.pdf", b"%PDF-1.7 test")
    )
    docx = event_materials.material_add_file(
        event=event, title="Конспект", upload=SimpleUploadedFile("x.docx", _docx())
    )
    assert (pdf.content_type, docx.content_type) == (event_materials.PDF, event_materials.DOCX)
    assert "Иванова" not in pdf.file.name  # the uploaded name is not kept on disk
    with pytest.raises(ValidationError) as excinfo:
        event_materials.material_add_file(
            event=event, title="Скрипт", upload=SimpleUploadedFile("doc.pdf", b"#!/bin/sh\necho hi")
        )
    assert _errors(excinfo)["file"] == ["Недопустимый тип файла: можно загрузить PDF, DOCX, JPEG или PNG."]
    settings.EVENT_MATERIAL_MAX_BYTES = 10
    with pytest.raises(ValidationError) as excinfo:
        event_materials.material_add_file(
            event=event, title="Большой", upload=SimpleUploadedFile("b.pdf", b"%PDF-" + b"0" * 20)
        )
    assert "Файл слишком большой" in _errors(excinfo)["file"][0]
    assert EventMaterial.objects.filter(event=event).count() == 2
    assert sorted(p.name for p in (tmp_path / "events" / str(event.pk) / "materials").iterdir()) == sorted(
        [pdf.file.name.rsplit("/", 1)[-1], docx.file.name.rsplit("/", 1)[-1]]
    )
