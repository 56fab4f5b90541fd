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
    host_organisation = models.CharField(
        "организация, на базе которой работает",
        max_length=500,
        blank=True,
        help_text="Например: МБОУ «СОШ № 1» или муниципальный методический центр",
    )
    address = models.CharField("адрес", max_length=300, blank=True)
    schedule = models.TextField("график работы", blank=True, help_text="Например: вт, чт 14:00–17:00")
    head_name = models.CharField("руководитель (ФИО)", max_length=300, blank=True)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("телефон", max_length=40, blank=True)
    # Archived points keep their consultants' and requests' history; they only stop taking new ones.
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
