"""API and pages of meetings and the meeting settings: rules, rights and isolation."""

import datetime
from types import SimpleNamespace

from django.utils import timezone
from django_tenants.utils import schema_context

from school_programs.models import Form, Meeting, SchoolSettings
from tests.support import school as make

A = "/s/school-a"
API_A = "/api/v1/schools/school-a"


def build(world):
    today = timezone.localdate()
    with schema_context(world.school_a.schema_name):
        programme = make.programme(
            start_date=today - datetime.timedelta(days=60), end_date=today + datetime.timedelta(days=200)
        )
        me = make.teacher("Наставникова", user=world.users["mentor_a"])
        mentee = make.student("Подопечный")
        own = make.group(
            programme,
            make.mentor(programme, me, forms=[Form.TEACHER_STUDENT]),
            [make.mentee(programme, mentee, form=Form.TEACHER_STUDENT)],
            start=today - datetime.timedelta(days=30),
            end=today + datetime.timedelta(days=180),
        )
        other = make.group(
            programme,
            make.mentor(programme, make.teacher("Чужая"), forms=[Form.TEACHER_STUDENT]),
            [make.mentee(programme, make.student("Другой"), form=Form.TEACHER_STUDENT)],
            start=today - datetime.timedelta(days=30),
            end=today + datetime.timedelta(days=180),
        )
    return SimpleNamespace(own=own, other=other, me=me, mentee=mentee, today=today)


def meetings_in_a(world):
    with schema_context(world.school_a.schema_name):
        return list(Meeting.objects.values_list("kind", flat=True))


def post_meeting(client, data, group=None, **fields):
    body = {
        "kind": "acquaintance",
        "held_on": (data.today - datetime.timedelta(days=1)).isoformat(),
        "format": "online",
        "duration_minutes": 40,
        "topic": "Знакомство",
        "attendance": [data.me.pk, data.mentee.pk],
        **fields,
    }
    return client.post(
        f"{API_A}/groups/{(group or data.own).pk}/meetings/", body, content_type="application/json"
    )


def test_the_mentor_logs_meetings_in_order(world, client_of):
    data = build(world)
    mentor = client_of("mentor_a")
    early = post_meeting(mentor, data, kind="working")
    assert early.status_code == 400
    assert "начинается со встречи-знакомства" in early.json()["kind"][0]
    assert meetings_in_a(world) == []
    created = post_meeting(mentor, data)
    assert created.status_code == 201, created.content
    assert {(a["participant"]["id"], a["present"]) for a in created.json()["attendance"]} == {
        (data.me.pk, True),
        (data.mentee.pk, True),
    }
    future = post_meeting(
        mentor, data, kind="trial", held_on=(data.today + datetime.timedelta(days=3)).isoformat()
    )
    assert future.status_code == 400 and "ещё не наступила" in future.json()["held_on"][0]
    listed = mentor.get(f"{API_A}/groups/{data.own.pk}/meetings/").json()
    assert [m["kind_display"] for m in listed] == ["встреча-знакомство"]
    meeting_id = listed[0]["id"]
    patched = mentor.patch(
        f"{API_A}/groups/{data.own.pk}/meetings/{meeting_id}/",
        {"attendance": [data.mentee.pk]},
        content_type="application/json",
    )
    assert patched.status_code == 200
    assert {(a["participant"]["id"], a["present"]) for a in patched.json()["attendance"]} == {
        (data.me.pk, False),
        (data.mentee.pk, True),
    }


def test_only_members_are_marked_present(world, client_of):
    data = build(world)
    with schema_context(world.school_a.schema_name):
        stranger = data.other.mentor.participant_id
    response = post_meeting(client_of("mentor_a"), data, attendance=[data.me.pk, stranger])
    assert response.status_code == 400
    assert "не входят в эту пару" in response.json()["attendance"][0]
    assert meetings_in_a(world) == []


def test_a_mentor_cannot_touch_another_mentors_group(world, client_of):
    data = build(world)
    assert post_meeting(client_of("mentor_a"), data, group=data.other).status_code == 404
    assert client_of("mentor_a").get(f"{API_A}/groups/{data.other.pk}/meetings/").status_code == 404
    assert client_of("mentor_a").get(f"{A}/groups/{data.other.pk}/meetings/new/").status_code == 404


def test_the_meeting_page_records_a_meeting_and_shows_errors(world, client_of):
    data = build(world)
    mentor = client_of("mentor_a")
    form = mentor.get(f"{A}/groups/{data.own.pk}/meetings/new/")
    assert form.status_code == 200 and "встреча-знакомство" in form.content.decode()
    bad = mentor.post(
        f"{A}/groups/{data.own.pk}/meetings/new/",
        {"kind": "final", "held_on": data.today.isoformat(), "format": "in_person", "duration_minutes": 45},
    )
    assert bad.status_code == 400
    assert "начинается со встречи-знакомства" in bad.content.decode()
    assert meetings_in_a(world) == []
    good = mentor.post(
        f"{A}/groups/{data.own.pk}/meetings/new/",
        {
            "kind": "acquaintance",
            "held_on": data.today.isoformat(),
            "format": "in_person",
            "duration_minutes": 45,
            "attendance": [data.me.pk, data.mentee.pk],
        },
    )
    assert good.status_code == 302
    assert meetings_in_a(world) == ["acquaintance"]


def test_staff_set_the_weeks_and_reminders_and_see_stale_pairs(world, client_of):
    build(world)
    curator = client_of("curator_a")
    page = curator.get(f"{A}/meetings/settings/")
    assert page.status_code == 200 and "Подопечный" in page.content.decode()  # never met for 30 days
    bad = curator.post(f"{A}/meetings/settings/", {"meeting_gap_weeks": 0})
    assert bad.status_code == 400
    assert curator.post(f"{A}/meetings/settings/", {"meeting_gap_weeks": 6}).status_code == 302
    with schema_context(world.school_a.schema_name):
        current = SchoolSettings.current()
        assert (current.meeting_gap_weeks, current.reminders_enabled) == (6, False)
    assert "Подопечный" not in curator.get(f"{A}/meetings/settings/").content.decode()
    api = curator.put(
        f"{API_A}/meeting-settings/",
        {"meeting_gap_weeks": 60, "reminders_enabled": True},
        content_type="application/json",
    )
    assert api.status_code == 400 and "от 1 до 52" in api.json()["meeting_gap_weeks"][0]
    assert client_of("mentor_a").post(f"{A}/meetings/settings/", {"meeting_gap_weeks": 2}).status_code == 403
    assert client_of("mentor_a").get(f"{API_A}/meetings/stale-groups/").status_code == 403
    stale = curator.get(f"{API_A}/meetings/stale-groups/").json()
    assert stale == []


def test_school_b_sees_nothing_of_school_a(world, client_of):
    data = build(world)
    post_meeting(client_of("mentor_a"), data)
    outsider = client_of("curator_b")
    assert outsider.get(f"{API_A}/groups/{data.own.pk}/meetings/").status_code == 404
    assert post_meeting(outsider, data).status_code == 404
    assert outsider.get(f"{A}/meetings/settings/").status_code == 404
    assert outsider.get("/api/v1/schools/school-b/meetings/stale-groups/").json() == []
    assert outsider.get(f"/api/v1/schools/school-b/groups/{data.own.pk}/meetings/").status_code == 404
    with schema_context(world.school_b.schema_name):
        assert not Meeting.objects.exists()
