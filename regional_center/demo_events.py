"""Demo events of the regional centre: an internship under way with teachers of several schools (some
ШНОР), a seminar held with attendance and the schools' feedback, upcoming webinars and a master class
open for registration. Dates are the demo story's (tenants.demo_calendar.on), so the demo looks alive
on any day. Idempotent: a region that has events already is left as it is.

The past (registrations before a deadline that has passed, attendance of a held seminar) is written
as the services would have written it on those days; what is still ahead goes through the services.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from tenants.demo_calendar import on
from tenants.models import School

from .models import (
    Event,
    EventFeedback,
    EventRegistration,
    EventStatus,
    PartnerOrganisation,
    Region,
)
from .services.events import event_create as _event_create
from .services.events import event_status_set, registration_create

# (last name, first name, middle name, position, subject, category)
TEACHERS = [
    ("Алексеева", "Наталья", "Викторовна", "учитель математики", "maths", "subject"),
    ("Богданов", "Павел", "Сергеевич", "учитель физики", "physics", "subject"),
    ("Волкова", "Ирина", "Андреевна", "учитель начальных классов", "primary", "primary"),
    ("Григорьева", "Светлана", "Петровна", "учитель русского языка", "russian", "subject"),
    ("Денисов", "Артём", "Олегович", "заместитель директора по УВР", "general", "administration"),
    ("Ершова", "Людмила", "Ивановна", "классный руководитель 7 «Б»", "history", "class_teacher"),
    ("Жукова", "Ольга", "Романовна", "учитель математики", "maths", "subject"),
    ("Зайцев", "Николай", "Петрович", "учитель информатики", "informatics", "subject"),
]


def _at(story: tuple[int, int, int], hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        on(*story), datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def event_create(**fields):
    """The service, with the story's times kept in order: in the summer the demo calendar squeezes the
    story's weeks ahead into fewer days (tenants.demo_calendar), so a deadline written two days before
    the start may land on the start's own day, after its hour."""
    starts = fields["starts_at"]
    fields["ends_at"] = max(fields["ends_at"], starts + datetime.timedelta(hours=1))
    if fields.get("registration_deadline"):
        fields["registration_deadline"] = min(
            fields["registration_deadline"], starts - datetime.timedelta(hours=1)
        )
    return _event_create(**fields)


def _teacher(index: int, school: School) -> dict:
    last, first, middle, position, subject, category = TEACHERS[index % len(TEACHERS)]
    return {
        "last_name": last,
        "first_name": first,
        "middle_name": middle,
        "position": position,
        "subject": subject,
        "category": category,
        "email": f"{school.slug}.{index}@demo.nastavnik.local",
    }


def _past_registrations(
    event: Event, entries: list[tuple[School, int, bool | None]]
) -> list[EventRegistration]:
    rows = []
    for school, index, attended in entries:
        registration = EventRegistration(
            event=event,
            school=school,
            consent=True,
            attended=attended,
            attendance_marked_at=event.ends_at if attended is not None else None,
            **_teacher(index, school),
        )
        registration.full_clean()
        rows.append(registration)
    return EventRegistration.objects.bulk_create(rows)


@transaction.atomic
def seed_events(region: Region, stdout=None) -> None:
    schools = {s.slug: s for s in School.objects.filter(municipality__region=region)}
    if "yo-gimnazia-4" not in schools or Event.objects.filter(region=region).exists():
        return
    partner = PartnerOrganisation.objects.filter(is_active=True).order_by("name").first()
    common = {"region": region, "description": ""}

    internship = event_create(
        **common,
        title="Стажировка «Современный урок математики: от диагностики к результату»",
        kind="internship",
        starts_at=_at((2026, 11, 19), 9),
        ends_at=_at((2026, 11, 27), 16),
        format="in_person",
        place="Гимназия № 4 им. А. С. Пушкина, г. Йошкар-Ола",
        host_kind="school",
        host_school=schools["yo-gimnazia-4"],
        audience=["subject", "administration"],
        support_kind="educational",
        subjects=["maths", "physics"],
        capacity=12,
        registration_deadline=_at((2026, 11, 16), 18),
        status=EventStatus.CLOSED,
    )
    _past_registrations(
        internship,
        [
            (schools["yo-sosh-18"], 0, None),
            (schools["yo-sosh-18"], 1, None),
            (schools["volzhsk-sosh-6"], 6, None),
            (schools["medv-krasnooktyabr"], 4, None),
            (schools["yo-sosh-7"], 7, None),
        ],
    )

    seminar = event_create(
        **common,
        title="Семинар «Наставничество в школе с низкими образовательными результатами»",
        kind="seminar",
        starts_at=_at((2026, 11, 10), 14),
        ends_at=_at((2026, 11, 10), 17),
        format="mixed",
        place="Марийский институт образования, ауд. 21",
        link="https://vks.demo.nastavnik.local/seminar-shnor",
        host_kind="centre",
        audience=["administration", "class_teacher"],
        support_kind="informational",
        subjects=["general"],
        capacity=40,
        registration_deadline=_at((2026, 11, 6), 18),
        status=EventStatus.HELD,
    )
    held = _past_registrations(
        seminar,
        [
            (schools["kozm-sosh-2"], 4, True),
            (schools["kozm-sosh-2"], 5, True),
            (schools["morki-shinsha"], 4, True),
            (schools["zven-krasnogorsk"], 5, False),
            (schools["yo-sosh-7"], 4, True),
            (schools["volzhsk-sosh-6"], 5, True),
        ],
    )
    for registration, (rating, comment) in zip(
        held,
        [
            (5, "Разобрали наш случай, увезли готовый план."),
            (4, "Полезно; хотелось бы больше практики."),
            (5, ""),
        ],
        strict=False,
    ):
        EventFeedback.objects.create(registration=registration, rating=rating, comment=comment)

    webinar = event_create(
        **common,
        title="Вебинар «Функциональная грамотность: задания для 5–9 классов»",
        kind="webinar",
        starts_at=_at((2026, 12, 3), 15),
        ends_at=_at((2026, 12, 3), 16, 30),
        format="online",
        link="https://vks.demo.nastavnik.local/webinar-fg",
        host_kind="partner" if partner else "centre",
        host_partner=partner,
        audience=["subject", "primary"],
        support_kind="consultative",
        subjects=["russian", "maths"],
        capacity=100,
        registration_deadline=_at((2026, 12, 1), 18),
    )
    event_status_set(event=webinar, status=EventStatus.OPEN)
    curator_school = schools["yo-sosh-7"]
    for index in (2, 3):
        registration_create(
            event=webinar, school=curator_school, by=None, consent=True, **_teacher(index, curator_school)
        )

    master_class = event_create(
        **common,
        title="Мастер-класс «Классный час, который слышат»",
        kind="master_class",
        starts_at=_at((2026, 12, 10), 13),
        ends_at=_at((2026, 12, 10), 15),
        format="in_person",
        place="Лицей № 11, г. Йошкар-Ола",
        host_kind="school",
        host_school=schools["yo-lyceum-11"],
        audience=["class_teacher"],
        support_kind="educational",
        capacity=20,
        registration_deadline=_at((2026, 12, 8), 18),
    )
    event_status_set(event=master_class, status=EventStatus.OPEN)

    event_create(
        **common,
        title="Вебинар «Индивидуальный образовательный маршрут педагога»",
        kind="webinar",
        starts_at=_at((2027, 1, 20), 15),
        ends_at=_at((2027, 1, 20), 16, 30),
        format="online",
        link="https://vks.demo.nastavnik.local/webinar-iom",
        host_kind="centre",
        audience=["subject", "primary", "class_teacher"],
        support_kind="consultative",
        capacity=150,
        registration_deadline=_at((2027, 1, 18), 18),
    )
    if stdout is not None:
        stdout.write(f"Мероприятия регионального центра: {Event.objects.filter(region=region).count()}.")
