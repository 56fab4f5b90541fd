"""Individual development plans: drawn up from the shipped templates, kept inside the programme."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from school_programs.models import (
    DevelopmentPlan,
    Form,
    PlanSection,
    PlanTask,
    PlanTemplate,
    ResultStatus,
)
from school_programs.reference import PLAN_TEMPLATES
from school_programs.services import plans
from tests.support import school as make
from tests.support.clock import TODAY

MENTOR_KIND = {
    Form.STUDENT_STUDENT: make.student,
    Form.TEACHER_TEACHER: make.teacher,
    Form.EMPLOYER_STUDENT: make.parent,
}
MENTEE_KIND = {
    Form.STUDENT_STUDENT: make.student,
    Form.TEACHER_TEACHER: make.teacher,
    Form.EMPLOYER_STUDENT: make.student,
}


def pair(form=Form.STUDENT_STUDENT, programme=None):
    programme = programme or make.programme()
    mentor_person = MENTOR_KIND[form](
        "Наставников", **({"grade": 10} if form == Form.STUDENT_STUDENT else {})
    )
    mentee_person = MENTEE_KIND[form]("Учеников")
    entry = make.mentor(programme, mentor_person, forms=[form])
    request = make.mentee(programme, mentee_person, form=form)
    return make.group(programme, entry, [request]), request


def plan_for(group, request, template=None):
    template = template or PlanTemplate.objects.filter(form=group.form).first()
    return plans.plan_create_from_template(
        group=group,
        mentee=request,
        template=template,
        start_date=datetime.date(2026, 10, 1),
        end_date=datetime.date(2027, 5, 31),
    )


@pytest.mark.parametrize(("form", "role_model", "title", "sections"), PLAN_TEMPLATES)
def test_a_plan_copies_every_section_and_task_of_a_shipped_template(
    in_school_a, form, role_model, title, sections
):
    group, request = pair(form)
    template = PlanTemplate.objects.get(title=title)
    plan = plan_for(group, request, template)
    copied = list(plan.sections.prefetch_related("tasks"))
    assert [s.title for s in copied] == [title for title, _ in sections]
    assert [[t.task for t in s.tasks.all()] for s in copied] == [
        [task for task, _ in rows] for _, rows in sections
    ]
    assert [[t.planned_result for t in s.tasks.all()] for s in copied] == [
        [planned for _, planned in rows] for _, rows in sections
    ]
    assert plan.status == DevelopmentPlan.Status.DRAFT


def test_a_template_of_another_form_is_refused(in_school_a):
    group, request = pair(Form.STUDENT_STUDENT)
    other = PlanTemplate.objects.get(form=Form.TEACHER_TEACHER)
    with pytest.raises(ValidationError) as error:
        plan_for(group, request, other)
    assert "для формы «учитель – учитель»" in error.value.message_dict["template"][0]
    assert not DevelopmentPlan.objects.exists()


def test_a_plan_stays_inside_the_period_of_the_pair(in_school_a):
    group, request = pair()
    with pytest.raises(ValidationError) as error:
        plans.plan_create_from_template(
            group=group,
            mentee=request,
            template=None,
            start_date=datetime.date(2026, 9, 1),
            end_date=datetime.date(2027, 5, 31),
        )
    assert "выходит за период работы пары" in error.value.message_dict["start_date"][0]


def test_one_plan_per_mentee_in_a_group_and_only_for_its_own_mentees(in_school_a):
    group, request = pair()
    plan_for(group, request)
    with pytest.raises(ValidationError) as error:
        plan_for(group, request)
    assert "уже составлен" in error.value.message_dict["mentee"][0]
    programme = group.programme
    stranger = make.mentee(programme, make.student("Чужой"))
    with pytest.raises(ValidationError) as error:
        plan_for(group, stranger)
    assert "не входит в эту пару" in error.value.message_dict["mentee"][0]


def test_a_task_deadline_outside_the_programme_is_refused_in_russian(in_school_a):
    group, request = pair()
    plan = plan_for(group, request)
    section = plan.sections.first()
    before = PlanTask.objects.count()
    with pytest.raises(ValidationError) as error:
        plans.plan_task_add(section=section, task="Подготовиться к ОГЭ", deadline=datetime.date(2027, 6, 20))
    message = error.value.message_dict["deadline"][0]
    assert message.startswith("Срок задачи «Подготовиться к ОГЭ» (20.06.2027) вне периода программы")
    assert "01.09.2026 — 31.05.2027" in message
    assert PlanTask.objects.count() == before
    task = section.tasks.first()
    with pytest.raises(ValidationError):
        plans.plan_task_update(plan_task=task, deadline=datetime.date(2026, 8, 31))
    task.refresh_from_db()
    assert task.deadline is None


def test_exceeded_result_needs_a_description(in_school_a):
    group, request = pair()
    task = PlanTask.objects.filter(section__plan=plan_for(group, request)).first()
    with pytest.raises(ValidationError) as error:
        plans.plan_task_update(plan_task=task, result_status=ResultStatus.EXCEEDED, actual_result="Победил")
    assert "опишите" in error.value.message_dict["exceeded_description"][0]
    task.refresh_from_db()
    assert task.result_status == ""
    done = plans.plan_task_update(
        plan_task=task,
        result_status=ResultStatus.EXCEEDED,
        actual_result="Призёр муниципального этапа",
        exceeded_description="Планировали участие, получили призовое место",
        mentor_assessment="Отлично",
    )
    assert done.get_result_status_display() == "превышен"


def test_an_unknown_result_status_is_refused(in_school_a):
    group, request = pair()
    task = PlanTask.objects.filter(section__plan=plan_for(group, request)).first()
    with pytest.raises(ValidationError) as error:
        plans.plan_task_update(plan_task=task, result_status="almost")
    assert "достигнут в полной мере" in error.value.message_dict["result_status"][0]


def test_a_plan_goes_to_work_when_both_sides_signed_and_closes_when_every_task_has_a_result(in_school_a):
    group, request = pair()
    plan = plan_for(group, request)
    with pytest.raises(ValidationError) as error:
        plans.plan_activate(plan=plan)
    assert "не подписал: наставник, наставляемый" in error.value.message_dict["status"][0]
    with pytest.raises(ValidationError):
        plans.plan_sign(plan=plan, side="mentor", signed_on=TODAY + datetime.timedelta(days=1), today=TODAY)
    plans.plan_sign(plan=plan, side="mentor", signed_on=datetime.date(2026, 10, 2), today=TODAY)
    plans.plan_sign(plan=plan, side="mentee", signed_on=datetime.date(2026, 10, 3), today=TODAY)
    plans.plan_activate(plan=plan)
    assert plan.status == DevelopmentPlan.Status.ACTIVE
    tasks = list(PlanTask.objects.filter(section__plan=plan))
    for task in tasks[:-1]:
        plans.plan_task_update(plan_task=task, result_status=ResultStatus.FULL)
    with pytest.raises(ValidationError) as error:
        plans.plan_complete(plan=plan)
    assert "Не отмечен результат задач: 2.5" in error.value.message_dict["status"][0]
    plans.plan_task_update(plan_task=tasks[-1], result_status=ResultStatus.NOT_ACHIEVED)
    plans.plan_complete(plan=plan)
    with pytest.raises(ValidationError):
        plans.plan_section_add(plan=plan, title="Ещё раздел")


def test_sections_and_tasks_are_added_in_order(in_school_a):
    group, request = pair()
    plan = plans.plan_create_from_template(
        group=group,
        mentee=request,
        template=None,
        start_date=datetime.date(2026, 10, 1),
        end_date=datetime.date(2027, 5, 1),
    )
    first = plans.plan_section_add(plan=plan, title="Анализ трудностей")
    second = plans.plan_section_add(plan=plan, title="Направления развития")
    task = plans.plan_task_add(
        section=second, task="Записаться в кружок", deadline=datetime.date(2026, 12, 1)
    )
    assert (first.order, second.order, task.order) == (1, 2, 1)
    assert PlanSection.objects.filter(plan=plan).count() == 2


def test_a_school_copies_and_edits_a_template_without_touching_the_original(in_school_a):
    original = PlanTemplate.objects.get(form=Form.TEACHER_TEACHER)
    count = PlanTask.objects.count()
    copy = plans.plan_template_copy(template=original, title="ИПР молодого учителя нашей школы")
    assert copy.sections.count() == original.sections.count() == 3
    section = copy.sections.get(order=2)
    plans.plan_template_task_add(section=section, task="Провести открытый урок")
    plans.plan_template_section_update(section=section, title="Вхождение в должность и коллектив")
    assert original.sections.get(order=2).title == "Вхождение в должность (для вновь принятых педагогов)"
    assert section.tasks.count() == original.sections.get(order=2).tasks.count() + 1
    with pytest.raises(ValidationError):
        plans.plan_template_copy(template=original, title=copy.title)
    assert PlanTask.objects.count() == count
