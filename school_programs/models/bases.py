from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from ..dates import DateInRange
from .choices import Form, Priority, RequestStatus


class MenteeRequest(models.Model):
    """A line of the mentee base with its request map (карта запросов): the concrete problem to solve."""

    programme = models.ForeignKey(
        "Programme", on_delete=models.CASCADE, related_name="mentee_requests", verbose_name="программа"
    )
    participant = models.ForeignKey(
        "Participant", on_delete=models.PROTECT, related_name="mentee_requests", verbose_name="наставляемый"
    )
    form = models.CharField("форма", max_length=32, choices=Form.choices)
    role_model = models.ForeignKey(
        "RoleModel",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="желаемая ролевая модель",
    )
    topic = models.CharField("запрос", max_length=300, help_text="Например: «подтянуть алгебру к ОГЭ»")
    topics = ArrayField(
        models.CharField(max_length=100),
        default=list,
        blank=True,
        verbose_name="темы / дефицитные компетенции",
    )
    subject = models.CharField("предмет", max_length=100, blank=True)
    priority = models.CharField("приоритет", max_length=8, choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField(
        "состояние", max_length=16, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    note = models.TextField("комментарий", blank=True)
    created_at = models.DateTimeField("внесён", auto_now_add=True)

    class Meta:
        verbose_name = "запрос наставляемого"
        verbose_name_plural = "база наставляемых (карта запросов)"
        ordering = ["programme", "form", "participant__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "participant", "form"], name="mentee_request_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.topic}"


class MentorEntry(models.Model):
    """A line of the mentor base, with selection (questionnaire, interview) and training."""

    class Contour(models.TextChoices):
        INTERNAL = "internal", "внутренний контур"
        EXTERNAL = "external", "внешний контур"

    class Selection(models.TextChoices):
        CANDIDATE = "candidate", "кандидат"
        SELECTED = "selected", "отобран"
        REJECTED = "rejected", "не отобран"
        RELEASED = "released", "освобождён от наставничества"

    programme = models.ForeignKey(
        "Programme", on_delete=models.CASCADE, related_name="mentor_entries", verbose_name="программа"
    )
    participant = models.ForeignKey(
        "Participant", on_delete=models.PROTECT, related_name="mentor_entries", verbose_name="наставник"
    )
    forms = ArrayField(
        models.CharField(max_length=32, choices=Form.choices), default=list, verbose_name="формы"
    )
    contour = models.CharField("контур", max_length=16, choices=Contour.choices, default=Contour.INTERNAL)
    topics = ArrayField(
        models.CharField(max_length=100),
        default=list,
        blank=True,
        verbose_name="с чем может помочь (темы, компетенции)",
    )
    subjects = ArrayField(models.CharField(max_length=100), default=list, blank=True, verbose_name="предметы")
    capacity = models.PositiveSmallIntegerField("сколько наставляемых может вести", default=1)
    questionnaire = models.TextField("анкета кандидата (письменная, свободная форма)", blank=True)
    interview_on = models.DateField(
        "собеседование", null=True, blank=True, validators=[DateInRange("Дата собеседования")]
    )
    interview_passed = models.BooleanField("собеседование пройдено", null=True, blank=True)
    interview_note = models.TextField("итоги собеседования", blank=True)
    training_completed_on = models.DateField(
        "обучение пройдено", null=True, blank=True, validators=[DateInRange("Дата обучения")]
    )
    training_programme = models.CharField("программа обучения наставников", max_length=300, blank=True)
    selection = models.CharField(
        "отбор", max_length=16, choices=Selection.choices, default=Selection.CANDIDATE
    )
    # Teacher mentors, Labour Code art. 351.8 (from 01.03.2025): written consent, an addendum to the
    # employment contract and the payment for mentoring.
    written_consent_on = models.DateField(
        "письменное согласие педагога на наставничество",
        null=True,
        blank=True,
        validators=[DateInRange("Дата письменного согласия")],
    )
    addendum_number = models.CharField("доп. соглашение к трудовому договору, №", max_length=50, blank=True)
    addendum_date = models.DateField(
        "доп. соглашение, дата", null=True, blank=True, validators=[DateInRange("Дата доп. соглашения")]
    )
    payment_terms = models.CharField("условия оплаты (доплата)", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    created_at = models.DateTimeField("внесён", auto_now_add=True)

    class Meta:
        verbose_name = "наставник в базе"
        verbose_name_plural = "база наставников"
        ordering = ["programme", "participant__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "participant"], name="mentor_entry_unique"),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=30), name="mentor_capacity_range"
            ),
        ]

    def __str__(self) -> str:
        return str(self.participant)

    @property
    def is_trained(self) -> bool:
        return self.training_completed_on is not None

    @property
    def is_selected(self) -> bool:
        return self.selection == self.Selection.SELECTED
