"""Pages of plans: drawing up, inline (htmx) editing of a task, templates for staff, isolation."""

import datetime
from types import SimpleNamespace

from django.utils import timezone
from django_tenants.utils import schema_context

from school_programs.models import DevelopmentPlan, Form, PlanTask, PlanTemplate, PlanTemplateTask
from tests.support import school as make

A = "/s/school-a"
HTMX = {"HTTP_HX_REQUEST": "true"}


def build(world):
    today = timezone.localdate()
    with schema_context(world.school_a.schema_name):
        programme = make.programme(
            start_date=today - datetime.timedelta(days=60), end_date=today + datetime.timedelta(days=200)
        )
        me = make.student("Старшеклассница", grade=10, user=world.users["mentor_a"])
        own = make.group(
            programme,
            make.mentor(programme, me),
            [make.mentee(programme, make.student("Пятиклассник", grade=5))],
            start=today - datetime.timedelta(days=30),
            end=today + datetime.timedelta(days=180),
        )
        other = make.group(
            programme,
            make.mentor(programme, make.student("Другая", grade=11)),
            [make.mentee(programme, make.student("Шестиклассник", grade=6))],
            start=today - datetime.timedelta(days=30),
            end=today + datetime.timedelta(days=180),
        )
        template = PlanTemplate.objects.get(form=Form.STUDENT_STUDENT)
        request = own.mentees.get().request
    return SimpleNamespace(
        programme=programme, own=own, other=other, request=request, template=template, today=today
    )


def draw_up(client, data):
    return client.post(
        f"{A}/groups/{data.own.pk}/plans/new/",
        {
            "mentee": data.request.pk,
            "template": data.template.pk,
            "start_date": data.own.start_date.isoformat(),
            "end_date": data.own.end_date.isoformat(),
        },
    )


def the_plan(world):
    with schema_context(world.school_a.schema_name):
        plan = DevelopmentPlan.objects.get()
        return plan, list(PlanTask.objects.filter(section__plan=plan))


def test_the_mentor_draws_up_a_plan_from_the_group_page(world, client_of):
    data = build(world)
    mentor = client_of("mentor_a")
    form = mentor.get(f"{A}/groups/{data.own.pk}/plans/new/")
    assert form.status_code == 200 and "ИПР «Ученик – ученик»" in form.content.decode()
    outside = mentor.post(
        f"{A}/groups/{data.own.pk}/plans/new/",
        {
            "mentee": data.request.pk,
            "template": data.template.pk,
            "start_date": (data.own.start_date - datetime.timedelta(days=5)).isoformat(),
            "end_date": data.own.end_date.isoformat(),
        },
    )
    assert "выходит за период работы пары" in outside.content.decode()
    response = draw_up(mentor, data)
    plan, tasks = the_plan(world)
    assert response.status_code == 302 and response["Location"].endswith(f"/plans/{plan.pk}/")
    assert len(tasks) == 7
    page = mentor.get(f"{A}/plans/{plan.pk}/").content.decode()
    assert "Анализ трудностей и способы их преодоления" in page
    assert "Добавить задачу" in page
    assert mentor.get(f"{A}/groups/{data.other.pk}/plans/new/").status_code == 404


def test_a_task_row_is_edited_inline_with_htmx(world, client_of):
    data = build(world)
    mentor = client_of("mentor_a")
    draw_up(mentor, data)
    plan, tasks = the_plan(world)
    url = f"{A}/plans/{plan.pk}/tasks/{tasks[0].pk}/"
    editor = mentor.get(url, **HTMX)
    assert editor.status_code == 200 and 'hx-post="' in editor.content.decode()
    late = (data.programme.end_date + datetime.timedelta(days=1)).isoformat()
    refused = mentor.post(url, {"task": tasks[0].task, "deadline": late, "result_status": "full"}, **HTMX)
    assert refused.status_code == 200  # htmx swaps the form row back with the error on it
    assert "вне периода программы" in refused.content.decode()
    with schema_context(world.school_a.schema_name):
        assert PlanTask.objects.get(pk=tasks[0].pk).result_status == ""
    saved = mentor.post(
        url,
        {
            "task": tasks[0].task,
            "deadline": data.today.isoformat(),
            "result_status": "full",
            "actual_result": "Составлен перечень тем",
        },
        **HTMX,
    )
    assert saved.status_code == 200
    row = saved.content.decode()
    assert row.startswith(f'<tr id="task-{tasks[0].pk}">') and "достигнут в полной мере" in row
    no_htmx = mentor.post(url, {"task": tasks[0].task, "result_status": "exceeded"})
    assert no_htmx.status_code == 400 and "опишите, в чём он превысил" in no_htmx.content.decode()


def test_sections_tasks_and_signatures_from_the_plan_page(world, client_of):
    data = build(world)
    curator = client_of("curator_a")
    draw_up(curator, data)
    plan, _ = the_plan(world)
    assert (
        curator.post(f"{A}/plans/{plan.pk}/sections/new/", {"title": "Творческий проект"}).status_code == 302
    )
    with schema_context(world.school_a.schema_name):
        section = plan.sections.get(order=3)
    added = curator.post(
        f"{A}/plans/{plan.pk}/tasks/new/",
        {"section": section.pk, "task": "Подготовить проект", "deadline": data.today.isoformat()},
    )
    assert added.status_code == 302
    for side in ("mentor", "mentee"):
        curator.post(f"{A}/plans/{plan.pk}/sign/", {"side": side, "signed_on": data.today.isoformat()})
    curator.post(f"{A}/plans/{plan.pk}/status/", {"action": "activate"})
    with schema_context(world.school_a.schema_name):
        plan.refresh_from_db()
        assert plan.status == DevelopmentPlan.Status.ACTIVE
        assert section.tasks.get().task == "Подготовить проект"
    assert client_of("mentor_a").get(f"{A}/plans/{plan.pk}/").status_code == 200


def test_staff_edit_templates_and_mentors_only_read_them(world, client_of):
    data = build(world)
    curator = client_of("curator_a")
    assert "ИПР «Учитель – учитель»" in curator.get(f"{A}/plan-templates/").content.decode()
    copied = curator.post(f"{A}/plan-templates/{data.template.pk}/copy/", {"title": "ИПР нашей школы"})
    assert copied.status_code == 302
    with schema_context(world.school_a.schema_name):
        copy = PlanTemplate.objects.get(title="ИПР нашей школы")
        section = copy.sections.get(order=1)
    curator.post(f"{A}/plan-templates/sections/{section.pk}/tasks/new/", {"task": "Новая задача"})
    with schema_context(world.school_a.schema_name):
        new_task = PlanTemplateTask.objects.get(section=section, task="Новая задача")
    curator.post(f"{A}/plan-templates/tasks/{new_task.pk}/", {"action": "delete"})
    with schema_context(world.school_a.schema_name):
        assert not PlanTemplateTask.objects.filter(pk=new_task.pk).exists()
        assert data.template.sections.get(order=1).tasks.count() == section.tasks.count()
    mentor = client_of("mentor_a")
    assert mentor.get(f"{A}/plan-templates/").status_code == 403
    assert mentor.post(f"{A}/plan-templates/{data.template.pk}/copy/", {"title": "Моё"}).status_code == 403


def test_school_b_sees_nothing_of_school_a(world, client_of):
    data = build(world)
    draw_up(client_of("curator_a"), data)
    plan, tasks = the_plan(world)
    outsider = client_of("curator_b")
    assert outsider.get(f"{A}/plans/{plan.pk}/").status_code == 404
    assert outsider.post(f"{A}/plans/{plan.pk}/tasks/{tasks[0].pk}/", {"task": "x"}).status_code == 404
    assert outsider.get(f"/s/school-b/plans/{plan.pk}/").status_code == 404
    listing = outsider.get("/s/school-b/plan-templates/").content.decode()
    assert "ИПР «Ученик – ученик»" in listing
    with schema_context(world.school_b.schema_name):
        assert not DevelopmentPlan.objects.exists()
