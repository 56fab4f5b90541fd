"""API of individual development plans and templates: 400 in Russian, nothing written on bad input."""

import datetime
from types import SimpleNamespace

from django.utils import timezone
from django_tenants.utils import schema_context

from school_programs.models import DevelopmentPlan, Form, PlanTask, PlanTemplate
from tests.support import school as make

API_A = "/api/v1/schools/school-a"


def build(world):
    today = timezone.localdate()
    with schema_context(world.school_a.schema_name):
        programme = make.programme(
            start_date=today - datetime.timedelta(days=60), end_date=today + datetime.timedelta(days=200)
        )
        me = make.teacher("Наставникова", user=world.users["mentor_a"])
        own = make.group(
            programme,
            make.mentor(programme, me, forms=[Form.TEACHER_TEACHER]),
            [make.mentee(programme, make.teacher("Молодой"), form=Form.TEACHER_TEACHER)],
            start=today - datetime.timedelta(days=30),
            end=today + datetime.timedelta(days=180),
        )
        other = make.group(
            programme,
            make.mentor(programme, make.teacher("Чужая"), forms=[Form.TEACHER_TEACHER]),
            [make.mentee(programme, make.teacher("Другой"), form=Form.TEACHER_TEACHER)],
            start=today - datetime.timedelta(days=30),
            end=today + datetime.timedelta(days=180),
        )
        template = PlanTemplate.objects.get(form=Form.TEACHER_TEACHER)
        request = own.mentees.get().request
    return SimpleNamespace(
        programme=programme,
        own=own,
        other=other,
        request=request,
        template=template,
        today=today,
    )


def create_plan(client, data):
    return client.post(
        f"{API_A}/groups/{data.own.pk}/plans/",
        {
            "mentee": data.request.pk,
            "template": data.template.pk,
            "start_date": data.own.start_date.isoformat(),
            "end_date": data.own.end_date.isoformat(),
        },
        content_type="application/json",
    )


def test_the_mentor_draws_up_a_plan_from_the_template(world, client_of):
    data = build(world)
    response = create_plan(client_of("mentor_a"), data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert [s["title"] for s in body["sections"]] == [
        "Анализ профессиональных трудностей и способы их преодоления",
        "Вхождение в должность (для вновь принятых педагогов)",
        "Направления профессионального развития педагогического работника",
    ]
    # Seed 001's plan for «опытный педагог – молодой специалист»: 3 + 7 + 9 tasks (3.7 and 3.8 too).
    assert body["progress"] == {"total": 19, "open": 19, "overdue": 0}
    again = create_plan(client_of("mentor_a"), data)
    assert again.status_code == 400
    assert "уже составлен" in again.json()["mentee"][0]


def test_a_task_deadline_outside_the_programme_is_a_400_and_nothing_is_written(world, client_of):
    data = build(world)
    client = client_of("mentor_a")
    plan = create_plan(client, data).json()
    section = plan["sections"][0]
    with schema_context(world.school_a.schema_name):
        before = PlanTask.objects.count()
    late = data.programme.end_date + datetime.timedelta(days=10)
    response = client.post(
        f"{API_A}/plans/{plan['id']}/tasks/",
        {"section": section["id"], "task": "Открытый урок", "deadline": late.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400
    message = response.json()["deadline"][0]
    assert message.startswith(f"Срок задачи «Открытый урок» ({late:%d.%m.%Y}) вне периода программы")
    task_id = section["tasks"][0]["id"]
    response = client.patch(
        f"{API_A}/plans/{plan['id']}/tasks/{task_id}/",
        {"deadline": late.isoformat(), "actual_result": "Сделано"},
        content_type="application/json",
    )
    assert response.status_code == 400
    with schema_context(world.school_a.schema_name):
        assert PlanTask.objects.count() == before
        untouched = PlanTask.objects.get(pk=task_id)
        assert (untouched.deadline, untouched.actual_result) == (None, "")


def test_results_are_recorded_and_exceeded_needs_a_description(world, client_of):
    data = build(world)
    client = client_of("mentor_a")
    plan = create_plan(client, data).json()
    url = f"{API_A}/plans/{plan['id']}/tasks/{plan['sections'][0]['tasks'][0]['id']}/"
    refused = client.patch(url, {"result_status": "exceeded"}, content_type="application/json")
    assert refused.status_code == 400
    assert "опишите, в чём он превысил" in refused.json()["exceeded_description"][0]
    unknown = client.patch(url, {"result_status": "almost"}, content_type="application/json")
    assert unknown.status_code == 400
    assert "достигнут в полной мере" in unknown.json()["result_status"][0]
    ok = client.patch(
        url,
        {
            "result_status": "exceeded",
            "exceeded_description": "Выступил на методобъединении",
            "mentor_assessment": "Превзошёл ожидания",
            "deadline": data.today.isoformat(),
        },
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["result_status_display"] == "превышен"


def test_signing_activating_and_completing_a_plan(world, client_of):
    data = build(world)
    client = client_of("curator_a")
    plan = create_plan(client, data).json()
    base = f"{API_A}/plans/{plan['id']}"
    refused = client.post(f"{base}/activate/")
    assert refused.status_code == 400 and "после подписи обеих сторон" in refused.json()["status"][0]
    for side in ("mentor", "mentee"):
        signed = client.post(
            f"{base}/sign/",
            {"side": side, "signed_on": data.today.isoformat()},
            content_type="application/json",
        )
        assert signed.status_code == 200
    assert client.post(f"{base}/activate/").json()["status"] == "active"
    assert "Не отмечен результат задач" in client.post(f"{base}/complete/").json()["status"][0]


def test_only_the_groups_mentor_and_staff_change_its_plan(world, client_of):
    data = build(world)
    plan = create_plan(client_of("curator_a"), data).json()
    assert client_of("mentor_a").get(f"{API_A}/plans/{plan['id']}/").status_code == 200
    foreign = client_of("mentor_a").post(
        f"{API_A}/groups/{data.other.pk}/plans/",
        {"mentee": data.request.pk, "start_date": "2026-10-01", "end_date": "2027-01-01"},
        content_type="application/json",
    )
    assert foreign.status_code == 404


def test_templates_are_read_by_readers_and_changed_by_staff(world, client_of):
    data = build(world)
    # As on the templates page: a mentor gets 403 (issue 7: the API used to answer 200).
    assert client_of("mentor_a").get(f"{API_A}/plan-templates/").status_code == 403
    listed = client_of("curator_a").get(f"{API_A}/plan-templates/").json()
    assert {t["form"] for t in listed} >= {"student_student", "teacher_teacher", "employer_student"}
    copy_url = f"{API_A}/plan-templates/{data.template.pk}/copy/"
    assert (
        client_of("mentor_a")
        .post(copy_url, {"title": "Моя копия"}, content_type="application/json")
        .status_code
        == 403
    )
    copied = client_of("curator_a").post(copy_url, {"title": "ИПР школы А"}, content_type="application/json")
    assert copied.status_code == 201
    section = copied.json()["sections"][0]
    added = client_of("curator_a").post(
        f"{API_A}/plan-template-sections/{section['id']}/tasks/",
        {"task": "Посетить уроки наставника"},
        content_type="application/json",
    )
    assert added.status_code == 201 and added.json()["order"] == len(section["tasks"]) + 1
    blank = client_of("curator_a").post(
        f"{API_A}/plan-templates/{data.template.pk}/copy/",
        {"title": "ИПР школы А"},
        content_type="application/json",
    )
    assert blank.status_code == 400 and "уже есть" in blank.json()["title"][0]


def test_school_b_sees_nothing_of_school_a(world, client_of):
    data = build(world)
    plan = create_plan(client_of("curator_a"), data).json()
    client_of("curator_a").post(
        f"{API_A}/plan-templates/{data.template.pk}/copy/",
        {"title": "Только в школе А"},
        content_type="application/json",
    )
    outsider = client_of("curator_b")
    assert outsider.get(f"{API_A}/plans/{plan['id']}/").status_code == 404
    assert outsider.get(f"{API_A}/plan-templates/").status_code == 404
    assert create_plan(outsider, data).status_code == 404
    assert outsider.get(f"/api/v1/schools/school-b/plans/{plan['id']}/").status_code == 404
    titles = [t["title"] for t in outsider.get("/api/v1/schools/school-b/plan-templates/").json()]
    assert "Только в школе А" not in titles and len(titles) == 3
    with schema_context(world.school_b.schema_name):
        assert not DevelopmentPlan.objects.exists()
