"""What a school shares with the region of its teachers' individual educational routes (ИОМ).

Schema: PUBLIC. The route itself is a school object (school_programs.TeacherRoute, in the school's
schema): the teacher's personal data stays with the school, the operator of it. The school's route
service writes here, in the same transaction, two things and nothing more:

- `RouteSummary` + `RouteSummaryArea`: counts per school (routes by status, deficits and items by
  area) — what everyone in the region sees;
- `SharedRoute`: a copy of one route with the teacher's name, only while a methodologist of the
  region is assigned to it, and readable by that methodologist alone; unassigning removes the copy.

The region never reads a school's schema for this; public apps do not import school_programs.
"""

from django.conf import settings
from django.db import models


class RouteArea(models.TextChoices):
    """Areas of a teacher's professional deficits diagnosed for the route."""

    SUBJECT = "subject", "предметные"
    METHODICAL = "methodical", "методические"
    PSYCHOLOGICAL = "psychological", "психолого-педагогические"
    COMMUNICATIVE = "communicative", "коммуникативные"


class DeficitLevel(models.IntegerChoices):
    NONE = 0, "дефицит не выявлен"
    LOW = 1, "низкий"
    MEDIUM = 2, "средний"
    HIGH = 3, "высокий"


class RouteStatus(models.TextChoices):
    DRAFT = "draft", "проект"
    ACTIVE = "active", "реализуется"
    COMPLETED = "completed", "завершён"


class RouteItemStatus(models.TextChoices):
    PLANNED = "planned", "запланировано"
    IN_PROGRESS = "in_progress", "выполняется"
    DONE = "done", "выполнено"
    CANCELLED = "cancelled", "отменено"


class RouteSummary(models.Model):
    """A school's routes counted, without a name: rewritten whole each time a route is saved."""

    school = models.OneToOneField(
        "tenants.School", on_delete=models.CASCADE, related_name="route_summary", verbose_name="школа"
    )
    routes_total = models.PositiveIntegerField("маршрутов", default=0)
    routes_draft = models.PositiveIntegerField("в проекте", default=0)
    routes_active = models.PositiveIntegerField("реализуются", default=0)
    routes_completed = models.PositiveIntegerField("завершены", default=0)
    with_methodologist = models.PositiveIntegerField("с методистом региона", default=0)
    updated_at = models.DateTimeField("обновлено", auto_now=True)

    class Meta:
        verbose_name = "сводка ИОМ школы"
        verbose_name_plural = "сводки ИОМ школ"

    def __str__(self) -> str:
        return f"ИОМ: {self.school}"


class RouteSummaryArea(models.Model):
    summary = models.ForeignKey(RouteSummary, on_delete=models.CASCADE, related_name="areas")
    area = models.CharField("область дефицитов", max_length=16, choices=RouteArea.choices)
    with_deficit = models.PositiveIntegerField("маршрутов с дефицитом", default=0)
    high_deficit = models.PositiveIntegerField("с высоким дефицитом", default=0)
    items_planned = models.PositiveIntegerField("пунктов запланировано", default=0)
    items_in_progress = models.PositiveIntegerField("пунктов выполняется", default=0)
    items_done = models.PositiveIntegerField("пунктов выполнено", default=0)
    items_cancelled = models.PositiveIntegerField("пунктов отменено", default=0)

    class Meta:
        verbose_name = "сводка ИОМ по области"
        verbose_name_plural = "сводки ИОМ по областям"
        ordering = ["summary", "area"]
        constraints = [models.UniqueConstraint(fields=["summary", "area"], name="route_summary_area_unique")]


class SharedRoute(models.Model):
    """One route as its school shared it with the methodologist assigned to it (a read-only copy).

    `diagnosis`, `items` and `links` are lists of plain dicts written by the school's service:
    diagnosis {area, level, comment}; items {title, area, deadline, status, result};
    links {kind, ref_id, title, date}.
    """

    school = models.ForeignKey(
        "tenants.School", on_delete=models.CASCADE, related_name="shared_routes", verbose_name="школа"
    )
    route_id = models.PositiveIntegerField("номер маршрута в школе")
    methodologist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="shared_routes",
        verbose_name="методист",
    )
    teacher_name = models.CharField("педагог", max_length=400)
    teacher_position = models.CharField("должность", max_length=200, blank=True)
    title = models.CharField("название", max_length=300)
    status = models.CharField("статус", max_length=16, choices=RouteStatus.choices)
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    diagnosis = models.JSONField("диагностика дефицитов", default=list)
    items = models.JSONField("пункты маршрута", default=list)
    links = models.JSONField("мероприятия и консультации", default=list)
    updated_at = models.DateTimeField("обновлено", auto_now=True)

    class Meta:
        verbose_name = "ИОМ, переданный методисту"
        verbose_name_plural = "ИОМ, переданные методистам"
        ordering = ["teacher_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["school", "route_id"], name="shared_route_unique")]

    def __str__(self) -> str:
        return f"{self.teacher_name}: {self.title}"
