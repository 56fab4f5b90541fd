# ruff: noqa: E501 -- reference data tables read best one record a line (as */demo.py in pyproject)
"""Demo teachers' routes (ИОМ) in the ШНОР demo school with a curator login (СОШ № 6, Волжск): three
teachers with routes from their deficit diagnostics, items under way, links to the regional centre's
events; the regional administrator is the methodologist of one route, the consultant of another, the
third has none (the region sees it only in the counts).

Dates are the demo story's (tenants.demo_calendar.on) kept inside the route's period. Written through
school_programs.services.routes, so the region's counts and the methodologists' copies follow.
Idempotent: a school that has routes is left as it is.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tenants.utils import schema_context

from regional_center.models import Event, EventStatus, RouteStatus
from regional_center.services.low_results import is_low_results
from regional_center.services.routes_shared import methodologists
from regional_center.services.school_years import current_school_year
from tenants.demo_calendar import on
from tenants.models import Role, School, User

from .models import Participant, ParticipantKind, RouteLink, TeacherRoute
from .services import routes as services

ROUTE_SCHOOL = "volzhsk-sosh-6"

# (title, diagnosis {area: (level, comment)}, methodologist's role, items [(area, title, story, status, result)])
ROUTES = [
    ("ИОМ: методика решения текстовых задач и подготовка к ВПР",
     {"subject": (3, "Решаемость заданий с параметром ниже 30 %"), "methodical": (2, "Дифференциация на уроке"),
      "psychological": (1, ""), "communicative": (0, "")},
     Role.REGIONAL_ADMIN,
     [("subject", "Курсы «Текстовые задачи в 5–9 классах» (36 ч)", (2026, 11, 14), "done", "Удостоверение получено"),
      ("methodical", "Посещение уроков наставника в СОШ № 1 (Волжск)", (2026, 12, 12), "in_progress", ""),
      ("subject", "Открытый урок по итогам стажировки", (2027, 2, 20), "planned", "")]),
    ("ИОМ: формирование функциональной грамотности",
     {"subject": (1, ""), "methodical": (3, "Нет опыта проектных заданий"), "psychological": (0, ""),
      "communicative": (2, "Работа с родителями")},
     Role.CONSULTANT,
     [("methodical", "Вебинар регионального центра по функциональной грамотности", (2026, 12, 5), "planned", ""),
      ("communicative", "Родительское собрание в формате мастерской", (2027, 1, 30), "planned", "")]),
    ("ИОМ: работа с обучающимися с рисками учебной неуспешности",
     {"subject": (0, ""), "methodical": (2, ""), "psychological": (2, "Низкая мотивация класса"),
      "communicative": (1, "")},
     None,
     [("psychological", "Консультация педагога-психолога по работе с низкой мотивацией", (2026, 11, 20),
       "in_progress", "")]),
]  # fmt: skip


def _within(day: datetime.date, first: datetime.date, last: datetime.date) -> datetime.date:
    return min(max(day, first), last)


def _methodologist(school: School, role: Role | None) -> User | None:
    if role is None:
        return None
    return methodologists(school=school).filter(memberships__role=role).order_by("pk").first()


def seed_routes(region, stdout=None) -> None:
    school = School.objects.filter(slug=ROUTE_SCHOOL, municipality__region=region).first()
    if school is None or not is_low_results(school=school, start_year=current_school_year()):
        return
    events = list(
        Event.objects.filter(region=region)
        .exclude(status__in=[EventStatus.PLANNED, EventStatus.CANCELLED])
        .order_by("starts_at")
    )
    today = timezone.localdate()
    with schema_context(school.schema_name):
        if TeacherRoute.objects.exists():
            return
        teachers = list(
            Participant.objects.filter(kind=ParticipantKind.TEACHER, is_active=True).order_by("pk")[
                : len(ROUTES)
            ]
        )
        starts_on = _within(on(2026, 10, 20), datetime.date(current_school_year(), 9, 1), today)
        ends_on = max(on(2027, 5, 31), starts_on + datetime.timedelta(days=60))
        for index, (teacher, spec) in enumerate(zip(teachers, ROUTES, strict=False)):
            title, diagnosis, role, items = spec
            route = services.route_create(
                school=school,
                teacher=teacher,
                title=title,
                starts_on=starts_on,
                ends_on=ends_on,
                diagnosis=diagnosis,
                methodologist=_methodologist(school, role),
            )
            for area, item_title, story, status, result in items:
                deadline = _within(on(*story), starts_on, ends_on)
                if status == "done" and deadline > today:
                    status, result = "in_progress", ""
                services.route_item_add(
                    school=school,
                    route=route,
                    area=area,
                    title=item_title,
                    deadline=deadline,
                    status=status,
                    result=result,
                )
            for event in events[index : index + 2]:
                services.route_link_add(
                    school=school,
                    route=route,
                    kind=RouteLink.Kind.EVENT,
                    ref_id=event.pk,
                    title=event.title,
                    date=event.starts_at.date(),
                )
            services.route_update(school=school, route=route, status=RouteStatus.ACTIVE)
    if stdout is not None:
        stdout.write(f"ИОМ педагогов: {len(teachers)} маршрута в {school.short_name}.")
