"""The indicator catalogue: what the region measures, how, and which way is better.

Schema: PUBLIC. The shipped rows come from analytics.catalogue (a data migration and
`sync_catalogue`), so codes are stable across deployments; a deployment may deactivate one but not
rename its code, because facts and targets refer to it.
"""

from decimal import Decimal

from django.core.validators import RegexValidator
from django.db import models


class Indicator(models.Model):
    """One indicator: value = numerator / denominator × multiplier (100 for a share in %)."""

    class Unit(models.TextChoices):
        PERCENT = "percent", "%"
        PER_PAIR_MONTH = "per_pair_month", "встреч на пару в месяц"
        SCORE = "score", "балл"
        PER_TEACHER = "per_teacher", "на одного педагога"

    class Direction(models.TextChoices):
        HIGHER = "higher", "чем больше, тем лучше"
        LOWER = "lower", "чем меньше, тем лучше"

    class Level(models.TextChoices):
        SCHOOL = "school", "школа"
        MUNICIPALITY = "municipality", "муниципалитет"
        REGION = "region", "регион"

    class Source(models.TextChoices):
        COMPUTED = "computed", "вычисляется по данным школы"
        ENTERED = "entered", "вносится школой"
        IMPORTED = "imported", "загружается из внешних данных"

    class AppliesTo(models.TextChoices):
        ALL = "all", "все организации"
        LOW_RESULTS = "low_results", "только ШНОР"

    class Group(models.TextChoices):
        RESULTS = "results", "Результаты наставничества"
        COVERAGE = "coverage", "Охват"
        PAIRS = "pairs", "Пары, встречи, планы"
        STAFF = "staff", "Молодые специалисты"
        CONSULTATIONS = "consultations", "Консультационные пункты и события"
        LOW_RESULTS = "low_results", "Показатели ШНОР"

    code = models.CharField(
        "код",
        max_length=64,
        unique=True,
        validators=[RegexValidator(r"^[a-z][a-z0-9_]*$", "Код: латинские строчные буквы, цифры и «_».")],
    )
    name = models.CharField("название", max_length=300)
    numerator_definition = models.TextField("числитель")
    denominator_definition = models.TextField("знаменатель")
    unit = models.CharField("единица", max_length=16, choices=Unit.choices, default=Unit.PERCENT)
    # Stored, not derived from the unit, so a ratio «per month» over pair-days stays exact in integers.
    multiplier = models.DecimalField("множитель", max_digits=10, decimal_places=4, default=Decimal(100))
    direction = models.CharField(
        "направление", max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    level = models.CharField("уровень расчёта", max_length=16, choices=Level.choices, default=Level.SCHOOL)
    source = models.CharField("источник", max_length=16, choices=Source.choices, default=Source.COMPUTED)
    applies_to = models.CharField("для кого", max_length=16, choices=AppliesTo.choices, default=AppliesTo.ALL)
    group = models.CharField("раздел", max_length=16, choices=Group.choices, default=Group.RESULTS)
    position = models.PositiveSmallIntegerField("порядок", default=0)
    is_active = models.BooleanField("действует", default=True)

    class Meta:
        verbose_name = "показатель"
        verbose_name_plural = "показатели"
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(multiplier__gt=0), name="indicator_multiplier_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def value(self, numerator, denominator) -> float | None:
        """The figure shown: None when nothing was measured (an empty denominator is «нет данных»)."""
        if not denominator:
            return None
        return float(numerator) / float(denominator) * float(self.multiplier)
