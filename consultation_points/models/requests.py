"""Requests for methodological help, their history and the consultations held for them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .choices import DeficitArea, Format, Subject, SupportKind, TeacherCategory


class RequestStatus(models.TextChoices):
    NEW = "new", "новый"
    ASSIGNED = "assigned", "назначен консультант"
    IN_PROGRESS = "in_progress", "в работе"
    DONE = "done", "выполнен"
    DECLINED = "declined", "отклонён"
    CANCELLED = "cancelled", "отменён"


OPEN_STATUSES = (RequestStatus.NEW, RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS)
WITH_CONSULTANT = (RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS, RequestStatus.DONE)


class Urgency(models.TextChoices):
    NORMAL = "normal", "в обычном порядке"
    HIGH = "high", "срочно"


class ConsultationRequest(models.Model):
    """A school's or a teacher's request for methodological help (запрос на методическую помощь).

    The teacher's name and contact are the only personal data here (architecture.md: the consultant
    needs them); they are shown only to those who work on the request (consultation_points.access).
    """

    point = models.ForeignKey(
        "consultation_points.ConsultationPoint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name="консультационный пункт",
        help_text="Пункт муниципалитета школы; пусто — в муниципалитете нет работающего пункта.",
    )
    school = models.ForeignKey(
        "tenants.School", on_delete=models.PROTECT, related_name="consultation_requests", verbose_name="школа"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consultation_requests",
        verbose_name="кто подал",
    )
    contact_name = models.CharField("педагог (ФИО)", max_length=300)
    contact_email = models.EmailField("e-mail педагога", blank=True)
    contact_phone = models.CharField("телефон педагога", max_length=40, blank=True)
    teacher_category = models.CharField("категория педагога", max_length=32, choices=TeacherCategory.choices)
    topic = models.CharField("тема", max_length=300)
    description = models.TextField("что нужно", blank=True)
    subject = models.CharField("предмет", max_length=32, choices=Subject.choices)
    deficit_area = models.CharField("область дефицита", max_length=32, choices=DeficitArea.choices)
    support_kind = models.CharField("вид сопровождения", max_length=32, choices=SupportKind.choices)
    urgency = models.CharField("срочность", max_length=16, choices=Urgency.choices, default=Urgency.NORMAL)
    preferred_format = models.CharField(
        "удобный формат", max_length=16, choices=Format.choices, blank=True, help_text="Пусто — любой."
    )
    preferred_from = models.DateField("удобно с", null=True, blank=True)
    preferred_to = models.DateField("удобно по", null=True, blank=True)
    # Copied from the school's flag when the request is made: a school leaving the ШНОР list later
    # does not reorder requests already in the queue.
    is_priority = models.BooleanField("школа с низкими результатами (ШНОР)", default=False)
    status = models.CharField(
        "статус", max_length=16, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    status_reason = models.TextField("причина отклонения или отмены", blank=True)
    escalated = models.BooleanField(
        "передан в региональный центр",
        default=False,
        help_text="Ни один консультант пункта не может взяться; назначает региональный центр.",
    )
    consultant = models.ForeignKey(
        "consultation_points.Consultant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name="консультант",
    )
    created_at = models.DateTimeField("подан", default=timezone.now, db_index=True)
    assigned_at = models.DateTimeField("консультант назначен", null=True, blank=True)
    first_assigned_at = models.DateTimeField("первое назначение", null=True, blank=True)
    closed_at = models.DateTimeField("закрыт", null=True, blank=True)
    # The service levels, fixed when the request is made (consultation_points.services.requests.SLA).
    assign_due_at = models.DateTimeField("назначить консультанта до")
    consult_due_at = models.DateTimeField("провести первую консультацию до")

    class Meta:
        verbose_name = "запрос на методическую помощь"
        verbose_name_plural = "запросы на методическую помощь"
        ordering = ["-is_priority", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(preferred_from__isnull=True)
                | Q(preferred_to__isnull=True)
                | Q(preferred_to__gte=F("preferred_from")),
                name="consultation_request_preferred_dates_ordered",
                violation_error_message="«Удобно по» раньше, чем «удобно с».",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in WITH_CONSULTANT], consultant__isnull=False)
                | ~Q(status__in=[s.value for s in WITH_CONSULTANT]),
                name="consultation_request_consultant_when_assigned",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[RequestStatus.DECLINED.value, RequestStatus.CANCELLED.value])
                | ~Q(status_reason=""),
                name="consultation_request_reason_when_refused",
            ),
        ]
        indexes = [
            models.Index(fields=["point", "status"], name="consult_request_point_status"),
            models.Index(fields=["consultant", "status"], name="consult_request_consultant"),
            models.Index(fields=["school"], name="consult_request_school"),
        ]

    def __str__(self) -> str:
        return f"№ {self.pk}: {self.topic}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class RequestEvent(models.Model):
    """One change of a request: who, when, from which status to which, and why. Written only by the
    services of consultation_points.services.requests; never changed."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "запрос подан"
        ASSIGNED = "assigned", "назначен консультант"
        REASSIGNED = "reassigned", "консультант заменён"
        STARTED = "started", "работа начата"
        COMPLETED = "completed", "запрос выполнен"
        DECLINED = "declined", "запрос отклонён"
        CANCELLED = "cancelled", "запрос отменён"
        ESCALATED = "escalated", "передан в региональный центр"
        ROUTED = "routed", "передан в пункт другого муниципалитета"

    request = models.ForeignKey(ConsultationRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("когда", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="кто"
    )
    kind = models.CharField("событие", max_length=16, choices=Kind.choices)
    from_status = models.CharField("было", max_length=16, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField("стало", max_length=16, choices=RequestStatus.choices)
    consultant = models.ForeignKey(
        "consultation_points.Consultant", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("причина или комментарий", blank=True)
    capacity_override = models.BooleanField("сверх лимита консультанта", default=False)
    # Set by the notification task once the e-mail is out: a repeated delivery sends nothing.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "событие запроса"
        verbose_name_plural = "история запроса"
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity_override=False) | ~Q(note=""),
                name="request_event_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.get_kind_display()}"


class Consultation(models.Model):
    """A session held (or planned) for a request: when, how, who, what was advised, what next; and
    the requester's rating of it."""

    request = models.ForeignKey(
        ConsultationRequest, on_delete=models.CASCADE, related_name="consultations", verbose_name="запрос"
    )
    consultant = models.ForeignKey(
        "consultation_points.Consultant",
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name="консультант",
    )
    starts_at = models.DateTimeField("дата и время")
    format = models.CharField("формат", max_length=16, choices=Format.choices)
    duration_minutes = models.PositiveSmallIntegerField(
        "продолжительность, мин", validators=[MinValueValidator(10), MaxValueValidator(480)]
    )
    participants = models.TextField("участники", blank=True)
    summary = models.TextField("содержание", blank=True)
    recommendations = models.TextField("рекомендации", blank=True)
    follow_up = models.TextField("дальнейшие шаги", blank=True)
    follow_up_on = models.DateField("следующий шаг к дате", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="кто записал"
    )
    created_at = models.DateTimeField(default=timezone.now)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        "оценка", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.TextField("отзыв", blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "консультация"
        verbose_name_plural = "консультации"
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="consultation_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=10, duration_minutes__lte=480),
                name="consultation_duration_range",
            ),
        ]
        indexes = [
            models.Index(fields=["consultant", "starts_at"], name="consultation_consultant_time"),
        ]

    def __str__(self) -> str:
        return f"Консультация {self.starts_at:%d.%m.%Y %H:%M}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)
