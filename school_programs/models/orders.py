from django.db import models

from ..dates import RANGE_MESSAGE, DateInRange, range_q


class Order(models.Model):
    """A director's order (приказ) on the programme: the register and the basis of every decision."""

    class Kind(models.TextChoices):
        APPROVE_PROGRAMME = (
            "approve_programme",
            "об утверждении программы наставничества и назначении кураторов",
        )
        FIX_GROUPS = "fix_groups", "о закреплении наставнических пар / групп"
        RELEASE_MENTOR = "release_mentor", "о досрочном освобождении наставника"
        REWARD_MENTORS = "reward_mentors", "о поощрении наставников"

    class Status(models.TextChoices):
        DRAFT = "draft", "проект"
        SIGNED = "signed", "подписан"

    programme = models.ForeignKey(
        "Programme", on_delete=models.CASCADE, related_name="orders", verbose_name="программа"
    )
    kind = models.CharField("вид", max_length=24, choices=Kind.choices)
    number = models.CharField("номер", max_length=30, blank=True)
    date = models.DateField("дата", validators=[DateInRange("Дата приказа")])
    title = models.CharField("заголовок", max_length=500)
    body = models.TextField("текст (распорядительная часть)", blank=True)
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.DRAFT)
    signed_on = models.DateField(
        "подписан", null=True, blank=True, validators=[DateInRange("Дата подписания")]
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)

    class Meta:
        verbose_name = "приказ"
        verbose_name_plural = "приказы"
        ordering = ["-date", "-pk"]
        constraints = [
            # Numbers are unique within a calendar year of the register.
            models.UniqueConstraint(
                "number",
                models.functions.ExtractYear("date"),
                condition=~models.Q(number=""),
                name="order_number_unique_in_year",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (~models.Q(number="") & models.Q(signed_on__isnull=False)),
                name="order_signed_has_number_and_date",
            ),
            models.CheckConstraint(
                condition=range_q("date") & range_q("signed_on", nullable=True),
                name="order_dates_in_range",
                violation_error_message=RANGE_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.heading} «{self.title}»"

    @property
    def heading(self) -> str:
        """«Приказ № 151/1 от 30.08.2024»; a draft has no number yet: «Проект приказа от 30.08.2024»."""
        if self.status == self.Status.SIGNED:
            return f"Приказ № {self.number} от {self.date:%d.%m.%Y}"
        return f"Проект приказа от {self.date:%d.%m.%Y}"
