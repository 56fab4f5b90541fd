from django.db import models
from django.db.models import F, Q

from ..dates import RANGE_MESSAGE, DateInRange, range_q
from .choices import Form, GroupStatus


class MentoringGroup(models.Model):
    """A mentoring pair (one mentee) or group (several mentees) with one mentor."""

    class Presence(models.TextChoices):
        DIRECT = "direct", "прямое"
        MEDIATED = "mediated", "опосредованное"

    class Openness(models.TextChoices):
        OPEN = "open", "открытое"
        HIDDEN = "hidden", "скрытое"

    programme = models.ForeignKey(
        "Programme", on_delete=models.CASCADE, related_name="groups", verbose_name="программа"
    )
    form = models.CharField("форма", max_length=32, choices=Form.choices)
    role_model = models.ForeignKey(
        "RoleModel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="groups",
        verbose_name="ролевая модель",
    )
    mentor = models.ForeignKey(
        "MentorEntry", on_delete=models.PROTECT, related_name="groups", verbose_name="наставник"
    )
    presence = models.CharField(
        "взаимодействие", max_length=16, choices=Presence.choices, default=Presence.DIRECT
    )
    openness = models.CharField("открытость", max_length=16, choices=Openness.choices, default=Openness.OPEN)
    start_date = models.DateField("начало работы", validators=[DateInRange("Начало работы")])
    end_date = models.DateField("плановое окончание", validators=[DateInRange("Плановое окончание")])
    status = models.CharField(
        "состояние", max_length=16, choices=GroupStatus.choices, default=GroupStatus.ACTIVE
    )
    fixing_order = models.ForeignKey(
        "Order",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fixed_groups",
        verbose_name="приказ о закреплении",
    )
    result_summary = models.TextField("итоги работы пары / группы", blank=True)
    completed_on = models.DateField(
        "завершена", null=True, blank=True, validators=[DateInRange("Дата завершения")]
    )
    created_at = models.DateTimeField("сформирована", auto_now_add=True)

    class Meta:
        verbose_name = "наставническая пара / группа"
        verbose_name_plural = "наставнические пары и группы"
        ordering = ["programme", "mentor__participant__last_name"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gt=F("start_date")), name="group_period_valid"),
            models.CheckConstraint(
                condition=range_q("start_date", "end_date"),
                name="group_dates_in_range",
                violation_error_message=RANGE_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} — {self.get_form_display()}"


class GroupMentee(models.Model):
    """A mentee in a pair or group; leaving ends the row (left_on), it is not deleted."""

    group = models.ForeignKey(MentoringGroup, on_delete=models.CASCADE, related_name="mentees")
    request = models.ForeignKey(
        "MenteeRequest",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name="запрос наставляемого",
    )
    joined_on = models.DateField("с", validators=[DateInRange("Дата включения")])
    left_on = models.DateField("по", null=True, blank=True, validators=[DateInRange("Дата выхода")])

    class Meta:
        verbose_name = "наставляемый в паре / группе"
        verbose_name_plural = "наставляемые в парах и группах"
        constraints = [
            # A mentee's request is served by one pair or group at a time.
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(left_on__isnull=True),
                name="group_mentee_one_active_placement",
            ),
        ]


class MentorRelease(models.Model):
    """Early release of a mentor (seed 001 §2), always by the director's order."""

    class Reason(models.TextChoices):
        # The seed's words (001 §2): the grounds of an early release as the order states them.
        APPLICATION = "application", "по письменному заявлению наставника"
        NON_PERFORMANCE = (
            "non_performance",
            "в связи с невыполнением или ненадлежащим выполнением наставником "
            "возложенных на него обязанностей",
        )
        PETITION = "petition", "по письменному мотивированному ходатайству обучающихся"

    group = models.ForeignKey(MentoringGroup, on_delete=models.CASCADE, related_name="releases")
    reason = models.CharField("основание", max_length=24, choices=Reason.choices)
    released_on = models.DateField("дата", validators=[DateInRange("Дата освобождения")])
    note = models.TextField("обстоятельства", blank=True)
    order = models.ForeignKey(
        "Order",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="releases",
        verbose_name="приказ",
    )

    class Meta:
        verbose_name = "досрочное освобождение наставника"
        verbose_name_plural = "досрочные освобождения наставников"
