"""The regional centre of mentoring's own plan: the regional project's road map (schema: PUBLIC).

The project runs in the three stages of seed 002 — organisational-preparatory, creative-transforming,
analytical-generalising — one after another; each stage has a period, a status and milestones with due
dates. The centre itself is the region's `centre_name` and its staff are the users with a membership in
the region (tenants.Membership), so neither needs a table of its own.
"""

from django.db import models
from django.db.models import F, Q


class RoadmapStage(models.Model):
    class Kind(models.TextChoices):
        # Order matters: the stages follow one another in this order (seed 002).
        ORGANISATIONAL = "organisational", "организационно-подготовительный"
        CREATIVE = "creative", "созидательно-преобразующий"
        ANALYTICAL = "analytical", "аналитико-обобщающий"

    class Status(models.TextChoices):
        PLANNED = "planned", "запланирован"
        IN_PROGRESS = "in_progress", "идёт"
        COMPLETED = "completed", "завершён"

    region = models.ForeignKey(
        "regional_center.Region",
        on_delete=models.CASCADE,
        related_name="roadmap_stages",
        verbose_name="регион",
    )
    kind = models.CharField("этап", max_length=16, choices=Kind.choices)
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.PLANNED)
    tasks = models.TextField("содержание этапа", blank=True)

    class Meta:
        verbose_name = "этап дорожной карты"
        verbose_name_plural = "дорожная карта регионального проекта"
        ordering = ["region", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["region", "kind"], name="roadmap_stage_unique_kind"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="roadmap_stage_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def number(self) -> int:
        return list(self.Kind.values).index(self.kind) + 1


class RoadmapMilestone(models.Model):
    """A checkpoint of a stage: what must be done by when, by whom; done when `done_on` is set."""

    stage = models.ForeignKey(
        RoadmapStage, on_delete=models.CASCADE, related_name="milestones", verbose_name="этап"
    )
    title = models.CharField("контрольная точка", max_length=300)
    due_on = models.DateField("срок")
    responsible = models.CharField("ответственный", max_length=300, blank=True)
    done_on = models.DateField("выполнено", null=True, blank=True)

    class Meta:
        verbose_name = "контрольная точка дорожной карты"
        verbose_name_plural = "контрольные точки дорожной карты"
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
