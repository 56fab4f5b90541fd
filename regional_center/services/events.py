"""Events of the regional centre: planning, status, registration of teachers by their schools,
attendance and the schools' feedback (schema: PUBLIC).

Every write here is one transaction and checks its rule before anything is saved, so a refused call
leaves nothing behind. Registration locks the event's row (SELECT … FOR UPDATE): two curators pressing
«Записать» for the last seat at once are served one after the other, and the second one is told the
seats are gone — the count is read under the lock, never before it.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from tenants.models import School

from ..models import Event, EventFeedback, EventHost, EventRegistration, EventStatus, Region
from ..vocabulary import TeacherCategory

EVENT_FIELDS = (
    "title",
    "kind",
    "description",
    "starts_at",
    "ends_at",
    "format",
    "place",
    "link",
    "host_kind",
    "host_partner",
    "host_school",
    "audience",
    "support_kind",
    "subjects",
    "capacity",
    "registration_deadline",
)

# Which status may follow which. Held and cancelled are final: a held event has its attendance, a
# cancelled one is a fact schools were told about.
TRANSITIONS = {
    EventStatus.PLANNED: {EventStatus.OPEN, EventStatus.CANCELLED},
    EventStatus.OPEN: {EventStatus.CLOSED, EventStatus.CANCELLED, EventStatus.HELD, EventStatus.PLANNED},
    EventStatus.CLOSED: {EventStatus.OPEN, EventStatus.HELD, EventStatus.CANCELLED},
    EventStatus.HELD: set(),
    EventStatus.CANCELLED: set(),
}


def _moment(value: datetime.datetime) -> str:
    return date_format(timezone.localtime(value), "d.m.Y H:i")


def _check_event(event: Event, *, registered: int = 0) -> None:
    """The event's own rules, each reported under its field, all at once."""
    errors: dict[str, str] = {}
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        errors["ends_at"] = "Окончание должно быть позже начала мероприятия."
    if event.starts_at and event.registration_deadline and event.registration_deadline > event.starts_at:
        errors["registration_deadline"] = "Запись должна закончиться не позже начала мероприятия."
    if event.format in ("in_person", "mixed") and not event.place.strip():
        errors["place"] = "Укажите место проведения: мероприятие проходит очно."
    if event.format in ("online", "mixed") and not event.link.strip():
        errors["link"] = "Укажите ссылку на трансляцию: мероприятие проходит онлайн."
    if event.host_kind == EventHost.PARTNER:
        event.host_school = None
        if event.host_partner is None:
            errors["host_partner"] = "Выберите организацию-партнёра, которая проводит мероприятие."
        elif not event.host_partner.is_active:
            errors["host_partner"] = "Эта организация-партнёр больше не действует."
    elif event.host_kind == EventHost.SCHOOL:
        event.host_partner = None
        if event.host_school is None:
            errors["host_school"] = "Выберите школу, которая проводит мероприятие."
        elif event.host_school.municipality.region_id != event.region_id:
            errors["host_school"] = "Школа-организатор должна быть школой региона."
    else:
        event.host_partner = None
        event.host_school = None
    if not event.audience:
        errors["audience"] = "Выберите хотя бы одну категорию педагогов."
    if event.capacity is not None and event.capacity < 1:
        errors["capacity"] = "Мест должно быть не меньше одного."
    elif event.capacity is not None and event.capacity < registered:
        errors["capacity"] = f"Уже записано педагогов: {registered}; мест не может быть меньше."
    if errors:
        raise ValidationError(errors)
    event.audience = sorted(set(event.audience), key=list(TeacherCategory.values).index)
    event.subjects = list(dict.fromkeys(event.subjects or []))
    event.full_clean()


@transaction.atomic
def event_create(*, region: Region, by=None, status: str = EventStatus.PLANNED, **fields) -> Event:
    """Plan an event of the region. `fields` are those of EVENT_FIELDS (unknown ones are refused)."""
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    event = Event(region=region, created_by=by, status=status, **fields)
    event.place = event.place or ""
    event.link = event.link or ""
    event.description = event.description or ""
    _check_event(event)
    event.save()
    return event


@transaction.atomic
def event_update(*, event: Event, **fields) -> Event:
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.status in (EventStatus.HELD, EventStatus.CANCELLED):
        raise ValidationError(f"Мероприятие {locked.get_status_display()}: его уже нельзя изменить.")
    for name, value in fields.items():
        if value is None and name in ("description", "place", "link"):
            value = ""
        setattr(locked, name, value)
    _check_event(locked, registered=locked.registrations.count())
    locked.save()
    return locked


@transaction.atomic
def event_status_set(*, event: Event, status: str) -> Event:
    locked = Event.objects.select_for_update().get(pk=event.pk)
    current = EventStatus(locked.status)
    if status not in EventStatus.values:
        raise ValidationError({"status": "Неизвестный статус мероприятия."})
    target = EventStatus(status)
    if target == current:
        return locked
    if target not in TRANSITIONS[current]:
        raise ValidationError({"status": f"Из статуса «{current.label}» нельзя перейти в «{target.label}»."})
    if target == EventStatus.HELD and locked.starts_at > timezone.now():
        raise ValidationError({"status": "Мероприятие ещё не началось: отметить его проведённым нельзя."})
    if target == EventStatus.OPEN and locked.registration_deadline <= timezone.now():
        raise ValidationError(
            {"status": f"Срок записи истёк {_moment(locked.registration_deadline)}: сначала продлите его."}
        )
    locked.status = target
    locked.save(update_fields=["status"])
    return locked


# --- Registration of teachers by their schools ------------------------------------------------------


def school_may_register(*, event: Event, school: School) -> bool:
    """The event is open to every active school of its region."""
    return school.status == School.Status.ACTIVE and school.municipality.region_id == event.region_id


@transaction.atomic
def registration_create(
    *,
    event: Event,
    school: School,
    by,
    last_name: str,
    first_name: str,
    position: str,
    subject: str,
    category: str,
    email: str,
    consent: bool,
    middle_name: str = "",
) -> EventRegistration:
    """A school's director or curator registers one of their teachers.

    Refused: the event not open or its deadline passed, a school outside the event's region, a
    category the event is not for, no consent, the same e-mail twice, no seats left.
    """
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.status != EventStatus.OPEN:
        raise ValidationError(f"Запись на мероприятие не идёт: оно «{locked.get_status_display()}».")
    if timezone.now() > locked.registration_deadline:
        raise ValidationError(f"Запись на мероприятие закончилась {_moment(locked.registration_deadline)}.")
    if not school_may_register(event=locked, school=school):
        raise ValidationError({"school": "Эта школа не может записывать педагогов на мероприятие."})
    errors: dict[str, str] = {}
    if not consent:
        errors["consent"] = "Отметьте, что педагог согласен передать свои данные для мероприятия."
    if category and category in TeacherCategory.values and category not in locked.audience:
        errors["category"] = (
            "Мероприятие не для этой категории педагогов: " + ", ".join(locked.audience_labels()) + "."
        )
    # One teacher is one e-mail, whatever its letters' case.
    email = (email or "").strip().lower()
    if email and locked.registrations.filter(email__iexact=email).exists():
        errors["email"] = f"Педагог с e-mail {email} уже записан на это мероприятие."
    if errors:
        raise ValidationError(errors)
    taken = locked.registrations.count()
    if taken >= locked.capacity:
        raise ValidationError(f"Мест больше нет: все места заняты ({taken} из {locked.capacity}).")
    registration = EventRegistration(
        event=locked,
        school=school,
        registered_by=by,
        last_name=last_name.strip(),
        first_name=first_name.strip(),
        middle_name=(middle_name or "").strip(),
        position=position.strip(),
        subject=subject,
        category=category,
        email=email,
        consent=True,
    )
    registration.full_clean()
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:  # the unique e-mail per event, should a check ever be bypassed
        raise ValidationError(
            {"email": f"Педагог с e-mail {email} уже записан на это мероприятие."}
        ) from None
    return registration


@transaction.atomic
def registration_cancel(*, registration: EventRegistration) -> None:
    """The school withdraws its teacher, before the registration deadline only (after it, the seat is
    planned for and the teacher is expected; the administrator marks them absent instead)."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    if timezone.now() > event.registration_deadline:
        raise ValidationError(
            f"Отменить запись можно только до окончания записи ({_moment(event.registration_deadline)})."
        )
    if event.status in (EventStatus.HELD, EventStatus.CANCELLED):
        raise ValidationError(f"Мероприятие {event.get_status_display()}: запись уже не отменить.")
    EventRegistration.objects.filter(pk=registration.pk).delete()


# --- Attendance and feedback -----------------------------------------------------------------------


@transaction.atomic
def attendance_mark(*, event: Event, marks: dict[int, bool]) -> Event:
    """The administrator marks who came. Allowed once the event has begun (a week-long internship is
    marked as it goes); an event that has ended becomes «проведено» with its first marks."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    now = timezone.now()
    if locked.status == EventStatus.CANCELLED:
        raise ValidationError("Мероприятие отменено: посещаемость не отмечают.")
    if locked.starts_at > now:
        raise ValidationError(
            {"marks": f"Посещаемость отмечают после начала мероприятия ({_moment(locked.starts_at)})."}
        )
    ids = {int(pk) for pk in marks}
    registrations = {r.pk: r for r in locked.registrations.select_for_update().filter(pk__in=ids)}
    strangers = sorted(ids - set(registrations))
    if strangers:
        raise ValidationError(
            {"marks": f"Записи № {', '.join(map(str, strangers))} нет среди записей мероприятия."}
        )
    for pk, attended in marks.items():
        registration = registrations[int(pk)]
        if registration.attended is bool(attended):
            continue
        registration.attended = bool(attended)
        registration.attendance_marked_at = now
        registration.save(update_fields=["attended", "attendance_marked_at"])
    if locked.ends_at <= now and locked.status in (EventStatus.OPEN, EventStatus.CLOSED):
        locked.status = EventStatus.HELD
        locked.save(update_fields=["status"])
    return locked


@transaction.atomic
def feedback_give(*, registration: EventRegistration, by, rating, comment: str = "") -> EventFeedback:
    """The school rates the event for a teacher who attended, once."""
    registration = EventRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.attended is not True:
        raise ValidationError("Отзыв оставляют о педагоге, который был на мероприятии.")
    if EventFeedback.objects.filter(registration=registration).exists():
        raise ValidationError(f"Отзыв о мероприятии для педагога {registration.full_name} уже оставлен.")
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": "Оценка — целое число от 1 до 5."})
    feedback = EventFeedback(
        registration=registration, rating=rating, comment=(comment or "").strip(), given_by=by
    )
    feedback.full_clean()
    feedback.save()
    return feedback
