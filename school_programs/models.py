from django.db import models
from django.db.models import F, Q


class Programme(models.Model):
    """The school's mentoring programme for a period (one academic year or several)."""

    class Status(models.TextChoices):
        PREPARATION = "preparation", "подготовка"
        ACTIVE = "active", "реализуется"
        COMPLETED = "completed", "завершена"

    title = models.CharField("название", max_length=300)
    start_date = models.DateField("начало")
    end_date = models.DateField("окончание")
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.PREPARATION)
    created_at = models.DateTimeField("создана", auto_now_add=True)

    class Meta:
        verbose_name = "программа наставничества"
        verbose_name_plural = "программы наставничества"
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gt=F("start_date")), name="programme_period_valid"),
        ]

    def __str__(self) -> str:
        return self.title
