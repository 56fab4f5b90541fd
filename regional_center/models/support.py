"""Support of schools with low results (schema: PUBLIC): risk profiles, self-diagnosis, anti-risk
programmes, and organisation–organisation mentoring (a strong school supports a ШНОР school).

Which schools are ШНОР in a school year is regional_center.SchoolYearStatus (one place); the rows
here are keyed by the same (school, start_year) and never repeat the flag. Everything here is about
organisations: names of people appear only as the text a school itself enters (who is responsible),
never as links into a school's schema.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q

from regional_center.vocabulary import Subject, SupportKind


class RiskFactor(models.TextChoices):
    """Risk factors of the federal «500+» profiles (ФИОКО: анкеты школ, риск-профили)."""

    LOW_EQUIPMENT = "low_equipment", "низкий уровень оснащения школы"
    STAFF_SHORTAGE = "staff_shortage", "дефицит педагогических кадров"
    LOW_COMPETENCE = (
        "low_competence",
        "недостаточная предметная и методическая компетентность педагогических работников",
    )
    NO_INTERNAL_TRAINING = (
        "no_internal_training",
        "несформированность внутришкольной системы повышения квалификации",
    )
    STUDENTS_AT_RISK = "students_at_risk", "высокая доля обучающихся с рисками учебной неуспешности"
    LOW_MOTIVATION = "low_motivation", "низкая учебная мотивация обучающихся"
    LOW_ADAPTIVITY = "low_adaptivity", "риски низкой адаптивности учебного процесса"
    POOR_ENVIRONMENT = (
        "poor_environment",
        "пониженный уровень качества школьной образовательной и воспитательной среды",
    )
    LOW_PARENT_INVOLVEMENT = "low_parent_involvement", "низкий уровень вовлечённости родителей"
    SPECIAL_NEEDS = "special_needs", "высокая доля обучающихся с ОВЗ"
    LANGUAGE_BARRIERS = "language_barriers", "низкое качество преодоления языковых и культурных барьеров"


class RiskLevel(models.IntegerChoices):
    """How strongly a factor shows; the number is also its weight when partners are ranked."""

    LOW = 1, "низкий"
    MEDIUM = 2, "средний"
    HIGH = 3, "высокий"


class WorkStatus(models.TextChoices):
    """Status of a measure or a support-plan item."""

    PLANNED = "planned", "запланировано"
    IN_PROGRESS = "in_progress", "выполняется"
    DONE = "done", "выполнено"
    CANCELLED = "cancelled", "отменено"


OPEN_WORK = (WorkStatus.PLANNED, WorkStatus.IN_PROGRESS)


def _year_is_sane(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(start_year__gte=2000) & Q(start_year__lte=2100), name=f"{prefix}_sane_year"
    )


class SchoolRiskFactor(models.Model):
    """One factor of a ШНОР school's risk profile for a school year, as the region assessed it."""

    school = models.ForeignKey(
        "tenants.School", on_delete=models.CASCADE, related_name="risk_factors", verbose_name="школа"
    )
    start_year = models.PositiveSmallIntegerField("учебный год (год начала)")
    factor = models.CharField("фактор риска", max_length=32, choices=RiskFactor.choices)
    level = models.PositiveSmallIntegerField("уровень", choices=RiskLevel.choices)
    # The subjects the factor shows in (results of ВПР/ГИА by subject): partners strong in them fit.
    subjects = ArrayField(
        models.CharField(max_length=32, choices=Subject.choices),
        blank=True,
        default=list,
        verbose_name="в каких предметах проявляется",
    )
    comment = models.TextField("комментарий", blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField("когда установлено", auto_now=True)

    class Meta:
        verbose_name = "фактор риска школы"
        verbose_name_plural = "риск-профили школ"
        ordering = ["school", "-start_year", "-level", "factor"]
        constraints = [
            models.UniqueConstraint(fields=["school", "start_year", "factor"], name="risk_factor_unique"),
            models.CheckConstraint(condition=Q(level__gte=1) & Q(level__lte=3), name="risk_factor_level"),
            _year_is_sane("risk_factor"),
        ]

    def __str__(self) -> str:
        return f"{self.get_factor_display()} ({self.get_level_display()})"

    def subject_labels(self) -> list[str]:
        labels = dict(Subject.choices)
        return [labels.get(code, code) for code in self.subjects]


class SelfDiagnosisEntry(models.Model):
    """The school's own assessment of one risk factor (entered by its director or curator)."""

    school = models.ForeignKey(
        "tenants.School", on_delete=models.CASCADE, related_name="self_diagnosis", verbose_name="школа"
    )
    start_year = models.PositiveSmallIntegerField("учебный год (год начала)")
    factor = models.CharField("фактор риска", max_length=32, choices=RiskFactor.choices)
    level = models.PositiveSmallIntegerField("оценка школы", choices=RiskLevel.choices)
    comment = models.TextField("комментарий школы", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField("когда внесено", auto_now=True)

    class Meta:
        verbose_name = "самодиагностика школы"
        verbose_name_plural = "самодиагностика школ"
        ordering = ["school", "-start_year", "factor"]
        constraints = [
            models.UniqueConstraint(fields=["school", "start_year", "factor"], name="self_diagnosis_unique"),
            models.CheckConstraint(condition=Q(level__gte=1) & Q(level__lte=3), name="self_diagnosis_level"),
            _year_is_sane("self_diagnosis"),
        ]


class AntiRiskProgramme(models.Model):
    """A ШНОР school's programme against its risks for a school year (one per school and year)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "проект"
        APPROVED = "approved", "утверждена"
        COMPLETED = "completed", "завершена"

    school = models.ForeignKey(
        "tenants.School", on_delete=models.CASCADE, related_name="antirisk_programmes", verbose_name="школа"
    )
    start_year = models.PositiveSmallIntegerField("учебный год (год начала)")
    title = models.CharField("название", max_length=300)
    goal = models.TextField("цель и задачи", blank=True)
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.DRAFT)
    approved_on = models.DateField("утверждена", null=True, blank=True)
    created_at = models.DateTimeField("создана", auto_now_add=True)

    class Meta:
        verbose_name = "антирисковая программа"
        verbose_name_plural = "антирисковые программы"
        ordering = ["school", "-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "start_year"], name="antirisk_programme_unique"),
            _year_is_sane("antirisk_programme"),
        ]

    def __str__(self) -> str:
        return self.title


class AntiRiskMeasure(models.Model):
    programme = models.ForeignKey(
        AntiRiskProgramme, on_delete=models.CASCADE, related_name="measures", verbose_name="программа"
    )
    title = models.CharField("мера", max_length=500)
    factor = models.CharField("на какой фактор риска", max_length=32, choices=RiskFactor.choices)
    deadline = models.DateField("срок")
    responsible = models.CharField("ответственный", max_length=300)
    status = models.CharField("статус", max_length=16, choices=WorkStatus.choices, default=WorkStatus.PLANNED)
    result = models.TextField("результат", blank=True)

    class Meta:
        verbose_name = "мера антирисковой программы"
        verbose_name_plural = "меры антирисковой программы"
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.title


class OrganisationPair(models.Model):
    """Organisation–organisation mentoring: a strong school supports a ШНОР school for a period.

    The mentor is normally not ШНОР itself that year; when the region pairs one anyway it writes why
    (`mentor_low_results_reason`), and the reason stays with the pair.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "действует"
        COMPLETED = "completed", "завершена"
        CANCELLED = "cancelled", "отменена"

    mentor_school = models.ForeignKey(
        "tenants.School",
        on_delete=models.PROTECT,
        related_name="mentor_pairs",
        verbose_name="организация-наставник",
    )
    mentee_school = models.ForeignKey(
        "tenants.School",
        on_delete=models.PROTECT,
        related_name="mentee_pairs",
        verbose_name="организация-наставляемый (ШНОР)",
    )
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    goals = models.TextField("цели")
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.ACTIVE)
    mentor_low_results_reason = models.TextField(
        "почему наставник — ШНОР",
        blank=True,
        help_text="Заполняется, если школа-наставник сама в перечне ШНОР.",
    )
    results = models.TextField("результаты", blank=True)
    conclusions = models.TextField("выводы", blank=True)
    completed_on = models.DateField("завершена", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)

    class Meta:
        verbose_name = "пара «организация – организация»"
        verbose_name_plural = "пары «организация – организация»"
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(mentor_school=F("mentee_school")), name="org_pair_not_self"),
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="org_pair_period_order"),
            models.CheckConstraint(
                condition=Q(status="completed", completed_on__isnull=False)
                | (~Q(status="completed") & Q(completed_on__isnull=True)),
                name="org_pair_completed_on_iff_completed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor_school} → {self.mentee_school}"


class SupportPlanItem(models.Model):
    pair = models.ForeignKey(
        OrganisationPair, on_delete=models.CASCADE, related_name="plan_items", verbose_name="пара"
    )
    activity = models.CharField("мероприятие", max_length=500)
    support_kind = models.CharField("вид сопровождения", max_length=16, choices=SupportKind.choices)
    deadline = models.DateField("срок")
    mentor_responsible = models.CharField("ответственный от школы-наставника", max_length=300)
    mentee_responsible = models.CharField("ответственный от школы-наставляемого", max_length=300)
    status = models.CharField("статус", max_length=16, choices=WorkStatus.choices, default=WorkStatus.PLANNED)
    result = models.TextField("результат", blank=True)

    class Meta:
        verbose_name = "пункт плана сопровождения"
        verbose_name_plural = "план сопровождения"
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.activity


class PairVisit(models.Model):
    """A joint event or a visit of the pair's schools: when, what kind, what was done."""

    class Kind(models.TextChoices):
        VISIT_TO_MENTEE = "visit_to_mentee", "выезд в школу-наставляемого"
        VISIT_TO_MENTOR = "visit_to_mentor", "визит в школу-наставника"
        JOINT_EVENT = "joint_event", "совместное мероприятие"
        ONLINE = "online", "онлайн-встреча"

    pair = models.ForeignKey(
        OrganisationPair, on_delete=models.CASCADE, related_name="visits", verbose_name="пара"
    )
    date = models.DateField("дата")
    kind = models.CharField("вид", max_length=16, choices=Kind.choices)
    title = models.CharField("название", max_length=300)
    summary = models.TextField("что сделано")

    class Meta:
        verbose_name = "совместное мероприятие или визит"
        verbose_name_plural = "совместные мероприятия и визиты"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title


class PairIndicatorValue(models.Model):
    """A value of the mentee school's indicator before, during or after the pair's work.

    Entered by hand until the analytics issue brings per-school facts; the selector
    `selectors_support.pair_indicators` is the one reader, so it can switch to facts in one place.
    """

    class Stage(models.TextChoices):
        BEFORE = "before", "до"
        DURING = "during", "в ходе"
        AFTER = "after", "после"

    pair = models.ForeignKey(
        OrganisationPair, on_delete=models.CASCADE, related_name="indicator_values", verbose_name="пара"
    )
    code = models.CharField("код показателя", max_length=64)
    name = models.CharField("показатель", max_length=300)
    stage = models.CharField("этап", max_length=8, choices=Stage.choices)
    period_label = models.CharField("период", max_length=64, help_text="Например: ВПР, весна 2026")
    value = models.DecimalField("значение", max_digits=10, decimal_places=2)
    numerator = models.PositiveIntegerField("числитель", null=True, blank=True)
    denominator = models.PositiveIntegerField("знаменатель", null=True, blank=True)

    class Meta:
        verbose_name = "значение показателя школы-наставляемого"
        verbose_name_plural = "показатели школы-наставляемого"
        ordering = ["code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "code", "stage", "period_label"], name="pair_indicator_unique"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True, denominator__isnull=True)
                | Q(numerator__isnull=False, denominator__gt=0, numerator__lte=F("denominator")),
                name="pair_indicator_fraction",
            ),
        ]
