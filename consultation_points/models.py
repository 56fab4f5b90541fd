from django.db import models


class ConsultationPoint(models.Model):
    """A municipal network consultation point (муниципальный консультационный пункт)."""

    municipality = models.ForeignKey(
        "regional_center.Municipality",
        on_delete=models.PROTECT,
        related_name="consultation_points",
        verbose_name="муниципалитет",
    )
    name = models.CharField("название", max_length=300)
    address = models.CharField("адрес", max_length=300, blank=True)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("телефон", max_length=40, blank=True)
    is_active = models.BooleanField("работает", default=True)

    class Meta:
        verbose_name = "консультационный пункт"
        verbose_name_plural = "консультационные пункты"
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="consultation_point_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
