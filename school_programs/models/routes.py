"""Teachers' individual educational routes (ИОМ) of a school with low results.

Schema: TENANT. A route is the school's object: the teacher's name and diagnostics stay here. What
the region may see is written to the public schema by school_programs.services.routes (counts for
everyone, a copy of the route for the methodologist assigned to it).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from regional_center.models import DeficitLevel, RouteArea, RouteItemStatus, RouteStatus

from ..dates import DateInRange, range_q


class TeacherRoute(models.Model):
    teacher = models.ForeignKey(
        "Participant", on_delete=models.PROTECT, related_name="routes", verbose_name="педагог"
    )
    title = models.CharField("название", max_length=300)
    starts_on = models.DateField("начало", validators=[DateInRange("Начало маршрута")])
    ends_on = models.DateField("окончание", validators=[DateInRange("Окончание маршрута")])
    status = models.CharField("статус", max_length=16, choices=RouteStatus.choices, default=RouteStatus.DRAFT)
    # The region's methodologist working with the teacher (a public user). As with every user link from
    # a school schema, no database foreign key: a user lives in public, their rows in many schemas.
    methodologist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        verbose_name="методист",
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)

    class Meta:
        verbose_name = "индивидуальный образовательный маршрут"
        verbose_name_plural = "индивидуальные образовательные маршруты"
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="route_period_order"),
            models.CheckConstraint(condition=range_q("starts_on", "ends_on"), name="route_dates_in_range"),
        ]

    def __str__(self) -> str:
        return self.title


class RouteDiagnosis(models.Model):
    """The level of the teacher's deficits in one area (one row per area of the route)."""

    route = models.ForeignKey(TeacherRoute, on_delete=models.CASCADE, related_name="diagnoses")
    area = models.CharField("область дефицитов", max_length=16, choices=RouteArea.choices)
    level = models.PositiveSmallIntegerField("уровень дефицита", choices=DeficitLevel.choices)
    comment = models.TextField("комментарий", blank=True)

    class Meta:
        verbose_name = "диагностика дефицитов"
        verbose_name_plural = "диагностика дефицитов"
        ordering = ["route", "area"]
        constraints = [
            models.UniqueConstraint(fields=["route", "area"], name="route_diagnosis_unique"),
            models.CheckConstraint(condition=Q(level__gte=0) & Q(level__lte=3), name="route_diagnosis_level"),
        ]


class RouteItem(models.Model):
    route = models.ForeignKey(TeacherRoute, on_delete=models.CASCADE, related_name="items")
    area = models.CharField("область дефицитов", max_length=16, choices=RouteArea.choices)
    title = models.CharField("что сделать", max_length=500)
    deadline = models.DateField("срок", validators=[DateInRange("Срок")])
    status = models.CharField(
        "статус", max_length=16, choices=RouteItemStatus.choices, default=RouteItemStatus.PLANNED
    )
    result = models.TextField("результат", blank=True)

    class Meta:
        verbose_name = "пункт маршрута"
        verbose_name_plural = "пункты маршрута"
        ordering = ["deadline", "pk"]


class RouteLink(models.Model):
    """A regional event or consultation the route leads to, kept by id and title (they are public
    objects of other areas; the title is copied so the route reads the same if they change)."""

    class Kind(models.TextChoices):
        EVENT = "event", "мероприятие регионального центра"
        CONSULTATION = "consultation", "консультация"

    route = models.ForeignKey(TeacherRoute, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField("вид", max_length=16, choices=Kind.choices)
    ref_id = models.PositiveIntegerField("номер", null=True, blank=True)
    title = models.CharField("название", max_length=300)
    date = models.DateField("дата", null=True, blank=True, validators=[DateInRange("Дата")])

    class Meta:
        verbose_name = "ссылка маршрута"
        verbose_name_plural = "мероприятия и консультации маршрута"
        ordering = ["date", "pk"]
