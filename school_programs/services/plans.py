"""Individual development plans (ИПР) and the school's plan templates.

Rules (seed 001, the plan templates and their footnotes): a plan belongs to one mentee of a pair or
group and follows a template of the group's form; it runs inside the group's and the programme's
period; task deadlines lie inside the programme; the actual result of a task is one of «достигнут в
полной мере», «не в полной мере», «не достигнут», «превышен» — and «превышен» says how. Both sides
sign the plan before it is put to work. Schema: TENANT.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..models import (
    DevelopmentPlan,
    GroupMentee,
    GroupStatus,
    MenteeRequest,
    MentoringGroup,
    PlanSection,
    PlanTask,
    PlanTemplate,
    PlanTemplateSection,
    PlanTemplateTask,
    ResultStatus,
    RoleModel,
)


def _date(day: datetime.date) -> str:
    return f"{day:%d.%m.%Y}"


def _check_plan_period(*, group: MentoringGroup, start_date: datetime.date, end_date: datetime.date) -> None:
    programme = group.programme
    if end_date <= start_date:
        raise ValidationError({"end_date": "Дата окончания ИПР должна быть позже даты начала."})
    if start_date < group.start_date or end_date > group.end_date:
        raise ValidationError(
            {
                "start_date": f"Период ИПР {_date(start_date)} — {_date(end_date)} выходит за период работы "
                f"пары / группы: {_date(group.start_date)} — {_date(group.end_date)}."
            }
        )
    if start_date < programme.start_date or end_date > programme.end_date:
        raise ValidationError(
            {
                "start_date": f"Период ИПР {_date(start_date)} — {_date(end_date)} выходит за период "
                f"программы «{programme.title}»: {_date(programme.start_date)} — {_date(programme.end_date)}."
            }
        )


def _check_deadline(*, plan: DevelopmentPlan, deadline: datetime.date | None, task_text: str) -> None:
    if deadline is None:
        return
    programme = plan.group.programme
    if not programme.start_date <= deadline <= programme.end_date:
        short = task_text if len(task_text) <= 60 else task_text[:57] + "…"
        raise ValidationError(
            {
                "deadline": f"Срок задачи «{short}» ({_date(deadline)}) вне периода программы "
                f"«{programme.title}»: {_date(programme.start_date)} — {_date(programme.end_date)}."
            }
        )


def _check_editable(plan: DevelopmentPlan) -> None:
    if plan.status == DevelopmentPlan.Status.COMPLETED:
        raise ValidationError("ИПР выполнен и закрыт: изменения в него не вносятся.")
    if plan.group.status != GroupStatus.ACTIVE:
        raise ValidationError(
            f"Пара / группа {plan.group.get_status_display()}: её планы больше не меняются."
        )


@transaction.atomic
def plan_create_from_template(
    *,
    group: MentoringGroup,
    mentee: MenteeRequest,
    template: PlanTemplate | None,
    start_date: datetime.date,
    end_date: datetime.date,
) -> DevelopmentPlan:
    """Draw up a mentee's plan: the template's sections and tasks are copied (without a template the
    plan starts empty and its sections are added by hand)."""
    if group.status != GroupStatus.ACTIVE:
        raise ValidationError(f"Пара / группа {group.get_status_display()}: новый ИПР не составляется.")
    if not GroupMentee.objects.filter(group=group, request=mentee, left_on__isnull=True).exists():
        raise ValidationError(
            {"mentee": f"{mentee.participant.short_name} не входит в эту пару / группу: ИПР не составляется."}
        )
    if template is not None and template.form != group.form:
        raise ValidationError(
            {
                "template": f"Шаблон «{template.title}» — для формы «{template.get_form_display()}», "
                f"а пара / группа работает в форме «{group.get_form_display()}»."
            }
        )
    _check_plan_period(group=group, start_date=start_date, end_date=end_date)
    if DevelopmentPlan.objects.filter(group=group, mentee=mentee).exists():
        raise ValidationError(
            {"mentee": f"ИПР для {mentee.participant.short_name} в этой паре / группе уже составлен."}
        )
    plan = DevelopmentPlan(
        group=group, mentee=mentee, template=template, start_date=start_date, end_date=end_date
    )
    plan.full_clean()
    plan.save()
    if template is not None:
        sections = list(template.sections.prefetch_related("tasks"))
        copies = PlanSection.objects.bulk_create(
            [PlanSection(plan=plan, order=section.order, title=section.title) for section in sections]
        )
        PlanTask.objects.bulk_create(
            [
                PlanTask(section=copy, order=task.order, task=task.task, planned_result=task.planned_result)
                for section, copy in zip(sections, copies, strict=True)
                for task in section.tasks.all()
            ]
        )
    return plan


@transaction.atomic
def plan_update(
    *, plan: DevelopmentPlan, start_date: datetime.date, end_date: datetime.date
) -> DevelopmentPlan:
    _check_editable(plan)
    _check_plan_period(group=plan.group, start_date=start_date, end_date=end_date)
    plan.start_date, plan.end_date = start_date, end_date
    plan.full_clean()
    plan.save(update_fields=["start_date", "end_date"])
    return plan


@transaction.atomic
def plan_section_add(*, plan: DevelopmentPlan, title: str) -> PlanSection:
    _check_editable(plan)
    if not title.strip():
        raise ValidationError({"title": "Укажите название раздела."})
    last = plan.sections.aggregate(last=Max("order"))["last"] or 0
    section = PlanSection(plan=plan, order=last + 1, title=title.strip())
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def plan_section_update(*, section: PlanSection, title: str) -> PlanSection:
    _check_editable(section.plan)
    if not title.strip():
        raise ValidationError({"title": "Укажите название раздела."})
    section.title = title.strip()
    section.save(update_fields=["title"])
    return section


@transaction.atomic
def plan_task_add(
    *,
    section: PlanSection,
    task: str,
    deadline: datetime.date | None = None,
    planned_result: str = "",
) -> PlanTask:
    plan = section.plan
    _check_editable(plan)
    if not task.strip():
        raise ValidationError({"task": "Опишите задачу (проект, задание)."})
    _check_deadline(plan=plan, deadline=deadline, task_text=task)
    last = section.tasks.aggregate(last=Max("order"))["last"] or 0
    row = PlanTask(
        section=section, order=last + 1, task=task.strip(), deadline=deadline, planned_result=planned_result
    )
    row.full_clean()
    row.save()
    return row


TASK_FIELDS = (
    "task",
    "deadline",
    "planned_result",
    "actual_result",
    "result_status",
    "exceeded_description",
    "mentor_assessment",
)


@transaction.atomic
def plan_task_update(*, plan_task: PlanTask, **fields) -> PlanTask:
    """Edit a task or record its result and the mentor's assessment."""
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise ValidationError(f"Эти поля задачи не меняются: {', '.join(sorted(unknown))}.")
    plan = plan_task.section.plan
    _check_editable(plan)
    # Checked before touching the instance: a refused change leaves the caller's task as it was.
    values = {name: fields.get(name, getattr(plan_task, name)) for name in TASK_FIELDS}
    for name, value in values.items():
        if isinstance(value, str) and name != "result_status":
            values[name] = value.strip()
    if not values["task"]:
        raise ValidationError({"task": "Опишите задачу (проект, задание)."})
    _check_deadline(plan=plan, deadline=values["deadline"], task_text=values["task"])
    if values["result_status"] and values["result_status"] not in ResultStatus.values:
        raise ValidationError(
            {
                "result_status": "Результат — один из: "
                + ", ".join(f"«{label}»" for label in ResultStatus.labels)
                + "."
            }
        )
    if values["result_status"] == ResultStatus.EXCEEDED and not values["exceeded_description"]:
        raise ValidationError(
            {"exceeded_description": "Результат «превышен»: опишите, в чём он превысил планируемый."}
        )
    for name, value in values.items():
        setattr(plan_task, name, value)
    plan_task.full_clean()
    plan_task.save()
    return plan_task


@transaction.atomic
def plan_task_delete(*, plan_task: PlanTask) -> None:
    _check_editable(plan_task.section.plan)
    plan_task.delete()


class Side:
    MENTOR = "mentor"
    MENTEE = "mentee"
    LABELS = {MENTOR: "наставник", MENTEE: "наставляемый"}


@transaction.atomic
def plan_sign(
    *, plan: DevelopmentPlan, side: str, signed_on: datetime.date, today: datetime.date | None = None
) -> DevelopmentPlan:
    """Record the date a side signed the paper plan (the signature itself is on paper)."""
    today = today or timezone.localdate()
    _check_editable(plan)
    if side not in Side.LABELS:
        raise ValidationError({"side": "Подписывает наставник или наставляемый."})
    if signed_on > today:
        raise ValidationError({"signed_on": "Дата подписи ещё не наступила."})
    if signed_on < plan.group.start_date:
        raise ValidationError(
            {
                "signed_on": "Дата подписи раньше начала работы пары / группы "
                f"({_date(plan.group.start_date)})."
            }
        )
    field = f"{side}_signed_on"
    setattr(plan, field, signed_on)
    plan.save(update_fields=[field])
    return plan


@transaction.atomic
def plan_activate(*, plan: DevelopmentPlan) -> DevelopmentPlan:
    """A signed plan with at least one task is put to work."""
    _check_editable(plan)
    if plan.status != DevelopmentPlan.Status.DRAFT:
        raise ValidationError({"status": "В работу переводится только черновик ИПР."})
    missing = [label for side, label in Side.LABELS.items() if getattr(plan, f"{side}_signed_on") is None]
    if missing:
        raise ValidationError(
            {
                "status": "ИПР вступает в работу после подписи обеих сторон; не подписал: "
                f"{', '.join(missing)}."
            }
        )
    if not PlanTask.objects.filter(section__plan=plan).exists():
        raise ValidationError({"status": "В ИПР нет ни одной задачи."})
    plan.status = DevelopmentPlan.Status.ACTIVE
    plan.save(update_fields=["status"])
    return plan


@transaction.atomic
def plan_complete(*, plan: DevelopmentPlan) -> DevelopmentPlan:
    """A running plan is closed once every task has its result recorded."""
    _check_editable(plan)
    if plan.status != DevelopmentPlan.Status.ACTIVE:
        raise ValidationError({"status": "Завершить можно только ИПР в работе."})
    open_tasks = list(
        PlanTask.objects.filter(section__plan=plan, result_status="")
        .select_related("section")
        .order_by("section__order", "order")
    )
    if open_tasks:
        numbers = ", ".join(f"{t.section.order}.{t.order}" for t in open_tasks)
        raise ValidationError({"status": f"Не отмечен результат задач: {numbers}."})
    plan.status = DevelopmentPlan.Status.COMPLETED
    plan.save(update_fields=["status"])
    return plan


# --- Templates of the school ---------------------------------------------------------------------


def _check_role_model(*, form: str, role_model: RoleModel | None) -> None:
    if role_model is not None and role_model.form != form:
        raise ValidationError(
            {"role_model": f"Ролевая модель «{role_model.name}» относится к другой форме наставничества."}
        )


@transaction.atomic
def plan_template_copy(*, template: PlanTemplate, title: str) -> PlanTemplate:
    """A school's own version of a template (the shipped one stays as it was)."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Укажите название нового шаблона."})
    if PlanTemplate.objects.filter(title=title).exists():
        raise ValidationError({"title": f"Шаблон «{title}» уже есть."})
    copy = PlanTemplate(form=template.form, role_model=template.role_model, title=title)
    copy.full_clean()
    copy.save()
    for section in template.sections.prefetch_related("tasks"):
        new_section = PlanTemplateSection.objects.create(
            template=copy, order=section.order, title=section.title, note=section.note
        )
        PlanTemplateTask.objects.bulk_create(
            [
                PlanTemplateTask(
                    section=new_section, order=t.order, task=t.task, planned_result=t.planned_result
                )
                for t in section.tasks.all()
            ]
        )
    return copy


@transaction.atomic
def plan_template_update(
    *, template: PlanTemplate, title: str, role_model: RoleModel | None, is_active: bool
) -> PlanTemplate:
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Укажите название шаблона."})
    if PlanTemplate.objects.filter(title=title).exclude(pk=template.pk).exists():
        raise ValidationError({"title": f"Шаблон «{title}» уже есть."})
    _check_role_model(form=template.form, role_model=role_model)
    template.title, template.role_model, template.is_active = title, role_model, is_active
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def plan_template_section_add(*, template: PlanTemplate, title: str, note: str = "") -> PlanTemplateSection:
    if not title.strip():
        raise ValidationError({"title": "Укажите название раздела."})
    last = template.sections.aggregate(last=Max("order"))["last"] or 0
    section = PlanTemplateSection(template=template, order=last + 1, title=title.strip(), note=note)
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def plan_template_section_update(
    *, section: PlanTemplateSection, title: str, note: str = ""
) -> PlanTemplateSection:
    if not title.strip():
        raise ValidationError({"title": "Укажите название раздела."})
    section.title, section.note = title.strip(), note
    section.save(update_fields=["title", "note"])
    return section


@transaction.atomic
def plan_template_section_delete(*, section: PlanTemplateSection) -> None:
    section.delete()


@transaction.atomic
def plan_template_task_add(
    *, section: PlanTemplateSection, task: str, planned_result: str = ""
) -> PlanTemplateTask:
    if not task.strip():
        raise ValidationError({"task": "Опишите задачу (проект, задание)."})
    last = section.tasks.aggregate(last=Max("order"))["last"] or 0
    row = PlanTemplateTask(section=section, order=last + 1, task=task.strip(), planned_result=planned_result)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def plan_template_task_update(
    *, template_task: PlanTemplateTask, task: str, planned_result: str = ""
) -> PlanTemplateTask:
    if not task.strip():
        raise ValidationError({"task": "Опишите задачу (проект, задание)."})
    template_task.task, template_task.planned_result = task.strip(), planned_result
    template_task.save(update_fields=["task", "planned_result"])
    return template_task


@transaction.atomic
def plan_template_task_delete(*, template_task: PlanTemplateTask) -> None:
    template_task.delete()
