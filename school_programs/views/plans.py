"""Pages: individual development plans (ИПР) and the school's plan templates.

Mounted under /s/<school>/ by school_programs/urls.py. A plan is read by whoever sees its group and
edited by the group's mentor and by staff; templates are the staff's.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from nastavnik.params import int_param

from .. import access
from ..forms_groups import add_service_errors
from ..forms_plans import (
    PlanCreateForm,
    PlanPeriodForm,
    SectionForm,
    SignForm,
    TaskAddForm,
    TaskForm,
    TemplateCopyForm,
    TemplateForm,
    TemplateSectionForm,
    TemplateTaskForm,
)
from ..models import DevelopmentPlan, GroupStatus, PlanTemplate
from ..selectors.groups import active_mentee_requests
from ..selectors.plans import (
    plan_progress,
    plan_rows,
    template_list,
    template_rows,
    templates_for_form,
)
from ..services import plans as services
from .groups import optional_url


def _editable(request, plan: DevelopmentPlan) -> bool:
    return (
        access.can_manage_group(request.user, plan.group)
        and plan.status != DevelopmentPlan.Status.COMPLETED
        and plan.group.status == GroupStatus.ACTIVE
    )


def _managed_plan(request, plan_id: int) -> DevelopmentPlan:
    """A plan the user may change: visible to them (else 404) and theirs to manage (else 403)."""
    return access.access_managed_plan(request.user, plan_id)


def _plan_url(plan: DevelopmentPlan) -> str:
    return reverse("school:plan", args=[plan.pk])


def _render_plan(request, plan: DevelopmentPlan, status: int = 200, **forms):
    sections = plan_rows(plan)
    editable = _editable(request, plan)
    context = {
        "plan": plan,
        "group": plan.group,
        "sections": sections,
        "progress": plan_progress(plan, timezone.localdate()),
        "today": timezone.localdate(),
        "editable": editable,
        "can_manage": access.can_manage_group(request.user, plan.group),
        "docx_url": optional_url("school:plan-docx", plan.pk),
    }
    if editable:
        context.update(
            period_form=forms.get("period_form")
            or PlanPeriodForm(initial={"start_date": plan.start_date, "end_date": plan.end_date}),
            section_form=forms.get("section_form") or SectionForm(),
            task_form=forms.get("task_form") or TaskAddForm(sections=sections),
            sign_form=forms.get("sign_form") or SignForm(initial={"signed_on": timezone.localdate()}),
        )
    return render(request, "school_programs/plans/detail.html", context, status=status)


@access.rule_required("plans.read")
def plan_view(request, plan_id: int):
    return _render_plan(request, access.access_plan(request.user, plan_id))


@access.rule_required("plans.write")
def plan_new(request, group_id: int):
    group = access.access_managed_group(request.user, group_id)
    with_plan = set(group.plans.values_list("mentee_id", flat=True))
    mentees = [r for r in active_mentee_requests(group) if r.pk not in with_plan]
    templates = templates_for_form(group.form)
    default_template = templates.filter(role_model=group.role_model).first() or templates.first()
    programme = group.programme
    initial = {
        "mentee": int_param(request.GET.get("mentee")),
        "template": default_template,
        "start_date": max(group.start_date, programme.start_date),
        "end_date": min(group.end_date, programme.end_date),
    }
    form = PlanCreateForm(request.POST or None, initial=initial, mentees=mentees, templates=templates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        mentee = next(r for r in mentees if r.pk == data["mentee"])
        try:
            plan = services.plan_create_from_template(
                group=group,
                mentee=mentee,
                template=data["template"],
                start_date=data["start_date"],
                end_date=data["end_date"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"ИПР для {mentee.participant.short_name} составлен.")
            return redirect(_plan_url(plan))
    return render(
        request, "school_programs/plans/new.html", {"group": group, "form": form, "mentees": mentees}
    )


@require_POST
@access.rule_required("plans.write")
def plan_period(request, plan_id: int):
    plan = _managed_plan(request, plan_id)
    form = PlanPeriodForm(request.POST)
    if form.is_valid():
        try:
            services.plan_update(plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Период ИПР сохранён.")
            return redirect(_plan_url(plan))
    return _render_plan(request, plan, status=400, period_form=form)


@require_POST
@access.rule_required("plans.write")
def plan_section_new(request, plan_id: int):
    plan = _managed_plan(request, plan_id)
    form = SectionForm(request.POST)
    if form.is_valid():
        try:
            services.plan_section_add(plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(_plan_url(plan))
    return _render_plan(request, plan, status=400, section_form=form)


@require_POST
@access.rule_required("plans.write")
def plan_task_new(request, plan_id: int):
    plan = _managed_plan(request, plan_id)
    form = TaskAddForm(request.POST, sections=plan_rows(plan))
    if form.is_valid():
        data = form.cleaned_data
        section = access.access_plan_section(request.user, plan, data.pop("section"))
        try:
            services.plan_task_add(section=section, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(_plan_url(plan))
    return _render_plan(request, plan, status=400, task_form=form)


def _task_or_404(request, plan: DevelopmentPlan, task_id: int):
    return access.access_plan_task(request.user, plan, task_id)


@access.rule_required("plans.read")
def plan_task_row(request, plan_id: int, task_id: int):
    """One task row (htmx: «Отмена» of the inline editor puts the row back)."""
    plan = access.access_plan(request.user, plan_id)
    task = _task_or_404(request, plan, task_id)
    context = {"task": task, "section": task.section, "plan": plan, "editable": _editable(request, plan)}
    context["today"] = timezone.localdate()
    return render(request, "school_programs/plans/_task_row.html", context)


@access.rule_required("plans.write")
def plan_task_edit(request, plan_id: int, task_id: int):
    """Edit a task or record its result: inline in the table with htmx, as a page without it."""
    plan = _managed_plan(request, plan_id)
    task = _task_or_404(request, plan, task_id)
    fields = TaskForm.base_fields
    form = TaskForm(request.POST or None, initial={name: getattr(task, name) for name in fields})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                task = services.plan_task_update(plan_task=task, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if request.htmx:
                    context = {"task": task, "section": task.section, "plan": plan, "editable": True}
                    context["today"] = timezone.localdate()
                    return render(request, "school_programs/plans/_task_row.html", context)
                messages.success(request, "Задача сохранена.")
                return redirect(_plan_url(plan))
        status = 200 if request.htmx else 400  # htmx swaps only 2xx answers: the row shows the errors
    template = (
        "school_programs/plans/_task_form_row.html" if request.htmx else "school_programs/plans/task.html"
    )
    return render(request, template, {"form": form, "task": task, "plan": plan}, status=status)


@require_POST
@access.rule_required("plans.write")
def plan_task_delete(request, plan_id: int, task_id: int):
    plan = _managed_plan(request, plan_id)
    task = _task_or_404(request, plan, task_id)
    try:
        services.plan_task_delete(plan_task=task)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_plan_url(plan))


@require_POST
@access.rule_required("plans.write")
def plan_sign(request, plan_id: int):
    plan = _managed_plan(request, plan_id)
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            services.plan_sign(plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Подпись отмечена.")
            return redirect(_plan_url(plan))
    return _render_plan(request, plan, status=400, sign_form=form)


@require_POST
@access.rule_required("plans.write")
def plan_status(request, plan_id: int):
    """«Перевести в работу» (both sides signed) or «Завершить» (every task has a result)."""
    plan = _managed_plan(request, plan_id)
    action = {"activate": services.plan_activate, "complete": services.plan_complete}.get(
        request.POST.get("action")
    )
    if action is None:
        raise Http404
    try:
        action(plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"ИПР: {plan.get_status_display()}.")
    return redirect(_plan_url(plan))


# --- Templates -----------------------------------------------------------------------------------


@access.rule_required("plan_templates.read")
def plan_templates(request):
    return render(
        request,
        "school_programs/plans/templates.html",
        {"templates": template_list(), "staff": access.has_role(request.user, access.STAFF)},
    )


def _template_url(template: PlanTemplate) -> str:
    return reverse("school:plan-template", args=[template.pk])


def _render_template(request, template: PlanTemplate, status: int = 200, **forms):
    staff = access.has_role(request.user, access.STAFF)
    context = {"template": template, "sections": template_rows(template), "staff": staff}
    if staff:
        context.update(
            header_form=forms.get("header_form")
            or TemplateForm(
                initial={
                    "title": template.title,
                    "role_model": template.role_model,
                    "is_active": template.is_active,
                },
                form_code=template.form,
            ),
            copy_form=forms.get("copy_form")
            or TemplateCopyForm(initial={"title": f"{template.title} (копия)"}),
            section_form=forms.get("section_form") or TemplateSectionForm(),
            task_form=TemplateTaskForm(),
            failed_section=forms.get("failed_section"),
            failed_task_form=forms.get("failed_task_form"),
        )
    return render(request, "school_programs/plans/template.html", context, status=status)


@access.rule_required("plan_templates.read", write="plan_templates.write")
def plan_template(request, template_id: int):
    template = access.access_plan_template(request.user, template_id)
    if request.method == "POST":
        form = TemplateForm(request.POST, form_code=template.form)
        if form.is_valid():
            try:
                services.plan_template_update(template=template, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Шаблон сохранён.")
                return redirect(_template_url(template))
        return _render_template(request, template, status=400, header_form=form)
    return _render_template(request, template)


@require_POST
@access.rule_required("plan_templates.write")
def plan_template_copy(request, template_id: int):
    template = access.access_plan_template(request.user, template_id)
    form = TemplateCopyForm(request.POST)
    if form.is_valid():
        try:
            copy = services.plan_template_copy(template=template, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Создан шаблон «{copy.title}».")
            return redirect(_template_url(copy))
    return _render_template(request, template, status=400, copy_form=form)


@require_POST
@access.rule_required("plan_templates.write")
def plan_template_section_new(request, template_id: int):
    template = access.access_plan_template(request.user, template_id)
    form = TemplateSectionForm(request.POST)
    if form.is_valid():
        try:
            services.plan_template_section_add(template=template, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(_template_url(template))
    return _render_template(request, template, status=400, section_form=form)


@require_POST
@access.rule_required("plan_templates.write")
def plan_template_section(request, section_id: int):
    """Rename a section (action=save) or delete it with its tasks (action=delete)."""
    section = access.access_plan_template_section(request.user, section_id)
    if request.POST.get("action") == "delete":
        services.plan_template_section_delete(section=section)
        return redirect(_template_url(section.template))
    form = TemplateSectionForm(request.POST)
    if form.is_valid():
        try:
            services.plan_template_section_update(section=section, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(_template_url(section.template))
    return _render_template(request, section.template, status=400, section_form=form)


@require_POST
@access.rule_required("plan_templates.write")
def plan_template_task_new(request, section_id: int):
    section = access.access_plan_template_section(request.user, section_id)
    form = TemplateTaskForm(request.POST)
    if form.is_valid():
        try:
            services.plan_template_task_add(section=section, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(_template_url(section.template))
    return _render_template(
        request, section.template, status=400, failed_section=section.pk, failed_task_form=form
    )


@access.rule_required("plan_templates.write")
def plan_template_task(request, task_id: int):
    """Edit (page) or delete (action=delete) a task of a template."""
    task = access.access_plan_template_task(request.user, task_id)
    template = task.section.template
    if request.method == "POST" and request.POST.get("action") == "delete":
        services.plan_template_task_delete(template_task=task)
        return redirect(_template_url(template))
    form = TemplateTaskForm(
        request.POST or None, initial={"task": task.task, "planned_result": task.planned_result}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_template_task_update(template_task=task, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(_template_url(template))
    return render(
        request,
        "school_programs/plans/template_task.html",
        {"form": form, "task": task, "template": template},
        status=400 if request.method == "POST" else 200,
    )


urlpatterns = [
    path("groups/<int:group_id>/plans/new/", plan_new, name="plan-new"),
    path("plans/<int:plan_id>/", plan_view, name="plan"),
    path("plans/<int:plan_id>/period/", plan_period, name="plan-period"),
    path("plans/<int:plan_id>/sections/new/", plan_section_new, name="plan-section-new"),
    path("plans/<int:plan_id>/tasks/new/", plan_task_new, name="plan-task-new"),
    path("plans/<int:plan_id>/tasks/<int:task_id>/", plan_task_edit, name="plan-task"),
    path("plans/<int:plan_id>/tasks/<int:task_id>/row/", plan_task_row, name="plan-task-row"),
    path("plans/<int:plan_id>/tasks/<int:task_id>/delete/", plan_task_delete, name="plan-task-delete"),
    path("plans/<int:plan_id>/sign/", plan_sign, name="plan-sign"),
    path("plans/<int:plan_id>/status/", plan_status, name="plan-status"),
    path("plan-templates/", plan_templates, name="plan-templates"),
    path("plan-templates/<int:template_id>/", plan_template, name="plan-template"),
    path("plan-templates/<int:template_id>/copy/", plan_template_copy, name="plan-template-copy"),
    path(
        "plan-templates/<int:template_id>/sections/new/",
        plan_template_section_new,
        name="plan-template-section-new",
    ),
    path("plan-templates/sections/<int:section_id>/", plan_template_section, name="plan-template-section"),
    path(
        "plan-templates/sections/<int:section_id>/tasks/new/",
        plan_template_task_new,
        name="plan-template-task-new",
    ),
    path("plan-templates/tasks/<int:task_id>/", plan_template_task, name="plan-template-task"),
]
