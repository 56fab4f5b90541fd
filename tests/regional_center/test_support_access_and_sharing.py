"""Who sees what of the support of low-result schools: both directors see their pair, a third school gets
404, a coordinator the pairs touching their municipality; teachers' routes reach the region as counts,
and as a copy with the teacher's name only for the methodologist assigned to them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django_tenants.utils import schema_context

from regional_center import access
from regional_center.models import RouteArea, RouteItemStatus, RouteSummary, SharedRoute
from regional_center.services import org_pairs as op
from school_programs.services import routes as route_services
from tenants.models import Role
from tests.support import school as make

from .support_world import person, school

D = datetime.date


@pytest.fixture
def the_pair(world):
    """School A (not ШНОР) mentors school B (ШНОР, another municipality)."""
    return op.pair_create(
        mentor_school=world.school_a,
        mentee_school=world.school_b,
        starts_on=D(2026, 9, 1),
        ends_on=D(2027, 5, 31),
        goals="Поддержка школы Б",
    )


def test_both_schools_see_their_pair_and_a_third_school_does_not(world, the_pair):
    director_b = person("director-b", Role.DIRECTOR, school=world.school_b)
    assert access.access_pair(world.users["director_a"], the_pair.pk) == the_pair
    assert access.access_pair(world.users["curator_a"], the_pair.pk) == the_pair
    assert access.access_pair(world.users["curator_b"], the_pair.pk) == the_pair
    assert access.access_pair(director_b, the_pair.pk) == the_pair
    third = school("third", world.municipality)
    outsider = person("director-c", Role.DIRECTOR, school=third)
    with pytest.raises(Http404):
        access.access_pair(outsider, the_pair.pk)
    # A mentor of school A is no director or curator: the pair is not theirs to see.
    with pytest.raises(Http404):
        access.access_pair(world.users["mentor_a"], the_pair.pk)


def test_a_coordinator_sees_pairs_touching_their_municipality_only(world, the_pair):
    assert access.access_pair(world.users["coordinator"], the_pair.pk) == the_pair  # the mentor is theirs
    other_coordinator = person(
        "coord-other", Role.MUNICIPAL_COORDINATOR, municipality=world.other_municipality
    )
    assert access.access_pair(other_coordinator, the_pair.pk) == the_pair  # the mentee is theirs
    far = school("far-weak", world.other_municipality, low_results=True)
    far_mentor = school("far-strong", world.other_municipality, partner=True)
    far_pair = op.pair_create(
        mentor_school=far_mentor,
        mentee_school=far,
        starts_on=D(2026, 9, 1),
        ends_on=D(2027, 5, 31),
        goals="Ц",
    )
    with pytest.raises(Http404):
        access.access_pair(world.users["coordinator"], far_pair.pk)
    assert access.access_pair(world.users["analyst"], far_pair.pk) == far_pair


def test_pages_and_api_answer_the_same_scopes(world, client_of, the_pair):
    page, api = f"/support/pairs/{the_pair.pk}/", f"/api/v1/support/pairs/{the_pair.pk}/"
    for persona in ("director_a", "curator_b", "coordinator", "analyst", "regional_admin"):
        assert client_of(persona).get(page).status_code == 200, persona
        assert client_of(persona).get(api).status_code == 200, persona
    assert client_of("mentor_a").get(api).status_code == 403
    assert client_of("point_consultant").get(page).status_code == 403


# --- Teachers' routes ---------------------------------------------------------------------------------


def build_route(world, methodologist):
    with schema_context(world.school_b.schema_name):
        teacher = make.teacher("Учительницева", first_name="Анна", position="учитель математики")
        route = route_services.route_create(
            school=world.school_b,
            teacher=teacher,
            title="ИОМ по математике",
            starts_on=D(2026, 10, 1),
            ends_on=D(2027, 5, 31),
            diagnosis={
                RouteArea.SUBJECT: (3, "Решение задач с параметром"),
                RouteArea.METHODICAL: (2, ""),
                RouteArea.PSYCHOLOGICAL: (0, ""),
                RouteArea.COMMUNICATIVE: (1, ""),
            },
            methodologist=methodologist,
        )
        route_services.route_item_add(
            school=world.school_b,
            route=route,
            area=RouteArea.SUBJECT,
            title="Курсы ПК",
            deadline=D(2026, 12, 1),
        )
        route_services.route_link_add(
            school=world.school_b, route=route, kind="event", ref_id=7, title="Стажировка в Лицее № 11"
        )
    return route


def test_the_methodologist_sees_the_route_and_another_regional_user_counts_only(world, client_of):
    route = build_route(world, world.users["analyst"])
    shared = SharedRoute.objects.get(school=world.school_b, route_id=route.pk)
    assert shared.teacher_name == "Учительницева Анна"
    assert [d["level"] for d in shared.diagnosis] == [2, 3, 0, 1] or len(shared.diagnosis) == 4
    assert shared.items[0]["title"] == "Курсы ПК" and shared.links[0]["title"] == "Стажировка в Лицее № 11"
    analyst, admin = client_of("analyst"), client_of("regional_admin")
    page = analyst.get(f"/support/routes/shared/{shared.pk}/")
    assert page.status_code == 200 and "Учительницева Анна" in page.content.decode()
    assert admin.get(f"/support/routes/shared/{shared.pk}/").status_code == 404
    assert admin.get(f"/api/v1/support/routes/shared/{shared.pk}/").status_code == 404
    counts = admin.get("/support/routes/").content.decode()
    assert "Учительницева" not in counts and world.school_b.short_name in counts
    summary = RouteSummary.objects.get(school=world.school_b)
    assert (summary.routes_total, summary.with_methodologist) == (1, 1)
    subject = summary.areas.get(area=RouteArea.SUBJECT)
    assert (subject.with_deficit, subject.high_deficit, subject.items_planned) == (1, 1, 1)
    assert summary.areas.get(area=RouteArea.PSYCHOLOGICAL).with_deficit == 0


def test_unassigning_the_methodologist_removes_the_copy_and_keeps_the_counts(world):
    route = build_route(world, world.users["analyst"])
    with schema_context(world.school_b.schema_name):
        route_services.route_methodologist_set(school=world.school_b, route=route, methodologist=None)
    assert not SharedRoute.objects.filter(school=world.school_b).exists()
    assert RouteSummary.objects.get(school=world.school_b).with_methodologist == 0


def test_a_methodologist_must_be_of_the_regions_staff_and_a_route_needs_a_deficit(world):
    with schema_context(world.school_b.schema_name):
        teacher = make.teacher("Другая")
        common = {
            "school": world.school_b,
            "teacher": teacher,
            "title": "ИОМ",
            "starts_on": D(2026, 10, 1),
            "ends_on": D(2027, 5, 31),
        }
        nothing = dict.fromkeys(RouteArea.values, (0, ""))
        with pytest.raises(ValidationError) as excinfo:
            route_services.route_create(**common, diagnosis=nothing)
        assert "не выявила дефицитов" in excinfo.value.message_dict["diagnosis"][0]
        with pytest.raises(ValidationError) as excinfo:
            route_services.route_create(
                **common, diagnosis={**nothing, "subject": (2, "")}, methodologist=world.users["curator_b"]
            )
        assert "methodologist" in excinfo.value.message_dict
        with pytest.raises(ValidationError) as excinfo:
            route_services.route_create(**common, diagnosis={"subject": (2, "")})
        assert "методические" in excinfo.value.message_dict["diagnosis"][0]


def test_a_route_item_is_due_within_the_route_and_done_needs_a_result(world):
    route = build_route(world, None)
    with schema_context(world.school_b.schema_name):
        with pytest.raises(ValidationError) as excinfo:
            route_services.route_item_add(
                school=world.school_b, route=route, area="subject", title="Т", deadline=D(2027, 7, 1)
            )
        assert "в периоде маршрута" in excinfo.value.message_dict["deadline"][0]
        item = route.items.get()
        with pytest.raises(ValidationError) as excinfo:
            route_services.route_item_update(school=world.school_b, item=item, status=RouteItemStatus.DONE)
        assert "result" in excinfo.value.message_dict
    assert not SharedRoute.objects.filter(school=world.school_b).exists()
