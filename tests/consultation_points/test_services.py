"""The consultation service's rules: routing, ranking, capacity, status history, consultations,
ratings, service levels."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultation_points.models import (
    Consultation,
    ConsultationPoint,
    ConsultationRequest,
    DeficitArea,
    Format,
    RequestEvent,
    RequestStatus,
    Subject,
    TeacherCategory,
    Urgency,
)
from consultation_points.selectors import service_levels_by_municipality, service_levels_by_point
from consultation_points.services import ranking
from consultation_points.services.consultations import consultation_log, consultation_rate
from consultation_points.services.requests import (
    consultant_assign,
    request_cancel,
    request_complete,
    request_decline,
    request_escalate,
    request_route,
)
from tenants.models import School

pytestmark = pytest.mark.django_db


def _assign(request, consultant, world, **kw):
    return consultant_assign(
        request=request, consultant=consultant, by=world.users["coordinator"], notify=False, **kw
    )


# --- Routing ----------------------------------------------------------------------------------------


def test_a_request_goes_to_the_point_of_the_schools_municipality(world, make_request):
    request = make_request()
    assert request.point == world.point
    assert request.status == RequestStatus.NEW
    assert not request.is_priority and not request.escalated
    assert [e.kind for e in request.events.all()] == [RequestEvent.Kind.SUBMITTED]


def test_a_request_for_a_point_of_another_municipality_is_refused_and_nothing_is_written(world, make_request):
    other_point = ConsultationPoint.objects.create(municipality=world.other_municipality, name="КП Дальнего")
    before = ConsultationRequest.objects.count()
    with pytest.raises(ValidationError) as error:
        make_request(point=other_point)
    assert "другом муниципалитете" in error.value.message_dict["point"][0]
    assert "КП Тестовска" in error.value.message_dict["point"][0]
    assert ConsultationRequest.objects.count() == before


def test_a_schnor_school_without_a_point_goes_to_the_regional_centre_marked_first(world, make_request):
    request = make_request(school=world.school_b, by=world.users["curator_b"])
    assert request.point is None and request.escalated and request.is_priority
    assert [e.kind for e in request.events.all()] == [
        RequestEvent.Kind.SUBMITTED,
        RequestEvent.Kind.ESCALATED,
    ]


def test_a_waiting_request_is_routed_to_the_right_point_when_the_school_moved(world, make_request):
    request = make_request()
    # A copy of the school: the world's object is shared by every test of the session.
    School.objects.filter(pk=world.school_a.pk).update(municipality=world.other_municipality)
    right = ConsultationPoint.objects.create(municipality=world.other_municipality, name="КП Дальнего")
    request.refresh_from_db()
    routed = request_route(request=request, by=world.users["coordinator"])
    assert routed.point == right
    assert routed.events.last().kind == RequestEvent.Kind.ROUTED


def test_preferred_dates_in_the_wrong_order_are_refused_naming_the_field(make_request):
    with pytest.raises(ValidationError) as error:
        make_request(preferred_from=datetime.date(2026, 12, 10), preferred_to=datetime.date(2026, 12, 1))
    assert "preferred_to" in error.value.message_dict


# --- Ranking ------------------------------------------------------------------------------------------


def test_ranking_puts_the_best_fit_first_with_the_reasons(world, make_consultant, make_request):
    exact = make_consultant("Точная")
    wrong_subject = make_consultant("Русистова", subjects=[Subject.RUSSIAN])
    online_only = make_consultant("Онлайнова", formats=[Format.ONLINE])
    primary = make_consultant("Начальная", subjects=[Subject.PRIMARY], deficit_areas=[DeficitArea.INCLUSION],
                              teacher_categories=[TeacherCategory.PRIMARY])  # fmt: skip
    request = make_request(preferred_format=Format.IN_PERSON)
    found = ranking.suggestions_for(request=request, across_points=False)
    assert [s.consultant for s in found] == [exact, online_only, wrong_subject, primary]
    assert [s.rank for s in found] == [1, 2, 3, 4]
    best = found[0]
    assert best.score == 30 + 25 + 15 + 10 + 10 + 0 + 10
    assert "ведёт «математика»" in best.reason_text
    assert "работает в муниципалитете школы" in best.reason_text
    assert "загрузка 0 из 3" in best.reason_text
    assert "не работает очно" in found[1].reason_text


def test_continuity_and_lighter_load_break_ties(world, make_consultant, make_request, time_machine):
    known = make_consultant("Знакомая")
    busy = make_consultant("Занятая")
    fresh = make_consultant("Свободная")
    # `known` consulted school A before; `busy` has two of three places taken this month.
    earlier = make_request(topic="Прежний запрос")
    _assign(earlier, known, world)
    consultation_log(
        request=earlier, by=known.user, starts_at=timezone.now(), format=Format.ONLINE, duration_minutes=60
    )
    for n in range(2):
        _assign(make_request(topic=f"Нагрузка {n}"), busy, world)
    request = make_request()
    found = ranking.suggestions_for(request=request, across_points=False)
    order = [s.consultant for s in found]
    assert order.index(known) < order.index(fresh) < order.index(busy)
    assert "уже консультировала эту школу (1 консультация)" in found[0].reason_text


def test_a_consultant_with_no_room_comes_after_everyone_with_room(world, make_consultant, make_request):
    full = make_consultant("Полная", monthly_capacity=1)
    weak = make_consultant("Слабая", subjects=[Subject.RUSSIAN], deficit_areas=[DeficitArea.DIGITAL])
    _assign(make_request(topic="Первый"), full, world)
    found = ranking.suggestions_for(request=make_request(), across_points=False)
    assert [s.consultant for s in found] == [weak, full]
    assert not found[1].has_room and "лимит исчерпан: 1 из 1" in found[1].reason_text


def test_an_inactive_consultant_or_one_of_another_point_is_not_suggested_to_the_coordinator(
    world, make_consultant, make_request
):
    other_point = ConsultationPoint.objects.create(municipality=world.other_municipality, name="КП Дальнего")
    make_consultant("Бывшая", active_to=datetime.date(2026, 10, 1))
    elsewhere = make_consultant("Чужая", points=[other_point])
    local = make_consultant("Своя")
    request = make_request()
    assert [s.consultant for s in ranking.suggestions_for(request=request, across_points=False)] == [local]
    across = ranking.suggestions_for(
        # The world's region's points: the committed demo region has points and consultants of its own.
        request=request,
        across_points=True,
        region_points=ConsultationPoint.objects.filter(municipality__region=world.region),
    )
    assert [s.consultant for s in across] == [local, elsewhere]
    assert "из другого муниципалитета" in across[1].reason_text


def test_the_queue_ranks_many_requests_with_a_fixed_number_of_queries(world, make_consultant, make_request):
    for n in range(6):
        make_consultant(f"Консультант{n}")
    made = [make_request(topic=f"T{n}").pk for n in range(8)]
    requests = list(ConsultationRequest.objects.filter(pk__in=made).select_related("school"))

    def queries(rows):
        points = ConsultationPoint.objects.filter(municipality__region=world.region)  # not the demo's
        with CaptureQueriesContext(connection) as captured:
            found = ranking.suggestions_for_many(requests=rows, points=points)
        return len(captured), found

    few, _ = queries(requests[:2])
    many, found = queries(requests)
    assert few == many <= 4
    assert set(found) == {r.pk for r in requests}
    assert all(len(v) == 3 for v in found.values())


# --- Assignment and capacity -------------------------------------------------------------------------


def test_beyond_capacity_is_refused_without_a_reason_and_recorded_with_one(
    world, make_consultant, make_request
):
    consultant = make_consultant(monthly_capacity=1)
    _assign(make_request(topic="Первый"), consultant, world)
    request = make_request()
    with pytest.raises(ValidationError) as error:
        _assign(request, consultant, world)
    assert "1 запрос при лимите 1" in error.value.message_dict["override_reason"][0]
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW and request.consultant is None
    assert request.events.count() == 1
    _assign(request, consultant, world, override_reason="Единственный математик пункта")
    event = request.events.last()
    assert event.capacity_override and event.note == "Единственный математик пункта"
    assert event.actor == world.users["coordinator"]


def test_reassignment_is_recorded_and_keeps_the_first_assignment_time(
    world, make_consultant, make_request, time_machine
):
    first, second = make_consultant("Первая"), make_consultant("Вторая")
    request = make_request()
    _assign(request, first, world)
    started = ConsultationRequest.objects.get(pk=request.pk).first_assigned_at
    time_machine.move_to(timezone.now(), tick=False)
    time_machine.shift(datetime.timedelta(hours=3))
    _assign(request, second, world)
    request.refresh_from_db()
    assert request.consultant == second and request.first_assigned_at == started
    assert [e.kind for e in request.events.all()][-2:] == [
        RequestEvent.Kind.ASSIGNED,
        RequestEvent.Kind.REASSIGNED,
    ]
    with pytest.raises(ValidationError):
        _assign(request, second, world)


def test_a_coordinator_cannot_assign_a_consultant_of_another_point(world, make_consultant, make_request):
    other_point = ConsultationPoint.objects.create(municipality=world.other_municipality, name="КП Дальнего")
    elsewhere = make_consultant(points=[other_point])
    with pytest.raises(ValidationError) as error:
        _assign(make_request(), elsewhere, world)
    assert "региональный центр" in error.value.message_dict["consultant"][0]


def test_escalation_needs_a_reason_and_a_waiting_request(world, make_request):
    request = make_request()
    with pytest.raises(ValidationError):
        request_escalate(request=request, by=world.users["coordinator"], reason=" ")
    request_escalate(request=request, by=world.users["coordinator"], reason="Нет математиков")
    request.refresh_from_db()
    assert request.escalated and request.events.last().note == "Нет математиков"


def test_decline_and_cancel_need_a_reason_and_close_the_request(world, make_request):
    request = make_request()
    with pytest.raises(ValidationError) as error:
        request_decline(request=request, by=world.users["coordinator"], reason="")
    assert "reason" in error.value.message_dict
    request_cancel(request=request, by=world.users["mentor_a"], reason="Уже не нужно")
    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED and request.closed_at
    with pytest.raises(ValidationError):
        request_decline(request=request, by=world.users["coordinator"], reason="Поздно")


# --- Consultations and ratings --------------------------------------------------------------------------


def _assigned(world, make_consultant, make_request):
    consultant = make_consultant()
    request = make_request()
    _assign(request, consultant, world)
    return request, consultant


def test_the_first_consultation_starts_the_work_and_done_needs_one_held(world, make_consultant, make_request):
    request, consultant = _assigned(world, make_consultant, make_request)
    with pytest.raises(ValidationError):
        request_complete(request=request, by=consultant.user)
    consultation_log(request=request, by=consultant.user, starts_at=timezone.now(), format=Format.ONLINE,
                     duration_minutes=45, summary="Разобрали задания")  # fmt: skip
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS
    request_complete(request=request, by=consultant.user)
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE
    kinds = [(e.kind, e.from_status, e.to_status) for e in request.events.all()]
    assert kinds[1:] == [
        ("assigned", "new", "assigned"),
        ("started", "assigned", "in_progress"),
        ("completed", "in_progress", "done"),
    ]


def test_a_consultation_dated_before_its_request_is_refused(world, make_consultant, make_request):
    request, consultant = _assigned(world, make_consultant, make_request)
    with pytest.raises(ValidationError) as error:
        consultation_log(
            request=request,
            by=consultant.user,
            starts_at=request.created_at - datetime.timedelta(days=1),
            format=Format.ONLINE,
            duration_minutes=45,
        )
    assert "раньше запроса" in error.value.message_dict["starts_at"][0]
    assert not Consultation.objects.filter(request=request).exists()


def test_only_the_assigned_consultant_logs_consultations(world, make_consultant, make_request):
    request, _ = _assigned(world, make_consultant, make_request)
    other = make_consultant("Другая")
    with pytest.raises(ValidationError):
        consultation_log(
            request=request,
            by=other.user,
            starts_at=timezone.now(),
            format=Format.ONLINE,
            duration_minutes=30,
        )


def test_the_requester_rates_once_and_no_one_else_may(world, make_consultant, make_request, time_machine):
    request, consultant = _assigned(world, make_consultant, make_request)
    held = consultation_log(request=request, by=consultant.user, starts_at=timezone.now(),
                            format=Format.ONLINE, duration_minutes=45)  # fmt: skip
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        consultation_rate(consultation=held, by=world.users["curator_a"], rating=5)
    assert "только тот, кто подал запрос" in error.value.message_dict["rating"][0]
    with pytest.raises(ValidationError):
        consultation_rate(consultation=held, by=world.users["mentor_a"], rating=6)
    consultation_rate(consultation=held, by=world.users["mentor_a"], rating=4, comment="Полезно")
    with pytest.raises(ValidationError) as error:
        consultation_rate(consultation=held, by=world.users["mentor_a"], rating=5)
    assert "уже оценена" in error.value.message_dict["rating"][0]
    held.refresh_from_db()
    assert (held.rating, held.rating_comment) == (4, "Полезно")


def test_a_planned_consultation_cannot_be_rated_yet(world, make_consultant, make_request):
    request, consultant = _assigned(world, make_consultant, make_request)
    planned = consultation_log(
        request=request,
        by=consultant.user,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        format=Format.ONLINE,
        duration_minutes=45,
    )
    with pytest.raises(ValidationError):
        consultation_rate(consultation=planned, by=world.users["mentor_a"], rating=5)


# --- Service levels -------------------------------------------------------------------------------------


def test_service_levels_per_point_and_municipality_with_overdue(
    world, make_consultant, make_request, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    consultant = make_consultant()
    served = make_request(topic="Обслуженный")
    waiting = make_request(topic="Ждущий", urgency=Urgency.HIGH)
    time_machine.shift(datetime.timedelta(hours=10))
    _assign(served, consultant, world)
    time_machine.shift(datetime.timedelta(days=2))
    consultation_log(
        request=served,
        by=consultant.user,
        starts_at=timezone.now(),
        format=Format.ONLINE,
        duration_minutes=60,
    )
    time_machine.shift(datetime.timedelta(hours=1))
    rows = ConsultationRequest.objects.filter(pk__in=[served.pk, waiting.pk])
    [point_row] = service_levels_by_point(rows)
    assert point_row.name == "КП Тестовска" and point_row.total == 2 and point_row.assigned == 1
    assert point_row.hours_to_assignment == pytest.approx(10, abs=0.1)
    assert point_row.days_to_first_consultation == pytest.approx(2.4, abs=0.1)
    assert point_row.overdue == 1  # the urgent one: no consultant within two days
    [municipality_row] = service_levels_by_municipality(rows)
    assert municipality_row.name == world.municipality.name and municipality_row.overdue == 1
