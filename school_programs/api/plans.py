"""API: individual development plans (ИПР) and plan templates.

Mounted under /api/v1/schools/<school>/ by school_programs/api/urls.py. A plan is read by whoever
sees its group and changed by the group's mentor and staff; templates are changed by staff.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from .. import access
from ..dates import DateInRange
from ..models import (
    DevelopmentPlan,
    PlanTemplate,
    ResultStatus,
)
from ..selectors.plans import (
    plan_progress,
    plan_rows,
    template_list,
    template_rows,
)
from ..services import plans as services
from .base import AccessibleField, SchoolApiView


class TaskOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    task = serializers.CharField()
    deadline = serializers.DateField(allow_null=True)
    planned_result = serializers.CharField()
    actual_result = serializers.CharField()
    result_status = serializers.CharField()
    result_status_display = serializers.CharField(source="get_result_status_display")
    exceeded_description = serializers.CharField()
    mentor_assessment = serializers.CharField()


class SectionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    title = serializers.CharField()
    tasks = TaskOutputSerializer(many=True, source="tasks.all")


class ProgressSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()


class PlanOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    group_id = serializers.IntegerField()
    mentee_request_id = serializers.IntegerField(source="mentee_id")
    mentee = serializers.CharField(source="mentee.participant.full_name")
    mentor = serializers.CharField(source="group.mentor.participant.full_name")
    form = serializers.CharField(source="group.form")
    template_id = serializers.IntegerField(allow_null=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    mentor_signed_on = serializers.DateField(allow_null=True)
    mentee_signed_on = serializers.DateField(allow_null=True)
    sections = SectionOutputSerializer(many=True, source="rows")
    progress = ProgressSerializer()


def _plan_body(plan: DevelopmentPlan) -> dict:
    """The plan as the API shows it, re-read after a write with everything the output needs."""
    plan = DevelopmentPlan.objects.select_related(
        "group__mentor__participant", "group__programme", "mentee__participant"
    ).get(pk=plan.pk)
    plan.rows = plan_rows(plan)
    plan.progress = plan_progress(plan, timezone.localdate())
    return PlanOutputSerializer(plan).data


def _managed_plan(request, plan_id: int) -> DevelopmentPlan:
    return access.access_managed_plan(request.user, plan_id)


class PlanCreateApi(SchoolApiView):
    """Draw up a mentee's plan from a template of the group's form (sections and tasks are copied)."""

    rule = "plans"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PlanCreateInput"

        mentee = AccessibleField(access.access_mentee_request, label="Запрос наставляемого (id)")
        template = AccessibleField(
            access.access_plan_template, label="Шаблон ИПР (id)", allow_null=True, required=False
        )
        start_date = serializers.DateField(label="С", validators=[DateInRange("Дата начала")])
        end_date = serializers.DateField(label="По", validators=[DateInRange("Дата окончания")])

    @extend_schema(request=InputSerializer, responses={201: PlanOutputSerializer})
    def post(self, request, group_id: int):
        group = access.access_managed_group(request.user, group_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        plan = services.plan_create_from_template(
            group=group,
            mentee=values["mentee"],
            template=values.get("template"),
            start_date=values["start_date"],
            end_date=values["end_date"],
        )
        return Response(_plan_body(plan), status=status.HTTP_201_CREATED)


class PlanDetailApi(SchoolApiView):
    """The plan with its sections and tasks; PATCH changes its period."""

    rule = "plans"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PlanDetailInput"

        start_date = serializers.DateField(label="С", validators=[DateInRange("Дата начала")])
        end_date = serializers.DateField(label="По", validators=[DateInRange("Дата окончания")])

    @extend_schema(responses=PlanOutputSerializer)
    def get(self, request, plan_id: int):
        return Response(_plan_body(access.access_plan(request.user, plan_id)))

    @extend_schema(request=InputSerializer, responses=PlanOutputSerializer)
    def patch(self, request, plan_id: int):
        plan = _managed_plan(request, plan_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        services.plan_update(plan=plan, **data.validated_data)
        return Response(_plan_body(plan))


class PlanSectionCreateApi(SchoolApiView):
    rule = "plans"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PlanSectionCreateInput"

        title = serializers.CharField(max_length=300, label="Раздел")

    @extend_schema(request=InputSerializer, responses={201: SectionOutputSerializer})
    def post(self, request, plan_id: int):
        plan = _managed_plan(request, plan_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        section = services.plan_section_add(plan=plan, **data.validated_data)
        return Response(SectionOutputSerializer(section).data, status=status.HTTP_201_CREATED)


class PlanSectionApi(SchoolApiView):
    rule = "plans"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PlanSectionInput"

        title = serializers.CharField(max_length=300, label="Раздел")

    @extend_schema(request=InputSerializer, responses=SectionOutputSerializer)
    def patch(self, request, plan_id: int, section_id: int):
        plan = _managed_plan(request, plan_id)
        section = access.access_plan_section(request.user, plan, section_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        section = services.plan_section_update(section=section, **data.validated_data)
        return Response(SectionOutputSerializer(section).data)


class PlanTaskCreateApi(SchoolApiView):
    rule = "plans"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PlanTaskCreateInput"

        section = serializers.IntegerField(label="Раздел (id)")
        task = serializers.CharField(label="Проект, задание")
        deadline = serializers.DateField(
            label="Срок", required=False, allow_null=True, validators=[DateInRange("Срок")]
        )
        planned_result = serializers.CharField(
            label="Планируемый результат", required=False, allow_blank=True
        )

    @extend_schema(request=InputSerializer, responses={201: TaskOutputSerializer})
    def post(self, request, plan_id: int):
        plan = _managed_plan(request, plan_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        try:
            section = access.access_plan_section(request.user, plan, values.pop("section"))
        except Http404:
            raise ValidationError({"section": "В этом ИПР нет такого раздела."}) from None
        task = services.plan_task_add(section=section, **values)
        return Response(TaskOutputSerializer(task).data, status=status.HTTP_201_CREATED)


class PlanTaskApi(SchoolApiView):
    """Change a task or record its result (PATCH: only the fields sent); DELETE removes it."""

    rule = "plans"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PlanTaskInput"

        task = serializers.CharField(label="Проект, задание", required=False)
        deadline = serializers.DateField(
            label="Срок", required=False, allow_null=True, validators=[DateInRange("Срок")]
        )
        planned_result = serializers.CharField(
            label="Планируемый результат", required=False, allow_blank=True
        )
        actual_result = serializers.CharField(label="Фактический результат", required=False, allow_blank=True)
        result_status = serializers.ChoiceField(
            label="Результат",
            choices=[("", "не отмечен"), *ResultStatus.choices],
            required=False,
            allow_blank=True,
            error_messages={"invalid_choice": "Результат — один из: " + ", ".join(ResultStatus.labels) + "."},
        )
        exceeded_description = serializers.CharField(label="В чём превышен", required=False, allow_blank=True)
        mentor_assessment = serializers.CharField(label="Оценка наставника", required=False, allow_blank=True)

    def _task(self, request, plan_id: int, task_id: int):
        plan = _managed_plan(request, plan_id)
        return access.access_plan_task(request.user, plan, task_id)

    @extend_schema(request=InputSerializer, responses=TaskOutputSerializer)
    def patch(self, request, plan_id: int, task_id: int):
        task = self._task(request, plan_id, task_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        task = services.plan_task_update(plan_task=task, **data.validated_data)
        return Response(TaskOutputSerializer(task).data)

    @extend_schema(responses={204: None})
    def delete(self, request, plan_id: int, task_id: int):
        services.plan_task_delete(plan_task=self._task(request, plan_id, task_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PlanSignApi(SchoolApiView):
    """Record the date the mentor or the mentee signed the plan."""

    rule = "plans"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "PlanSignInput"

        side = serializers.ChoiceField(choices=list(services.Side.LABELS.items()), label="Кто подписал")
        signed_on = serializers.DateField(label="Дата подписи", validators=[DateInRange("Дата подписи")])

    @extend_schema(request=InputSerializer, responses=PlanOutputSerializer)
    def post(self, request, plan_id: int):
        plan = _managed_plan(request, plan_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        services.plan_sign(plan=plan, **data.validated_data)
        return Response(_plan_body(plan))


class PlanActivateApi(SchoolApiView):
    """Put a signed draft plan to work."""

    rule = "plans"

    @extend_schema(request=None, responses=PlanOutputSerializer)
    def post(self, request, plan_id: int):
        plan = services.plan_activate(plan=_managed_plan(request, plan_id))
        return Response(_plan_body(plan))


class PlanCompleteApi(SchoolApiView):
    """Close a running plan once every task has its result."""

    rule = "plans"

    @extend_schema(request=None, responses=PlanOutputSerializer)
    def post(self, request, plan_id: int):
        plan = services.plan_complete(plan=_managed_plan(request, plan_id))
        return Response(_plan_body(plan))


# --- Templates -----------------------------------------------------------------------------------


class TemplateTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    task = serializers.CharField()
    planned_result = serializers.CharField()


class TemplateSectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    title = serializers.CharField()
    note = serializers.CharField()
    tasks = TemplateTaskSerializer(many=True, source="tasks.all")


class TemplateOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    form = serializers.CharField()
    form_display = serializers.CharField(source="get_form_display")
    role_model_id = serializers.IntegerField(allow_null=True)
    role_model = serializers.CharField(source="role_model.name", allow_null=True, default=None)
    is_active = serializers.BooleanField()


class TemplateDetailSerializer(TemplateOutputSerializer):
    sections = TemplateSectionSerializer(many=True, source="rows")


def _template_body(template: PlanTemplate) -> dict:
    template = PlanTemplate.objects.select_related("role_model").get(pk=template.pk)
    template.rows = template_rows(template)
    return TemplateDetailSerializer(template).data


class TemplateListApi(SchoolApiView):
    rule = "plan_templates"

    @extend_schema(responses=TemplateOutputSerializer(many=True))
    def get(self, request):
        return Response(TemplateOutputSerializer(template_list(), many=True).data)


class TemplateDetailApi(SchoolApiView):
    rule = "plan_templates"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "TemplateDetailInput"

        title = serializers.CharField(max_length=300, label="Название")
        role_model = AccessibleField(
            access.access_role_model, label="Ролевая модель (id)", allow_null=True, required=False
        )
        is_active = serializers.BooleanField(label="Используется", default=True)

    @extend_schema(responses=TemplateDetailSerializer)
    def get(self, request, template_id: int):
        return Response(_template_body(access.access_plan_template(request.user, template_id)))

    @extend_schema(request=InputSerializer, responses=TemplateDetailSerializer)
    def patch(self, request, template_id: int):
        template = access.access_plan_template(request.user, template_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["role_model"] = values.get("role_model")
        services.plan_template_update(template=template, **values)
        return Response(_template_body(template))


class TemplateCopyApi(SchoolApiView):
    rule = "plan_templates"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "TemplateCopyInput"

        title = serializers.CharField(max_length=300, label="Название копии")

    @extend_schema(request=InputSerializer, responses={201: TemplateDetailSerializer})
    def post(self, request, template_id: int):
        template = access.access_plan_template(request.user, template_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        copy = services.plan_template_copy(template=template, **data.validated_data)
        return Response(_template_body(copy), status=status.HTTP_201_CREATED)


class TemplateSectionCreateApi(SchoolApiView):
    rule = "plan_templates"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "TemplateSectionCreateInput"

        title = serializers.CharField(max_length=300, label="Раздел")
        note = serializers.CharField(max_length=300, label="Пояснение", required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={201: TemplateSectionSerializer})
    def post(self, request, template_id: int):
        template = access.access_plan_template(request.user, template_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        section = services.plan_template_section_add(template=template, **data.validated_data)
        return Response(TemplateSectionSerializer(section).data, status=status.HTTP_201_CREATED)


class TemplateSectionApi(SchoolApiView):
    rule = "plan_templates"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "TemplateSectionInput"

        title = serializers.CharField(max_length=300, label="Раздел")
        note = serializers.CharField(max_length=300, label="Пояснение", required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses=TemplateSectionSerializer)
    def patch(self, request, section_id: int):
        section = access.access_plan_template_section(request.user, section_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        section = services.plan_template_section_update(section=section, **data.validated_data)
        return Response(TemplateSectionSerializer(section).data)

    @extend_schema(responses={204: None})
    def delete(self, request, section_id: int):
        services.plan_template_section_delete(
            section=access.access_plan_template_section(request.user, section_id)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class TemplateTaskCreateApi(SchoolApiView):
    rule = "plan_templates"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "TemplateTaskCreateInput"

        task = serializers.CharField(label="Проект, задание")
        planned_result = serializers.CharField(
            label="Планируемый результат", required=False, allow_blank=True
        )

    @extend_schema(request=InputSerializer, responses={201: TemplateTaskSerializer})
    def post(self, request, section_id: int):
        section = access.access_plan_template_section(request.user, section_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        task = services.plan_template_task_add(section=section, **data.validated_data)
        return Response(TemplateTaskSerializer(task).data, status=status.HTTP_201_CREATED)


class TemplateTaskApi(SchoolApiView):
    rule = "plan_templates"

    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "TemplateTaskInput"

        task = serializers.CharField(label="Проект, задание")
        planned_result = serializers.CharField(
            label="Планируемый результат", required=False, allow_blank=True
        )

    @extend_schema(request=InputSerializer, responses=TemplateTaskSerializer)
    def patch(self, request, task_id: int):
        task = access.access_plan_template_task(request.user, task_id)
        data = self.InputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        task = services.plan_template_task_update(template_task=task, **data.validated_data)
        return Response(TemplateTaskSerializer(task).data)

    @extend_schema(responses={204: None})
    def delete(self, request, task_id: int):
        services.plan_template_task_delete(
            template_task=access.access_plan_template_task(request.user, task_id)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("groups/<int:group_id>/plans/", PlanCreateApi.as_view(), name="plan-create"),
    path("plans/<int:plan_id>/", PlanDetailApi.as_view(), name="plan-detail"),
    path("plans/<int:plan_id>/sections/", PlanSectionCreateApi.as_view(), name="plan-section-create"),
    path("plans/<int:plan_id>/sections/<int:section_id>/", PlanSectionApi.as_view(), name="plan-section"),
    path("plans/<int:plan_id>/tasks/", PlanTaskCreateApi.as_view(), name="plan-task-create"),
    path("plans/<int:plan_id>/tasks/<int:task_id>/", PlanTaskApi.as_view(), name="plan-task"),
    path("plans/<int:plan_id>/sign/", PlanSignApi.as_view(), name="plan-sign"),
    path("plans/<int:plan_id>/activate/", PlanActivateApi.as_view(), name="plan-activate"),
    path("plans/<int:plan_id>/complete/", PlanCompleteApi.as_view(), name="plan-complete"),
    path("plan-templates/", TemplateListApi.as_view(), name="plan-template-list"),
    path("plan-templates/<int:template_id>/", TemplateDetailApi.as_view(), name="plan-template-detail"),
    path("plan-templates/<int:template_id>/copy/", TemplateCopyApi.as_view(), name="plan-template-copy"),
    path(
        "plan-templates/<int:template_id>/sections/",
        TemplateSectionCreateApi.as_view(),
        name="plan-template-section-create",
    ),
    path(
        "plan-template-sections/<int:section_id>/", TemplateSectionApi.as_view(), name="plan-template-section"
    ),
    path(
        "plan-template-sections/<int:section_id>/tasks/",
        TemplateTaskCreateApi.as_view(),
        name="plan-template-task-create",
    ),
    path("plan-template-tasks/<int:task_id>/", TemplateTaskApi.as_view(), name="plan-template-task"),
]
