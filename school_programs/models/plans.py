from django.db import models
from django.db.models import F, Q

from ..dates import DateInRange
from .choices import Form, ResultStatus


class PlanTemplate(models.Model):
    """A template of the individual development plan per form and role model (the seeds' three ship)."""

    form = models.CharField("форма", max_length=32, choices=Form.choices)
    role_model = models.ForeignKey(
        "RoleModel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_templates",
        verbose_name="ролевая модель",
    )
    title = models.CharField("название", max_length=300)
    is_active = models.BooleanField("используется", default=True)

    class Meta:
        verbose_name = "шаблон ИПР"
        verbose_name_plural = "шаблоны ИПР"
        ordering = ["form", "title"]

    def __str__(self) -> str:
        return self.title


class PlanTemplateSection(models.Model):
    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField("№")
    title = models.CharField("раздел", max_length=300)
    note = models.CharField("пояснение", max_length=300, blank=True)

    class Meta:
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "order"], name="plan_template_section_order")
        ]


class PlanTemplateTask(models.Model):
    section = models.ForeignKey(PlanTemplateSection, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField("№")
    task = models.TextField("проект, задание")
    planned_result = models.TextField("планируемый результат", blank=True)

    class Meta:
        ordering = ["section", "order"]


class DevelopmentPlan(models.Model):
    """Индивидуальный план развития (ИПР) of one mentee under the mentor of a pair or group."""

    class Status(models.TextChoices):
        DRAFT = "draft", "черновик"
        ACTIVE = "active", "выполняется"
        COMPLETED = "completed", "выполнен"

    group = models.ForeignKey(
        "MentoringGroup", on_delete=models.CASCADE, related_name="plans", verbose_name="пара / группа"
    )
    mentee = models.ForeignKey(
        "MenteeRequest", on_delete=models.PROTECT, related_name="plans", verbose_name="наставляемый"
    )
    template = models.ForeignKey(
        PlanTemplate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
        verbose_name="шаблон",
    )
    start_date = models.DateField("с", validators=[DateInRange("Дата начала")])
    end_date = models.DateField("по", validators=[DateInRange("Дата окончания")])
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.DRAFT)
    mentor_signed_on = models.DateField(
        "подпись наставника", null=True, blank=True, validators=[DateInRange("Дата подписи наставника")]
    )
    mentee_signed_on = models.DateField(
        "подпись наставляемого", null=True, blank=True, validators=[DateInRange("Дата подписи наставляемого")]
    )
    created_at = models.DateTimeField("составлен", auto_now_add=True)

    class Meta:
        verbose_name = "индивидуальный план развития"
        verbose_name_plural = "индивидуальные планы развития"
        ordering = ["group", "mentee__participant__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "mentee"], name="plan_one_per_mentee_in_group"),
            models.CheckConstraint(condition=Q(end_date__gt=F("start_date")), name="plan_period_valid"),
        ]


class PlanSection(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField("№")
    title = models.CharField("раздел", max_length=300)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="plan_section_order")]


class PlanTask(models.Model):
    section = models.ForeignKey(PlanSection, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField("№")
    task = models.TextField("проект, задание")
    deadline = models.DateField("срок", null=True, blank=True, validators=[DateInRange("Срок")])
    planned_result = models.TextField("планируемый результат", blank=True)
    actual_result = models.TextField("фактический результат", blank=True)
    result_status = models.CharField("результат", max_length=16, choices=ResultStatus.choices, blank=True)
    exceeded_description = models.TextField("в чём превышен", blank=True)
    mentor_assessment = models.TextField("оценка наставника", blank=True)

    class Meta:
        ordering = ["section", "order"]
        constraints = [
            # «Превышен» must say how (seed 001, footnote to the plan templates).
            models.CheckConstraint(
                condition=~Q(result_status="exceeded") | ~Q(exceeded_description=""),
                name="plan_task_exceeded_is_described",
            ),
        ]
