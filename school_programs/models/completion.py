from django.db import models

from ..dates import DateInRange
from .choices import Form


class MentorReward(models.Model):
    class Kind(models.TextChoices):
        GRATITUDE_LETTER = "gratitude_letter", "благодарственное письмо"
        CERTIFICATE = "certificate", "почётная грамота"
        PUBLICATION = "publication", "публикация на сайте школы"
        BONUS = "bonus", "премия"

    mentor = models.ForeignKey(
        "MentorEntry", on_delete=models.CASCADE, related_name="rewards", verbose_name="наставник"
    )
    kind = models.CharField("вид поощрения", max_length=24, choices=Kind.choices)
    awarded_on = models.DateField("дата", validators=[DateInRange("Дата поощрения")])
    wording = models.TextField("формулировка", blank=True)
    order = models.ForeignKey(
        "Order",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rewards",
        verbose_name="приказ",
    )

    class Meta:
        verbose_name = "поощрение наставника"
        verbose_name_plural = "поощрения наставников"
        ordering = ["-awarded_on"]


class BestPractice(models.Model):
    """A practice worth repeating, described without names so that it may be shared with the region."""

    programme = models.ForeignKey("Programme", on_delete=models.CASCADE, related_name="best_practices")
    title = models.CharField("название", max_length=300)
    form = models.CharField("форма", max_length=32, choices=Form.choices)
    role_model = models.ForeignKey(
        "RoleModel", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField("описание (без персональных данных)")
    results = models.TextField("результаты", blank=True)
    published_on = models.DateField(
        "передана в региональную библиотеку",
        null=True,
        blank=True,
        validators=[DateInRange("Дата передачи")],
    )

    class Meta:
        verbose_name = "лучшая практика"
        verbose_name_plural = "лучшие практики"
        ordering = ["-pk"]
