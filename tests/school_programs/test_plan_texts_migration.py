"""Migration 0010: a school created before the seed's full plan texts shipped gets them in its plan
templates; plans already drawn keep their text, and a task the school rewrote stays the school's."""

import importlib

import pytest
from django.apps import apps

from school_programs.models import Form, PlanTask, PlanTemplate, PlanTemplateTask
from school_programs.reference import PLAN_TEMPLATES
from school_programs.services.plans import plan_create_from_template
from tests.support import school as make

migration = importlib.import_module("school_programs.migrations.0010_plan_template_texts")

STUDENTS = "ИПР «Ученик – ученик»: успевающий – неуспевающий"
TEACHERS = "ИПР «Учитель – учитель»: опытный педагог – молодой специалист"
# The texts such a school holds (shipped with 0002 before 2d1bb65), written out here, not taken from
# the migration, so that a mistake in its frozen texts cannot hide.
OLD_2_1 = (
    "Перенять успешный опыт наставника по подготовке домашнего задания, "
    "подготовки к контрольным работам и пр."
)
OLD_2_4 = "Принять участие в олимпиадах, мониторингах, конкурсах, соревнованиях"
ADDED_3_7 = "Изучить успешный опыт организации профессионального развития педагога"
ADDED_3_8 = (
    "Познакомиться с успешными практиками разработки и внедрения образовательных инноваций "
    "в практику педагогической деятельности"
)


def _task(title: str, section: int, order: int) -> PlanTemplateTask:
    return PlanTemplateTask.objects.get(section__template__title=title, section__order=section, order=order)


def _as_old_school() -> None:
    """School A's templates as a school created before the full texts: every changed task back to its
    old text (from the migration's list, beside the two written out above), 3.7 and 3.8 missing."""
    tasks = PlanTemplateTask.objects
    for (title, number), rows in migration.SECTIONS.items():
        for before, (text, _) in rows:
            if before not in (None, migration.SAME):
                tasks.filter(section__template__title=title, section__order=number, task=text).update(
                    task=before[0], planned_result=before[1]
                )
    tasks.filter(pk=_task(STUDENTS, 2, 1).pk).update(task=OLD_2_1)
    tasks.filter(pk=_task(STUDENTS, 2, 4).pk).update(task=OLD_2_4)
    tasks.filter(section__template__title=TEACHERS, task__in=[ADDED_3_7, ADDED_3_8]).delete()
    tasks.filter(section__template__title=TEACHERS, section__order=3, order=9).update(order=7)


def _template_as_rows(title: str) -> list:
    template = PlanTemplate.objects.get(title=title)
    return [
        (section.title, [(task.task, task.planned_result) for task in section.tasks.order_by("order")])
        for section in template.sections.order_by("order")
    ]


def _reference(title: str) -> list:
    [sections] = [sections for _, _, name, sections in PLAN_TEMPLATES if name == title]
    return [(section, list(tasks)) for section, tasks in sections]


@pytest.fixture
def old_school(in_school_a):
    _as_old_school()
    assert _task(STUDENTS, 2, 1).task == OLD_2_1
    assert PlanTemplateTask.objects.filter(section__template__title=TEACHERS, section__order=3).count() == 7
    return in_school_a


def test_the_migration_brings_old_templates_to_the_seeds_texts(old_school):
    migration.bring_to_the_seed(apps, None)
    for _, _, title, _ in PLAN_TEMPLATES:
        assert _template_as_rows(title) == _reference(title), title
    assert "(выполнения упражнений, заучивания стихотворений и т.д.)" in _task(STUDENTS, 2, 1).task
    assert "на платформе «Учи.ру»" in _task(STUDENTS, 2, 4).task
    assert _task(TEACHERS, 3, 7).task == ADDED_3_7 and _task(TEACHERS, 3, 8).task == ADDED_3_8
    migration.bring_to_the_seed(apps, None)  # a second run changes nothing
    assert _template_as_rows(STUDENTS) == _reference(STUDENTS)
    assert _template_as_rows(TEACHERS) == _reference(TEACHERS)


def test_a_plan_already_drawn_keeps_its_text(old_school):
    prog = make.programme()
    request = make.mentee(prog, make.student("Младший", grade=6))
    pair = make.group(prog, make.mentor(prog, make.student("Старший", grade=10)), [request])
    template = PlanTemplate.objects.get(title=STUDENTS, form=Form.STUDENT_STUDENT)
    plan = plan_create_from_template(
        group=pair, mentee=request, template=template, start_date=pair.start_date, end_date=pair.end_date
    )
    migration.bring_to_the_seed(apps, None)
    texts = list(PlanTask.objects.filter(section__plan=plan).values_list("task", flat=True))
    assert OLD_2_1 in texts and OLD_2_4 in texts
    assert not any("Учи.ру" in text for text in texts)


def test_a_task_the_school_rewrote_stays_and_added_tasks_go_after_its_last(old_school):
    own = "Посетить уроки коллег по предмету и обсудить их с наставником"
    PlanTemplateTask.objects.filter(section__template__title=TEACHERS, section__order=3, order=7).update(
        task=own
    )
    migration.bring_to_the_seed(apps, None)
    tasks = list(
        PlanTemplateTask.objects.filter(section__template__title=TEACHERS, section__order=3)
        .order_by("order")
        .values_list("order", "task")
    )
    assert tasks[6] == (7, own)
    assert tasks[7:] == [(8, ADDED_3_7), (9, ADDED_3_8)]
    assert tasks[0][1].endswith("(указать возрастную группу)")
