"""Demo data of the consultation service (called by `manage.py seed_demo` as `consultation_points.demo.seed`).

A few months of work in the demo region: consultants of the points with their specialisations, and
requests of schools from September until today — assigned, in progress, done and rated, one declined,
one cancelled, one escalated, a few waiting in the queue (one of them overdue), sessions planned for
the coming days. The story of the issue: a teacher of a ШНОР school (СОШ № 18, Йошкар-Ола) asked for
help with ВПР results in mathematics; the coordinator of the Йошкар-Ола point assigned the best-ranked
consultant (Попов Д. С.); two consultations were held and rated.

Dates are the story's (written as of 22 November 2026) mapped onto the current calendar by
tenants.demo_calendar.on, so the demo looks alive on any date. Idempotent: a request is looked up by
its school and topic, a consultant by their login; a second run changes nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from nastavnik.russian import counted
from regional_center.models import Region
from tenants.demo import DEMO_PASSWORD
from tenants.demo_calendar import on
from tenants.models import Membership, Role, School, User

from .models import (
    Consultant,
    Consultation,
    ConsultationPoint,
    ConsultationRequest,
    DeficitArea,
    Format,
    RequestEvent,
    Subject,
    SupportKind,
    TeacherCategory,
    Urgency,
)
from .services.consultants import consultant_create
from .services.consultations import consultation_log, consultation_rate
from .services.requests import (
    SLA,
    consultant_assign,
    request_cancel,
    request_complete,
    request_decline,
    request_escalate,
    request_submit,
)

S, D, C = Subject, DeficitArea, TeacherCategory
BOTH = [Format.IN_PERSON, Format.ONLINE]

# login, last, first, middle, point indexes, subjects, deficit areas, categories, formats, capacity
CONSULTANTS = [
    ("consultant", "Попов", "Дмитрий", "Сергеевич", [0], [S.MATHS, S.PHYSICS, S.INFORMATICS],
     [D.ASSESSMENT, D.FUNCTIONAL_LITERACY, D.LESSON_DESIGN], [C.SUBJECT], BOTH, 5),
    ("consultant.lebedeva", "Лебедева", "Ирина", "Михайловна", [0, 3], [S.RUSSIAN, S.NATIVE],
     [D.ASSESSMENT, D.LOW_MOTIVATION], [C.SUBJECT, C.CLASS_TEACHER], BOTH, 4),
    ("consultant.orlova", "Орлова", "Светлана", "Петровна", [0], [S.PRIMARY, S.GENERAL],
     [D.LESSON_DESIGN, D.INCLUSION, D.UPBRINGING], [C.PRIMARY, C.CLASS_TEACHER], [Format.IN_PERSON], 3),
    ("consultant.zaitsev", "Зайцев", "Павел", "Андреевич", [0, 1], [S.MATHS],
     [D.LESSON_DESIGN, D.DIGITAL], [C.SUBJECT], [Format.ONLINE], 2),
    ("consultant.volkova", "Волкова", "Елена", "Игоревна", [1], [S.BIOLOGY, S.CHEMISTRY, S.GEOGRAPHY],
     [D.FUNCTIONAL_LITERACY, D.ASSESSMENT], [C.SUBJECT], BOTH, 4),
    ("consultant.egorov", "Егоров", "Андрей", "Николаевич", [3, 4], [S.HISTORY, S.GENERAL],
     [D.MANAGEMENT, D.UPBRINGING], [C.ADMINISTRATION, C.CLASS_TEACHER], BOTH, 3),
]  # fmt: skip

TEACHER = ("teacher.shnor", "Григорьева", "Наталья", "Викторовна", "yo-sosh-18")

# (school slug, submitter login, topic, subject, area, kind, category, urgency, format, story date,
#  what happened: list of steps)
# steps: ("assign", login, day) · ("session", (y, m, d, hour), minutes, rating or None) ·
#        ("done", day) · ("decline", reason, day) · ("cancel", reason, day) · ("escalate", reason, day)
STORY = [
    ("yo-sosh-18", "teacher.shnor", "Низкие результаты ВПР по математике в 6-х классах", S.MATHS, D.ASSESSMENT,
     SupportKind.CONSULTATIVE, C.SUBJECT, Urgency.HIGH, Format.IN_PERSON, (2026, 10, 5),
     [("assign", "consultant", (2026, 10, 6)), ("session", (2026, 10, 12, 15), 90, 5),
      ("session", (2026, 10, 26, 15), 60, 4), ("done", (2026, 11, 2))]),
    ("yo-sosh-18", "teacher.shnor", "Задания на функциональную грамотность на уроках математики", S.MATHS,
     D.FUNCTIONAL_LITERACY, SupportKind.EDUCATIONAL, C.SUBJECT, Urgency.NORMAL, Format.ONLINE, (2026, 11, 16),
     [("assign", "consultant", (2026, 11, 17)), ("session", (2026, 11, 27, 16), 60, None)]),
    ("yo-sosh-7", "curator", "Проектирование урока в начальной школе по ФГОС", S.PRIMARY, D.LESSON_DESIGN,
     SupportKind.INFORMATIONAL, C.PRIMARY, Urgency.NORMAL, Format.IN_PERSON, (2026, 9, 15),
     [("assign", "consultant.orlova", (2026, 9, 17)), ("session", (2026, 9, 24, 14), 60, 5), ("done", (2026, 9, 30))]),
    ("yo-sosh-7", "mentor", "Подготовка к ОГЭ по русскому языку: работа с текстом", S.RUSSIAN, D.ASSESSMENT,
     SupportKind.CONSULTATIVE, C.SUBJECT, Urgency.NORMAL, "", (2026, 10, 20),
     [("assign", "consultant.lebedeva", (2026, 10, 23)), ("session", (2026, 11, 3, 15), 60, None)]),
    ("yo-sosh-18", "teacher.shnor", "Классный час для подростков с низкой мотивацией", S.GENERAL, D.LOW_MOTIVATION,
     SupportKind.CONSULTATIVE, C.CLASS_TEACHER, Urgency.NORMAL, Format.IN_PERSON, (2026, 11, 10), []),
    ("yo-sosh-29", "curator", "Цифровые ресурсы на уроках алгебры", S.MATHS, D.DIGITAL,
     SupportKind.INFORMATIONAL, C.SUBJECT, Urgency.NORMAL, Format.ONLINE, (2026, 11, 19), []),
    ("yo-gimnazia-4", "director", "Внутришкольный контроль качества преподавания", S.GENERAL, D.MANAGEMENT,
     SupportKind.CONSULTATIVE, C.ADMINISTRATION, Urgency.NORMAL, Format.IN_PERSON, (2026, 10, 1),
     [("escalate", "У консультантов пункта нет специализации по управлению школой", (2026, 10, 2)),
      ("assign", "consultant.egorov", (2026, 10, 5)), ("session", (2026, 10, 14, 11), 120, None),
      ("done", (2026, 10, 20))]),
    ("yo-lyceum-11", "curator", "Олимпиадная физика: наставничество «ученик – ученик»", S.PHYSICS,
     D.LESSON_DESIGN, SupportKind.EDUCATIONAL, C.SUBJECT, Urgency.NORMAL, "", (2026, 9, 22),
     [("decline", "Не относится к методической помощи школам с низкими результатами: направлено в центр «Успех»",
       (2026, 9, 25))]),
    ("yo-sosh-29", "curator", "Инклюзия: ребёнок с ОВЗ в 2-м классе", S.PRIMARY, D.INCLUSION,
     SupportKind.CONSULTATIVE, C.PRIMARY, Urgency.HIGH, Format.IN_PERSON, (2026, 10, 8),
     [("cancel", "Школа получила помощь ППМС-центра", (2026, 10, 9))]),
    ("volzhsk-sosh-6", "curator.b", "Биология: задания ВПР с развёрнутым ответом", S.BIOLOGY, D.ASSESSMENT,
     SupportKind.CONSULTATIVE, C.SUBJECT, Urgency.NORMAL, Format.ONLINE, (2026, 10, 12),
     [("assign", "consultant.volkova", (2026, 10, 13)), ("session", (2026, 10, 21, 16), 60, None),
      ("session", (2026, 11, 18, 16), 60, None), ("done", (2026, 11, 19))]),
    ("volzhsk-sosh-6", "curator.b", "Естественно-научная грамотность в 8-х классах", S.CHEMISTRY,
     D.FUNCTIONAL_LITERACY, SupportKind.EDUCATIONAL, C.SUBJECT, Urgency.NORMAL, "", (2026, 11, 13), []),
]  # fmt: skip


def _at(day: tuple, hour: int = 10) -> datetime.datetime:
    mapped = on(*day[:3])
    return timezone.make_aware(
        datetime.datetime.combine(mapped, datetime.time(day[3] if len(day) > 3 else hour))
    )


def _user(login, last, first, middle, **scope) -> User:
    user = User.objects.filter(username__iexact=login).first()
    if user is None:
        user = User(username=login, last_name=last, first_name=first, middle_name=middle,
                    email=f"{login}@demo.nastavnik.local")  # fmt: skip
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
    return user


def _consultants(points: list[ConsultationPoint]) -> None:
    for login, last, first, middle, point_ids, subjects, areas, categories, formats, capacity in CONSULTANTS:
        user = _user(login, last, first, middle)
        if Consultant.objects.filter(user=user).exists():
            continue
        consultant_create(
            user=user,
            points=[points[i] for i in point_ids],
            selected_on=on(2026, 5, 20),
            training_programme="ДПП ПК «Наставничество и методическое сопровождение педагогов» (72 ч)",
            certificate=f"№ 12-{user.pk:04d} от {on(2026, 6, 30):%d.%m.%Y}",
            subjects=list(subjects),
            deficit_areas=list(areas),
            teacher_categories=list(categories),
            formats=list(formats),
            monthly_capacity=capacity,
            active_from=on(2026, 8, 25),
        )


def _backdate(request: ConsultationRequest, at: datetime.datetime) -> None:
    to_assign, to_consult = SLA[request.urgency]
    ConsultationRequest.objects.filter(pk=request.pk).update(
        created_at=at, assign_due_at=at + to_assign, consult_due_at=at + to_consult
    )
    RequestEvent.objects.filter(request=request).update(at=at)
    request.refresh_from_db()


def _story(users: dict[str, User], schools: dict[str, School]) -> None:
    coordinator = users["municipal"]
    for slug, login, topic, subject, area, kind, category, urgency, fmt, day, steps in STORY:
        school = schools[slug]
        if ConsultationRequest.objects.filter(school=school, topic=topic).exists():
            continue
        by = users[login]
        request = request_submit(
            school=school, by=by, topic=topic, subject=subject, deficit_area=area, support_kind=kind,
            teacher_category=category, urgency=urgency, preferred_format=fmt, contact_name=by.full_name,
            contact_email=by.email, contact_phone="+7 (8362) 45-12-30",
            description="Запрос записан по итогам внутришкольного мониторинга.",
        )  # fmt: skip
        _backdate(request, _at(day, 9))
        for step in steps:
            action, *rest = step
            count = request.events.count()
            if action == "assign":
                consultant = Consultant.objects.get(user=users[rest[0]])
                request = consultant_assign(
                    request=request, consultant=consultant, by=coordinator, across_points=True, notify=False
                )
                when = _at(rest[1], 11)
                ConsultationRequest.objects.filter(pk=request.pk).update(
                    assigned_at=when, first_assigned_at=when
                )
            elif action == "session":
                when = _at(rest[0])
                consultation = consultation_log(
                    request=request, by=request.consultant.user, starts_at=when,
                    format=fmt or Format.IN_PERSON, duration_minutes=rest[1],
                    participants=f"{request.contact_name}; заместитель директора по УВР",
                    summary="Разобрали результаты диагностики и типичные ошибки, наметили приёмы на ближайшие уроки."
                    if when < timezone.now() else "",
                    recommendations="Ввести короткие проверочные работы по западающим темам; "
                    "взаимопосещение уроков с коллегой." if when < timezone.now() else "",
                    follow_up="Прислать консультанту две разработки уроков" if when < timezone.now() else "",
                )  # fmt: skip
                Consultation.objects.filter(pk=consultation.pk).update(created_at=min(when, timezone.now()))
                if rest[2] is not None and when < timezone.now():
                    consultation_rate(
                        consultation=consultation, by=request.submitted_by, rating=rest[2],
                        comment="Очень полезно: разобрали конкретные задания моих классов."
                        if rest[2] == 5 else "Полезно, хотелось бы больше примеров.",
                    )  # fmt: skip
                    Consultation.objects.filter(pk=consultation.pk).update(
                        rated_at=when + datetime.timedelta(days=1)
                    )
            elif action == "done":
                request = request_complete(request=request, by=request.consultant.user)
                ConsultationRequest.objects.filter(pk=request.pk).update(closed_at=_at(rest[0], 17))
            elif action == "decline":
                request = request_decline(request=request, by=coordinator, reason=rest[0])
                ConsultationRequest.objects.filter(pk=request.pk).update(closed_at=_at(rest[1], 12))
            elif action == "cancel":
                request = request_cancel(request=request, by=by, reason=rest[0])
                ConsultationRequest.objects.filter(pk=request.pk).update(closed_at=_at(rest[1], 12))
            elif action == "escalate":
                request = request_escalate(request=request, by=coordinator, reason=rest[0])
            when = {"session": None}.get(action, _at(rest[-1], 12)) if action != "session" else _at(rest[0])
            request.events.order_by("pk")[count:]
            for event in list(request.events.order_by("pk"))[count:]:
                RequestEvent.objects.filter(pk=event.pk).update(at=when, notified_at=when)
            request.refresh_from_db()


@transaction.atomic
def seed(region: Region, stdout=None) -> None:
    points = list(ConsultationPoint.objects.filter(municipality__region=region).order_by("pk"))
    if not points:
        return
    _consultants(points)
    schools = {school.slug: school for school in School.objects.filter(municipality__region=region)}
    teacher_school = schools.get(TEACHER[4])
    if teacher_school is None:
        return
    teacher = _user(*TEACHER[:4])
    Membership.objects.get_or_create(user=teacher, role=Role.MENTOR, school=teacher_school)
    logins = {login for login, *_ in CONSULTANTS} | {
        "municipal",
        "curator",
        "mentor",
        "director",
        "curator.b",
    }
    users = {user.username: user for user in User.objects.filter(username__in=logins)}
    users[TEACHER[0]] = teacher
    if {"municipal", "curator", "mentor", "director", "curator.b"} - set(users):
        return
    _story(users, schools)
    if stdout is not None:
        requests = ConsultationRequest.objects.filter(school__municipality__region=region).count()
        stdout.write(
            f"Консультации: {counted(requests, 'запрос', 'запроса', 'запросов')}, "
            f"учитель ШНОР — логин {TEACHER[0]}.\n"
        )
