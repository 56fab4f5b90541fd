"""Pages and API of pairs and groups: staff see the programme, a mentor only their own pairs."""

import datetime
from types import SimpleNamespace

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from school_programs.models import Form, MeetingKind
from school_programs.services.meetings import meeting_log
from tenants.routing import school_reverse
from tests.support import school as make

A = "/s/school-a"
API_A = "/api/v1/schools/school-a"


def build(world):
    """In school A: mentor_a (linked to the persona's login) with one pair, another mentor with a
    group of two; the programme runs around today so that page dates are real ones."""
    today = timezone.localdate()
    with schema_context(world.school_a.schema_name):
        programme = make.programme(
            start_date=today - datetime.timedelta(days=90), end_date=today + datetime.timedelta(days=200)
        )
        me = make.teacher("Наставникова", first_name="Анна", user=world.users["mentor_a"])
        own_entry = make.mentor(programme, me, forms=[Form.TEACHER_STUDENT])
        own = make.group(
            programme,
            own_entry,
            [make.mentee(programme, make.student("Мойученик"), form=Form.TEACHER_STUDENT)],
            start=today - datetime.timedelta(days=60),
            end=today + datetime.timedelta(days=150),
        )
        other_entry = make.mentor(programme, make.teacher("Чужая"), forms=[Form.TEACHER_STUDENT], capacity=2)
        other = make.group(
            programme,
            other_entry,
            [
                make.mentee(programme, make.student("Чужойпервый"), form=Form.TEACHER_STUDENT),
                make.mentee(programme, make.student("Чужойвторой"), form=Form.TEACHER_STUDENT),
            ],
            start=today - datetime.timedelta(days=60),
            end=today + datetime.timedelta(days=150),
        )
        meeting_log(
            group=own,
            kind=MeetingKind.ACQUAINTANCE,
            held_on=today - datetime.timedelta(days=2),
            attendance=[me.pk],
        )
    return SimpleNamespace(programme=programme, own=own, other=other, me=me, today=today)


def test_a_mentor_sees_only_their_own_pairs(world, client_of):
    data = build(world)
    mentor = client_of("mentor_a")
    page = mentor.get(f"{A}/groups/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Мои пары" in text
    assert "Мойученик" in text
    assert "Чужой" not in text and "Чужая" not in text
    assert mentor.get(f"{A}/groups/{data.own.pk}/").status_code == 200
    assert mentor.get(f"{A}/groups/{data.other.pk}/").status_code == 404


def test_staff_see_every_pair_with_flags_and_filters(world, client_of):
    data = build(world)
    curator = client_of("curator_a")
    text = curator.get(f"{A}/groups/").content.decode()
    assert "Мойученик" in text and "Чужойпервый" in text and "Чужойвторой" in text
    assert "нет встреч 3 нед." in text  # the other group started 60 days ago and never met
    assert "ИПР не составлен" in text
    only_mine = curator.get(f"{A}/groups/", {"mentor": data.own.mentor_id}).content.decode()
    assert "Мойученик" in only_mine and "Чужойпервый" not in only_mine
    stale = curator.get(f"{A}/groups/", {"flag": "stale"}).content.decode()
    assert "Чужойпервый" in stale and "Мойученик" not in stale


def test_the_group_page_shows_people_mode_meetings_and_document_links(world, client_of):
    data = build(world)
    text = client_of("curator_a").get(f"{A}/groups/{data.own.pk}/").content.decode()
    assert "Наставникова Анна" in text
    assert "учитель – ученик" in text
    assert "прямое, открытое" in text
    assert "встреча-знакомство" in text
    assert "Составить" in text  # no plan yet
    assert school_reverse("school-a", "school:group-agreement-docx", data.own.pk) in text
    assert "Завершить работу пары" in text
    mentor_text = client_of("mentor_a").get(f"{A}/groups/{data.own.pk}/").content.decode()
    assert "Внести встречу" in mentor_text
    assert "Досрочное освобождение наставника" not in mentor_text  # staff only


def test_the_groups_api_follows_the_same_visibility(world, client_of):
    data = build(world)
    mine = client_of("mentor_a").get(f"{API_A}/groups/").json()
    assert [row["id"] for row in mine["results"]] == [data.own.pk]
    assert mine["results"][0]["meeting_count"] == 1
    assert mine["results"][0]["mentees_without_plan"] == 1
    everyone = client_of("curator_a").get(f"{API_A}/groups/", {"programme": data.programme.pk}).json()
    assert {row["id"] for row in everyone["results"]} == {data.own.pk, data.other.pk}
    other = next(row for row in everyone["results"] if row["id"] == data.other.pk)
    assert other["is_stale"] is True and len(other["mentees"]) == 2
    assert client_of("mentor_a").get(f"{API_A}/groups/{data.other.pk}/").status_code == 404
    detail = client_of("mentor_a").get(f"{API_A}/groups/{data.own.pk}/").json()
    assert detail["can_manage"] is True
    assert detail["meetings"][0]["kind"] == "acquaintance"


def test_bad_filters_get_a_400(world, client_of):
    build(world)
    response = client_of("curator_a").get(f"{API_A}/groups/", {"form": "nonsense"})
    assert response.status_code == 400
    assert "form" in response.json()


def test_school_b_sees_nothing_of_school_a(world, client_of):
    data = build(world)
    outsider = client_of("curator_b")
    assert outsider.get(f"{A}/groups/").status_code == 404
    assert outsider.get(f"{A}/groups/{data.own.pk}/").status_code == 404
    assert outsider.get(f"{API_A}/groups/").status_code == 404
    assert outsider.get(f"{API_A}/groups/{data.own.pk}/").status_code == 404
    own_school = outsider.get("/s/school-b/groups/")
    assert own_school.status_code == 200
    assert "Мойученик" not in own_school.content.decode()
    assert outsider.get("/api/v1/schools/school-b/groups/").json()["results"] == []
    assert outsider.get(f"/api/v1/schools/school-b/groups/{data.own.pk}/").status_code == 404


def test_the_list_costs_the_same_queries_for_more_pairs(world, client_of):
    data = build(world)
    curator = client_of("curator_a")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert curator.get(f"{A}/groups/").status_code == 200
        return len(captured)

    queries()  # first request: the session and the settings row
    before = queries()
    with schema_context(world.school_a.schema_name):
        for n in range(3):
            entry = make.mentor(data.programme, make.teacher(f"Ещё{n}"), forms=[Form.TEACHER_STUDENT])
            request = make.mentee(data.programme, make.student(f"Новый{n}"), form=Form.TEACHER_STUDENT)
            make.group(data.programme, entry, [request], start=data.today - datetime.timedelta(days=10))
    assert queries() == before
