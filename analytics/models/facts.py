"""Per-school facts, the change log that makes recompute incremental, and recompute runs.

Schema: PUBLIC. A fact is two whole numbers per (school, indicator, period): what the school's SQL
counted inside its own schema, or what the school entered. Nothing here names a person.
"""

from django.conf import settings
from django.db import models

from ..periods import validate_period
from .catalogue import Indicator


class IndicatorFact(models.Model):
    """One school's numerator and denominator of one indicator for one school year.

    Roll-ups sum numerators and denominators (never average values). `data_version` is the school's
    last SchoolDataChange id the computation saw (0 for an entered value), so a fact can be traced to
    the state of the school's data it reflects.
    """

    school = models.ForeignKey(
        "tenants.School", on_delete=models.CASCADE, related_name="indicator_facts", verbose_name="школа"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="facts", verbose_name="показатель"
    )
    period = models.CharField("учебный год", max_length=7, validators=[validate_period])
    numerator = models.BigIntegerField("числитель")
    denominator = models.BigIntegerField("знаменатель")
    computed_at = models.DateTimeField("рассчитан")
    data_version = models.BigIntegerField("версия данных", default=0)

    class Meta:
        verbose_name = "значение показателя школы"
        verbose_name_plural = "значения показателей школ"
        constraints = [
            # The recompute upserts ON CONFLICT on exactly these columns: a rerun cannot duplicate.
            models.UniqueConstraint(fields=["school", "indicator", "period"], name="fact_once_per_period"),
            models.CheckConstraint(
                condition=models.Q(numerator__gte=0) & models.Q(denominator__gte=0),
                name="fact_counts_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "period"], name="fact_indicator_period")]

    def __str__(self) -> str:
        return f"{self.school_id} {self.indicator_id} {self.period}: {self.numerator}/{self.denominator}"

    @property
    def value(self) -> float | None:
        return self.indicator.value(self.numerator, self.denominator)


class FactSnapshot(models.Model):
    """A school's fact as it stood in one month of a running school year: the interim measurements
    the forecast of a status is drawn through (analytics.services.status).

    The recompute keeps one row per school, indicator, period and month — the last computation of
    that month — so a year has at most twelve. A month without a row means the school's data did not
    change: its last earlier row still holds (carried forward by the dashboards).
    """

    school = models.ForeignKey(
        "tenants.School", on_delete=models.CASCADE, related_name="fact_snapshots", verbose_name="школа"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="snapshots", verbose_name="показатель"
    )
    period = models.CharField("учебный год", max_length=7, validators=[validate_period])
    month = models.DateField("месяц (первое число)")
    taken_on = models.DateField("день расчёта")
    numerator = models.BigIntegerField("числитель")
    denominator = models.BigIntegerField("знаменатель")

    class Meta:
        verbose_name = "промежуточное значение показателя школы"
        verbose_name_plural = "промежуточные значения показателей школ"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "indicator", "period", "month"], name="snapshot_once_per_month"
            ),
            models.CheckConstraint(
                condition=models.Q(numerator__gte=0) & models.Q(denominator__gte=0),
                name="snapshot_counts_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["period", "indicator"], name="snapshot_period_indicator")]

    def __str__(self) -> str:
        counts = f"{self.numerator}/{self.denominator}"
        return f"{self.school_id} {self.indicator_id} {self.period} {self.month:%m.%Y}: {counts}"


class EnteredValue(models.Model):
    """A figure the school (or the region for it) entered: ВПР, ГИА, teachers' categories.

    The service that saves it also writes the matching IndicatorFact, so dashboards read one table;
    this row keeps who entered it and from which file.
    """

    school = models.ForeignKey(
        "tenants.School", on_delete=models.CASCADE, related_name="entered_values", verbose_name="школа"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="entered_values", verbose_name="показатель"
    )
    period = models.CharField("учебный год", max_length=7, validators=[validate_period])
    numerator = models.PositiveIntegerField("числитель")
    denominator = models.PositiveIntegerField("знаменатель")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="внёс",
    )
    entered_at = models.DateTimeField("внесено")
    source_file = models.CharField("файл", max_length=255, blank=True)

    class Meta:
        verbose_name = "внесённое значение"
        verbose_name_plural = "внесённые значения"
        constraints = [
            models.UniqueConstraint(fields=["school", "indicator", "period"], name="entered_once_per_period"),
            models.CheckConstraint(
                condition=models.Q(numerator__lte=models.F("denominator")),
                name="entered_numerator_within_denominator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_id} {self.indicator_id} {self.period}: {self.numerator}/{self.denominator}"


class SchoolDataChange(models.Model):
    """Append-only: «school X's data changed», written in the same transaction as the change.

    Insert-only, so writers in a school never wait on one another's lock; rolled back with the change
    it records. The id is the data version: a school needs recompute when its largest change id is
    above the version its facts were computed at. Rows at or below that version are pruned.
    """

    id = models.BigAutoField(primary_key=True)
    school = models.ForeignKey(
        "tenants.School", on_delete=models.CASCADE, related_name="+", verbose_name="школа", db_index=False
    )
    at = models.DateTimeField("когда", auto_now_add=True)

    class Meta:
        verbose_name = "изменение данных школы"
        verbose_name_plural = "изменения данных школ"
        indexes = [models.Index(fields=["school", "id"], name="change_school_id")]


class RecomputeRun(models.Model):
    """One recompute over many schools, with progress; a rerun of an unfinished run resumes it."""

    class Kind(models.TextChoices):
        FULL = "full", "полный пересчёт"
        INCREMENTAL = "incremental", "только изменившиеся школы"

    class Status(models.TextChoices):
        RUNNING = "running", "идёт"
        DONE = "done", "завершён"
        FAILED = "failed", "с ошибками"

    kind = models.CharField("вид", max_length=16, choices=Kind.choices)
    period = models.CharField("учебный год", max_length=7, validators=[validate_period])
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.RUNNING)
    schools_total = models.PositiveIntegerField("школ к пересчёту", default=0)
    schools_done = models.PositiveIntegerField("пересчитано", default=0)
    schools_failed = models.PositiveIntegerField("с ошибкой", default=0)
    facts_written = models.PositiveIntegerField("записано значений", default=0)
    chunks_total = models.PositiveIntegerField("порций", default=0)
    started_at = models.DateTimeField("начат", auto_now_add=True)
    finished_at = models.DateTimeField("завершён", null=True, blank=True)
    error = models.TextField("ошибки", blank=True)

    class Meta:
        verbose_name = "пересчёт показателей"
        verbose_name_plural = "пересчёты показателей"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period}: {self.schools_done}/{self.schools_total}"


class SchoolFactsState(models.Model):
    """Per school and period: the data version its facts reflect and the run that wrote them."""

    school = models.ForeignKey("tenants.School", on_delete=models.CASCADE, related_name="+")
    period = models.CharField("учебный год", max_length=7, validators=[validate_period])
    data_version = models.BigIntegerField("версия данных", default=0)
    computed_at = models.DateTimeField("рассчитано")
    run = models.ForeignKey(RecomputeRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "состояние показателей школы"
        verbose_name_plural = "состояния показателей школ"
        constraints = [
            models.UniqueConstraint(fields=["school", "period"], name="facts_state_once_per_period"),
        ]
