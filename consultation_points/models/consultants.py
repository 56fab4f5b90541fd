"""Consultants of the municipal points, selected and trained by the regional centre."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from nastavnik.russian import agreed

from .choices import DeficitArea, Format, Subject, TeacherCategory


def _choices_array(base, label: str, help_text: str = "") -> ArrayField:
    # Arrays (not link tables): the ranking asks "does this consultant cover X" of hundreds of rows in
    # one query (`subjects @> ARRAY[X]`), and the sets are short and fixed.
    return ArrayField(
        models.CharField(max_length=32, choices=base.choices),
        verbose_name=label,
        default=list,
        blank=True,
        help_text=help_text,
    )


class Consultant(models.Model):
    """A consultant (консультант муниципального пункта): a person with a consultant role, plus what
    the regional centre knows of their selection, training and specialisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consultant_profile",
        verbose_name="пользователь",
    )
    points = models.ManyToManyField(
        "consultation_points.ConsultationPoint",
        related_name="consultants",
        verbose_name="консультационные пункты",
    )
    selected_on = models.DateField("дата отбора региональным центром")
    training_programme = models.CharField("программа подготовки", max_length=300)
    certificate = models.CharField("удостоверение (номер, дата)", max_length=200, blank=True)
    subjects = _choices_array(Subject, "предметы")
    deficit_areas = _choices_array(DeficitArea, "специализация: области дефицитов")
    teacher_categories = _choices_array(TeacherCategory, "специализация: категории педагогов")
    formats = _choices_array(Format, "форматы работы")
    monthly_capacity = models.PositiveSmallIntegerField(
        "запросов в месяц",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Сколько новых запросов консультант берёт за календарный месяц.",
    )
    active_from = models.DateField("работает с")
    active_to = models.DateField("работает по", null=True, blank=True)
    # SHA-256 of the calendar feed's secret (the URL a calendar program subscribes to); the token
    # itself is shown once. A copy of the database opens no one's calendar.
    calendar_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "консультант"
        verbose_name_plural = "консультанты"
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_to__gte=F("active_from")),
                name="consultant_active_period_ordered",
                violation_error_message="Дата окончания работы раньше даты начала.",
            ),
            models.CheckConstraint(condition=Q(monthly_capacity__gte=1), name="consultant_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.user.full_name

    @property
    def gender(self) -> str | None:
        """The user's (accounts carry no sex column: from the patronymic, else the surname)."""
        return self.user.gender

    def agreed(self, masculine: str, feminine: str) -> str:
        """A word about this consultant in their gender: `consultant.agreed("отобран", "отобрана")`."""
        return agreed(self.gender, masculine, feminine)

    def is_active_on(self, day: datetime.date) -> bool:
        return self.active_from <= day and (self.active_to is None or self.active_to >= day)

    @staticmethod
    def active_on(day: datetime.date) -> Q:
        return Q(active_from__lte=day) & (Q(active_to__isnull=True) | Q(active_to__gte=day))
