"""Teachers' individual educational routes (ИОМ): create, diagnose, plan, link, assign a methodologist,
and share with the region what the school shares.

Schema: TENANT (the school's). Every write ends with `_share(school)` in the same transaction: the
school's route counts are rewritten in the public schema (no names), and the route's copy for the
methodologist assigned to it is written — or removed when no methodologist is assigned. Routes are
for teachers of a school that is ШНОР this school year (the region's support of low-result schools).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from regional_center.models import DeficitLevel, RouteArea, RouteItemStatus, RouteStatus
from regional_center.services import routes_shared
from regional_center.services.low_results import is_low_results
from regional_center.services.school_years import current_school_year
from tenants.models import School, User

from ..models import Participant, ParticipantKind, RouteDiagnosis, RouteItem, RouteLink, TeacherRoute


def _shown(day: datetime.date) -> str:
    return f"{day:%d.%m.%Y}"


def _require_open(route: TeacherRoute) -> None:
    if route.status == RouteStatus.COMPLETED:
        raise ValidationError("Маршрут завершён: он больше не меняется.")


@transaction.atomic
def route_create(
    *,
    school: School,
    teacher: Participant,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    diagnosis: dict[str, tuple[int, str]],
    methodologist: User | None = None,
) -> TeacherRoute:
    """A route for a teacher of a ШНОР school from their deficit diagnostics.

    `diagnosis` maps each area (предметные, методические, психолого-педагогические, коммуникативные)
    to (level 0–3, comment); all four areas are required, and at least one deficit must be found (a
    route without a deficit has nothing to work on).
    """
    errors: dict[str, str] = {}
    if teacher.kind != ParticipantKind.TEACHER:
        errors["teacher"] = "Маршрут составляется для педагога."
    if not is_low_results(school=school, start_year=current_school_year()):
        errors["teacher"] = (
            "ИОМ по программе поддержки ведутся для педагогов школ с низкими результатами (ШНОР)."
        )
    if not title.strip():
        errors["title"] = "Укажите название маршрута."
    if ends_on <= starts_on:
        errors["ends_on"] = "Окончание маршрута должно быть позже начала."
    missing = [RouteArea(a).label for a in RouteArea.values if a not in diagnosis]
    if missing:
        errors["diagnosis"] = "Укажите уровень дефицитов по областям: " + ", ".join(missing) + "."
    elif all(int(level) == DeficitLevel.NONE for level, _ in diagnosis.values()):
        errors["diagnosis"] = "Диагностика не выявила дефицитов: маршрут не нужен."
    elif any(int(level) not in DeficitLevel.values for level, _ in diagnosis.values()):
        errors["diagnosis"] = "Уровень дефицита — от 0 (не выявлен) до 3 (высокий)."
    if errors:
        raise ValidationError(errors)
    routes_shared.check_methodologist(school=school, user=methodologist)
    route = TeacherRoute(
        teacher=teacher,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        methodologist=methodologist,
    )
    route.full_clean()
    route.save()
    RouteDiagnosis.objects.bulk_create(
        RouteDiagnosis(route=route, area=area, level=int(level), comment=(comment or "").strip())
        for area, (level, comment) in diagnosis.items()
    )
    _share(school)
    return route


@transaction.atomic
def route_update(
    *,
    school: School,
    route: TeacherRoute,
    title: str | None = None,
    status: str | None = None,
    ends_on: datetime.date | None = None,
) -> TeacherRoute:
    """Rename, extend, or move a route on (проект → реализуется → завершён; never back from завершён)."""
    _require_open(route)
    if title is not None:
        route.title = title.strip()
    if ends_on is not None:
        route.ends_on = ends_on
    if status is not None:
        if status == RouteStatus.COMPLETED and route.items.filter(status__in=_open_item_statuses()).exists():
            raise ValidationError(
                {"status": "Есть невыполненные пункты: отметьте их выполненными или отменёнными."}
            )
        route.status = status
    errors = {}
    if not route.title:
        errors["title"] = "Укажите название маршрута."
    if route.ends_on <= route.starts_on:
        errors["ends_on"] = "Окончание маршрута должно быть позже начала."
    if errors:
        raise ValidationError(errors)
    route.full_clean()
    route.save()
    _share(school)
    return route


def _open_item_statuses():
    return [RouteItemStatus.PLANNED, RouteItemStatus.IN_PROGRESS]


@transaction.atomic
def route_methodologist_set(
    *, school: School, route: TeacherRoute, methodologist: User | None
) -> TeacherRoute:
    """Assign the region's methodologist (their copy of the route appears) or unassign (it goes)."""
    routes_shared.check_methodologist(school=school, user=methodologist)
    route.methodologist = methodologist
    route.save(update_fields=["methodologist", "updated_at"])
    _share(school)
    return route


def _item_checks(route: TeacherRoute, item: RouteItem) -> None:
    errors = {}
    if not item.title.strip():
        errors["title"] = "Укажите, что сделать."
    if item.deadline and not route.starts_on <= item.deadline <= route.ends_on:
        errors["deadline"] = (
            f"Срок должен быть в периоде маршрута ({_shown(route.starts_on)} – {_shown(route.ends_on)})."
        )
    if item.status == RouteItemStatus.DONE and not item.result.strip():
        errors["result"] = "Для выполненного пункта опишите результат."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def route_item_add(
    *,
    school: School,
    route: TeacherRoute,
    area: str,
    title: str,
    deadline: datetime.date,
    status: str = RouteItemStatus.PLANNED,
    result: str = "",
) -> RouteItem:
    _require_open(route)
    item = RouteItem(
        route=route, area=area, title=title.strip(), deadline=deadline, status=status, result=result.strip()
    )
    _item_checks(route, item)
    item.full_clean()
    item.save()
    _share(school)
    return item


@transaction.atomic
def route_item_update(*, school: School, item: RouteItem, status: str, result: str = "") -> RouteItem:
    _require_open(item.route)
    item.status = status
    item.result = result.strip()
    _item_checks(item.route, item)
    item.full_clean()
    item.save(update_fields=["status", "result"])
    _share(school)
    return item


@transaction.atomic
def route_link_add(
    *,
    school: School,
    route: TeacherRoute,
    kind: str,
    title: str,
    ref_id: int | None = None,
    date: datetime.date | None = None,
) -> RouteLink:
    """Link a regional event or a consultation to the route (kept by id and title)."""
    _require_open(route)
    if not title.strip():
        raise ValidationError({"title": "Укажите название мероприятия или консультации."})
    if route.links.filter(kind=kind, ref_id=ref_id).exists() and ref_id is not None:
        raise ValidationError({"ref_id": "Это мероприятие уже связано с маршрутом."})
    link = RouteLink(route=route, kind=kind, ref_id=ref_id, title=title.strip(), date=date)
    link.full_clean()
    link.save()
    _share(school)
    return link


# --- Sharing with the region -----------------------------------------------------------------------


def _copy(route: TeacherRoute) -> dict:
    """The route as the methodologist sees it: plain data with labels (the copy is read-only)."""
    return {
        "teacher_name": route.teacher.full_name,
        "teacher_position": route.teacher.position,
        "title": route.title,
        "status": route.status,
        "starts_on": route.starts_on,
        "ends_on": route.ends_on,
        "diagnosis": [
            {
                "area": d.area,
                "area_label": d.get_area_display(),
                "level": d.level,
                "level_label": d.get_level_display(),
                "comment": d.comment,
            }
            for d in route.diagnoses.all()
        ],
        "items": [
            {
                "area": i.area,
                "area_label": i.get_area_display(),
                "title": i.title,
                "deadline": i.deadline.isoformat(),
                "status": i.status,
                "status_label": i.get_status_display(),
                "result": i.result,
            }
            for i in route.items.all()
        ],
        "links": [
            {
                "kind": link.kind,
                "kind_label": link.get_kind_display(),
                "ref_id": link.ref_id,
                "title": link.title,
                "date": link.date.isoformat() if link.date else None,
            }
            for link in route.links.all()
        ],
    }


def _share(school: School) -> None:
    """Rewrite the school's counts and the methodologists' copies (few routes per school: all of them
    are rewritten, so a change anywhere can never leave a stale copy behind)."""
    counts = routes_shared.SchoolCounts()
    routes = list(
        TeacherRoute.objects.select_related("teacher").prefetch_related("diagnoses", "items", "links")
    )
    for route in routes:
        counts.routes_total += 1
        setattr(counts, f"routes_{route.status}", getattr(counts, f"routes_{route.status}") + 1)
        if route.methodologist_id:
            counts.with_methodologist += 1
        for diagnosis in route.diagnoses.all():
            area = counts.areas.setdefault(diagnosis.area, routes_shared.AreaCounts())
            area.with_deficit += diagnosis.level > DeficitLevel.NONE
            area.high_deficit += diagnosis.level == DeficitLevel.HIGH
        for item in route.items.all():
            area = counts.areas.setdefault(item.area, routes_shared.AreaCounts())
            setattr(area, f"items_{item.status}", getattr(area, f"items_{item.status}") + 1)
    routes_shared.route_summary_replace(school=school, counts=counts)
    eligible = {user.pk: user for user in routes_shared.methodologists(school=school)}
    shared_ids = []
    for route in routes:
        methodologist = eligible.get(route.methodologist_id)
        if methodologist is None:  # none assigned, or no longer one of the region's staff
            continue
        routes_shared.shared_route_put(
            school=school, route_id=route.pk, methodologist=methodologist, **_copy(route)
        )
        shared_ids.append(route.pk)
    routes_shared.shared_routes_keep_only(school=school, route_ids=shared_ids)
