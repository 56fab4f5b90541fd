"""Targets: the value an indicator should reach in a scope (the region or one municipality) for a
school year, and the order that set it.

Schema: PUBLIC. A school's status is measured against its municipality's target when the municipality
has one, otherwise against the region's (a school has no target of its own: the order is regional or
municipal). Written only by analytics.services.targets.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..periods import validate_period
from .catalogue import Indicator


class Target(models.Model):
    class Scope(models.TextChoices):
        REGION = "region", "регион"
        MUNICIPALITY = "municipality", "муниципалитет"

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name="показатель"
    )
    scope = models.CharField("уровень", max_length=16, choices=Scope.choices)
    region = models.ForeignKey(
        "regional_center.Region", on_delete=models.CASCADE, related_name="+", verbose_name="регион"
    )
    municipality = models.ForeignKey(
        "regional_center.Municipality",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="муниципалитет",
    )
    period = models.CharField("учебный год", max_length=7, validators=[validate_period])
    value = models.DecimalField("целевое значение", max_digits=8, decimal_places=2)
    order_number = models.CharField("номер приказа", max_length=64)
    order_date = models.DateField("дата приказа")
    order_title = models.CharField("название приказа", max_length=500)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="кто внёс",
    )
    set_at = models.DateTimeField("внесено", auto_now=True)

    class Meta:
        verbose_name = "целевое значение"
        verbose_name_plural = "целевые значения"
        ordering = ["indicator__position", "scope", "period"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(scope="region") & Q(municipality__isnull=True))
                | (Q(scope="municipality") & Q(municipality__isnull=False)),
                name="target_scope_matches_municipality",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_value_not_negative"),
            models.UniqueConstraint(
                fields=["indicator", "region", "municipality", "period"],
                nulls_distinct=False,
                name="target_once_per_scope_and_period",
            ),
        ]

    def __str__(self) -> str:
        where = self.municipality.name if self.municipality_id else "регион"
        return f"{self.indicator.code} {where} {self.period}: {self.value}"

    @property
    def order_text(self) -> str:
        return f"приказ от {self.order_date:%d.%m.%Y} № {self.order_number} «{self.order_title}»"
