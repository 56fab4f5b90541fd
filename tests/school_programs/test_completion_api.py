"""API and pages of completion: results, early release, rewards, practices, the programme's report."""

import datetime
from types import SimpleNamespace

from django.utils import timezone
from django_tenants.utils import schema_context

from regional_center.models import PublishedPractice
from school_programs.models import (
    BestPractice,
    Form,
    GroupStatus,
    MentoringGroup,
    MentorRelease,
    MentorReward,
    Programme,
    RequestStatus,
)
from tests.support import school as make

A = "/s/school-a"
API_A = "/api/v1/schools/school-a"


def build(world):
    today = timezone.localdate()
    with schema_context(world.school_a.schema_name):
        programme = make.programme(
            start_date=today - datetime.timedelta(days=120), end_date=today + datetime.timedelta(days=100)
        )
        me = make.teacher("Наставникова", user=world.users["mentor_a"])
        mentee = make.student("Ёлкин", first_name="Пётр")
        own = make.group(
            programme,
            make.mentor(programme, me, forms=[Form.TEACHER_STUDENT]),
            [make.mentee(programme, mentee, form=Form.TEACHER_STUDENT)],
            start=today - datetime.timedelta(days=90),
            end=today + datetime.timedelta(days=90),
        )
        other = make.group(
            programme,
            make.mentor(programme, make.teacher("Другая"), forms=[Form.TEACHER_STUDENT]),
            [make.mentee(programme, make.student("Второй"), form=Form.TEACHER_STUDENT)],
            start=today - datetime.timedelta(days=90),
            end=today + datetime.timedelta(days=90),
        )
    return SimpleNamespace(programme=programme, own=own, other=other, today=today)


def in_a(world, function):
    with schema_context(world.school_a.schema_name):
        return function()


def test_staff_complete_a_pair_with_a_warning_without_a_final_meeting(world, client_of):
    data = build(world)
    url = f"{API_A}/groups/{data.own.pk}/complete/"
    body = {"result_summary": "Успеваемость выросла", "completed_on": data.today.isoformat()}
    assert client_of("mentor_a").post(url, body, content_type="application/json").status_code == 403
    empty = client_of("curator_a").post(
        url, {"result_summary": "", "completed_on": data.today.isoformat()}, content_type="application/json"
    )
    assert empty.status_code == 400
    response = client_of("curator_a").post(url, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["warnings"] == [
        "Итоговая встреча не внесена: рекомендуется провести её перед завершением."
    ]
    group = in_a(world, lambda: MentoringGroup.objects.get(pk=data.own.pk))
    assert group.status == GroupStatus.COMPLETED
    status = in_a(world, lambda: group.mentees.get().request.status)
    assert status == RequestStatus.CLOSED


def test_early_release_through_the_page_terminates_the_pair(world, client_of):
    data = build(world)
    curator = client_of("curator_a")
    refused = curator.post(
        f"{A}/groups/{data.other.pk}/release/",
        {"reason": "non_performance", "released_on": data.today.isoformat(), "note": ""},
    )
    assert refused.status_code == 400
    assert "Опишите обстоятельства" in refused.content.decode()
    assert in_a(world, lambda: MentorRelease.objects.count()) == 0
    done = curator.post(
        f"{A}/groups/{data.other.pk}/release/",
        {"reason": "petition", "released_on": data.today.isoformat(), "note": "Ходатайство 9 «Б» класса"},
    )
    assert done.status_code == 302
    group = in_a(world, lambda: MentoringGroup.objects.get(pk=data.other.pk))
    assert group.status == GroupStatus.TERMINATED
    status = in_a(world, lambda: group.mentees.get().request.status)
    assert status == RequestStatus.SUPPORT
    page = curator.get(f"{A}/groups/{data.other.pk}/").content.decode()
    assert "по письменному мотивированному ходатайству обучающихся" in page
    assert "готовится в реестре приказов" in page


def test_rewards_and_practices_through_the_api(world, client_of):
    data = build(world)
    curator = client_of("curator_a")
    with schema_context(world.school_a.schema_name):
        mentor_id = data.own.mentor_id
    reward = curator.post(
        f"{API_A}/programmes/{data.programme.pk}/rewards/",
        {"mentor": mentor_id, "kind": "gratitude_letter", "awarded_on": data.today.isoformat()},
        content_type="application/json",
    )
    assert reward.status_code == 201 and reward.json()["kind_display"] == "благодарственное письмо"
    practice = curator.post(
        f"{API_A}/programmes/{data.programme.pk}/practices/",
        {
            "title": "Наставник-предметник",
            "form": "teacher_student",
            "description": "Еженедельные консультации, с Петр Елкин разобрали ошибки ОГЭ.",
        },
        content_type="application/json",
    )
    assert practice.status_code == 201
    publish_url = f"{API_A}/practices/{practice.json()['id']}/publish/"
    refused = curator.post(publish_url)
    assert refused.status_code == 400
    assert "Ёлкин Пётр" in refused.json()["description"][0]
    assert not PublishedPractice.objects.filter(school=world.school_a).exists()
    fixed = curator.put(
        f"{API_A}/practices/{practice.json()['id']}/",
        {
            "title": "Наставник-предметник",
            "form": "teacher_student",
            "description": "Еженедельные консультации.",
        },
        content_type="application/json",
    )
    assert fixed.status_code == 200
    published = curator.post(publish_url)
    assert published.status_code == 200 and published.json()["published_on"] == data.today.isoformat()
    row = PublishedPractice.objects.get(school=world.school_a)
    assert (row.school_id, row.title, row.form_label) == (
        world.school_a.pk,
        "Наставник-предметник",
        "учитель – ученик",
    )
    assert client_of("mentor_a").post(publish_url).status_code == 403


def test_the_report_and_the_final_report(world, client_of):
    data = build(world)
    curator = client_of("curator_a")
    report = curator.get(f"{API_A}/programmes/{data.programme.pk}/report/").json()
    assert report["total"]["pairs"] == 2 and report["total"]["active"] == 2
    refused = curator.post(
        f"{API_A}/programmes/{data.programme.pk}/final-report/",
        {"final_report": "Итоги", "complete": True},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "Работают ещё пары и группы (2)" in refused.json()["complete"][0]
    page = curator.get(f"{A}/completion/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Итоги: " in text and "учитель – ученик" in text
    saved = curator.post(f"{A}/completion/{data.programme.pk}/report/", {"final_report": "Первые итоги"})
    assert saved.status_code == 302
    for group in (data.own, data.other):
        curator.post(
            f"{A}/groups/{group.pk}/complete/",
            {"completed_on": data.today.isoformat(), "result_summary": "Итоги пары"},
        )
    closed = curator.post(
        f"{A}/completion/{data.programme.pk}/report/",
        {"final_report": "Итоги года", "complete": "on", "completed_on": data.today.isoformat()},
    )
    assert closed.status_code == 302
    programme = in_a(world, lambda: Programme.objects.get(pk=data.programme.pk))
    assert (programme.status, programme.final_report) == (Programme.Status.COMPLETED, "Итоги года")
    assert client_of("mentor_a").get(f"{A}/completion/").status_code == 403


def test_the_completion_page_adds_a_reward_and_a_practice(world, client_of):
    data = build(world)
    curator = client_of("curator_a")
    with schema_context(world.school_a.schema_name):
        mentor_id = data.own.mentor_id
    bad = curator.post(f"{A}/completion/{data.programme.pk}/rewards/new/", {"mentor": mentor_id, "kind": "x"})
    assert bad.status_code == 400
    ok = curator.post(
        f"{A}/completion/{data.programme.pk}/rewards/new/",
        {
            "mentor": mentor_id,
            "kind": "certificate",
            "awarded_on": data.today.isoformat(),
            "wording": "За труд",
        },
    )
    assert ok.status_code == 302
    assert in_a(world, lambda: MentorReward.objects.get().kind) == "certificate"
    made = curator.post(
        f"{A}/completion/{data.programme.pk}/practices/new/",
        {"title": "Клуб наставников", "form": "teacher_student", "description": "Встречи раз в месяц"},
    )
    assert made.status_code == 302
    practice_id = in_a(world, lambda: BestPractice.objects.get().pk)
    assert curator.post(f"{A}/completion/practices/{practice_id}/publish/").status_code == 302
    assert PublishedPractice.objects.filter(title="Клуб наставников").exists()
    assert '<span class="badge ok">передана' in curator.get(f"{A}/completion/").content.decode()


def test_school_b_sees_nothing_of_school_a(world, client_of):
    data = build(world)
    outsider = client_of("curator_b")
    assert outsider.get(f"{A}/completion/").status_code == 404
    assert outsider.post(f"{A}/groups/{data.own.pk}/complete/", {}).status_code == 404
    assert outsider.get(f"{API_A}/programmes/{data.programme.pk}/report/").status_code == 404
    assert (
        outsider.post(
            f"{API_A}/groups/{data.own.pk}/release/",
            {"reason": "application", "released_on": data.today.isoformat()},
            content_type="application/json",
        ).status_code
        == 404
    )
    own_page = outsider.get("/s/school-b/completion/")
    assert own_page.status_code == 200 and "Наставникова" not in own_page.content.decode()
    assert outsider.get(f"/api/v1/schools/school-b/programmes/{data.programme.pk}/report/").status_code == 404
    assert in_a(world, lambda: MentoringGroup.objects.get(pk=data.own.pk).status) == GroupStatus.ACTIVE
