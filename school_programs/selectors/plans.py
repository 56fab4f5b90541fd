"""Reads of individual development plans and templates. Schema: TENANT."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import Count, Prefetch, QuerySet

from ..models import DevelopmentPlan, PlanSection, PlanTask, PlanTemplate, PlanTemplateSection, ResultStatus


def plan_rows(plan: DevelopmentPlan) -> list[PlanSection]:
    """The plan's sections with their tasks, in the order of the document."""
    return list(
        plan.sections.prefetch_related(Prefetch("tasks", queryset=PlanTask.objects.order_by("order")))
    )


def plan_progress(plan: DevelopmentPlan, today: datetime.date) -> dict:
    """How far the plan has got: tasks per result status and overdue ones."""
    tasks = list(PlanTask.objects.filter(section__plan=plan).only("result_status", "deadline"))
    statuses = Counter(task.result_status for task in tasks)
    return {
        "total": len(tasks),
        "open": statuses.get("", 0),
        "by_status": [(label, statuses.get(code, 0)) for code, label in ResultStatus.choices],
        "overdue": sum(1 for t in tasks if not t.result_status and t.deadline and t.deadline < today),
    }


def plan_task_of(plan: DevelopmentPlan, task_id: int) -> PlanTask | None:
    return (
        PlanTask.objects.select_related("section__plan__group__programme")
        .filter(section__plan=plan, pk=task_id)
        .first()
    )


def plan_section_of(plan: DevelopmentPlan, section_id: int) -> PlanSection | None:
    return (
        PlanSection.objects.select_related("plan__group__programme").filter(plan=plan, pk=section_id).first()
    )


def templates_for_form(form: str) -> QuerySet[PlanTemplate]:
    return PlanTemplate.objects.filter(form=form, is_active=True).select_related("role_model")


def template_list() -> QuerySet[PlanTemplate]:
    return PlanTemplate.objects.select_related("role_model").annotate(
        section_count=Count("sections", distinct=True),
        task_count=Count("sections__tasks", distinct=True),
        plan_count=Count("plans", distinct=True),
    )


def template_rows(template: PlanTemplate) -> list[PlanTemplateSection]:
    return list(template.sections.prefetch_related("tasks"))
