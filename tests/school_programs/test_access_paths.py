"""One access path for every object (issue 7, section 3): ids in bodies go through access.py, the
API refuses what the pages refuse, and the access functions take a user, not a request."""

import pytest
from django.http import Http404
from django_tenants.utils import schema_context

from school_programs import access
from tests.school_programs.test_plans_api import API_A, build

NOT_FOUND = "Объект не найден."


def plan_body(data, mentee_id):
    return {
        "mentee": mentee_id,
        "template": data.template.pk,
        "start_date": data.own.start_date.isoformat(),
        "end_date": data.own.end_date.isoformat(),
    }


def test_a_mentor_naming_another_pairs_mentee_learns_nothing_about_that_student(world, client_of):
    data = build(world)
    with schema_context(world.school_a.schema_name):
        stranger = data.other.mentees.get().request
        stranger_name = stranger.participant.last_name
    client = client_of("mentor_a")
    url = f"{API_A}/groups/{data.own.pk}/plans/"

    foreign = client.post(url, plan_body(data, stranger.pk), content_type="application/json")
    missing = client.post(url, plan_body(data, 999999), content_type="application/json")

    assert foreign.status_code == missing.status_code == 400
    assert foreign.json() == missing.json() == {"mentee": [NOT_FOUND]}
    assert stranger_name not in foreign.content.decode()
    # The student's own page gives the same mentor a 404: both paths agree.
    with schema_context(world.school_a.schema_name):
        participant_id = stranger.participant_id
    assert client.get(f"/s/school-a/participants/{participant_id}/").status_code == 404


def test_the_curator_still_names_any_request_of_the_school(world, client_of):
    data = build(world)
    response = client_of("curator_a").post(
        f"{API_A}/groups/{data.own.pk}/plans/",
        plan_body(data, data.request.pk),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("api", "page"),
    [
        ("matching-runs/", "/s/school-a/matching/"),
        ("programmes/", "/s/school-a/programme/"),
        ("role-models/", "/s/school-a/role-models/"),
        ("plan-templates/", "/s/school-a/plan-templates/"),
    ],
)
def test_a_mentor_refused_a_page_is_refused_the_same_data_by_the_api(world, client_of, api, page):
    client = client_of("mentor_a")
    assert client.get(page).status_code == 403
    assert client.get(f"{API_A}/{api}").status_code == 403


def test_access_functions_take_a_user_so_a_task_can_use_them(world):
    data = build(world)
    mentor, curator_b = world.users["mentor_a"], world.users["curator_b"]
    with schema_context(world.school_a.schema_name):
        assert access.access_group(mentor, data.own.pk) == data.own
        with pytest.raises(Http404):
            access.access_group(mentor, data.other.pk)
        with pytest.raises(Http404):
            access.access_group(mentor, 999999)
        # A curator of another school holds no role in this schema: nothing is theirs here.
        with pytest.raises(Http404):
            access.access_mentee_request(curator_b, data.request.pk)
