import datetime

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q

from ..dates import RANGE_MESSAGE, DateInRange, range_q
from .choices import Form, Stage


class Programme(models.Model):
    """The school's mentoring programme for a period (one academic year or several)."""

    class Status(models.TextChoices):
        PREPARATION = "preparation", "подготовка"
        ACTIVE = "active", "реализуется"
        COMPLETED = "completed", "завершена"

    title = models.CharField("название", max_length=300)
    start_date = models.DateField("начало", validators=[DateInRange("Дата начала")])
    end_date = models.DateField("окончание", validators=[DateInRange("Дата окончания")])
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.PREPARATION)
    forms = ArrayField(
        models.CharField(max_length=32, choices=Form.choices),
        default=list,
        blank=True,
        verbose_name="формы наставничества",
    )
    curators = models.ManyToManyField(
        "Participant", blank=True, related_name="curated_programmes", verbose_name="кураторы"
    )
    goals = models.TextField("цели и задачи", blank=True)
    final_report = models.TextField("итоги программы", blank=True)
    completed_on = models.DateField(
        "завершена", null=True, blank=True, validators=[DateInRange("Дата завершения")]
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)

    class Meta:
        verbose_name = "программа наставничества"
        verbose_name_plural = "программы наставничества"
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gt=F("start_date")), name="programme_period_valid"),
            # A slip like «0035» for «2035» must not reach the road map and the region's indicators.
            models.CheckConstraint(
                condition=range_q("start_date", "end_date"),
                name="programme_dates_in_range",
                violation_error_message=RANGE_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def form_labels(self) -> list[str]:
        return [Form(code).label for code in self.forms]

    @property
    def choice_label(self) -> str:
        """How a programme is named in a selector: two programmes may share a title, never a period."""
        period = f"{self.start_date:%d.%m.%Y} – {self.end_date:%d.%m.%Y}"
        return f"{self.title} ({period}, {self.get_status_display()})"

    def cycles(self) -> list[tuple[datetime.date, datetime.date]]:
        """The programme's yearly cycles (school years), each (first day, last day).

        A multi-year programme repeats its stages every school year (seed 001: «Август-сентябрь
        2024-2028гг.»): a cycle starts on the programme's start day of each year. A tail shorter than
        three months is no cycle of its own (nothing can be prepared, paired and completed in it) and
        belongs to the previous one.
        """
        starts = [self.start_date]
        while True:
            following = _years_later(self.start_date, len(starts))
            if _months_later(following, 3) > self.end_date:
                break
            starts.append(following)
        ends = [following - datetime.timedelta(days=1) for following in starts[1:]] + [self.end_date]
        return list(zip(starts, ends, strict=True))


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _months_later(day: datetime.date, months: int) -> datetime.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    try:
        return day.replace(year=year, month=month)
    except ValueError:
        return datetime.date(year, month, 28)


class RoleModel(models.Model):
    """A role model (ролевая модель / вариант) of a form, e.g. «успевающий – неуспевающий».

    Reference data shipped with the product (data migration, copied into every new school from the
    template) and editable by the school.
    """

    form = models.CharField("форма", max_length=32, choices=Form.choices)
    name = models.CharField("ролевая модель", max_length=200)
    goal = models.TextField("цель", blank=True)
    is_active = models.BooleanField("используется", default=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "ролевая модель"
        verbose_name_plural = "ролевые модели"
        ordering = ["form", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["form", "name"], name="role_model_unique_name_in_form")
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()}: {self.name}"


class RoadmapItem(models.Model):
    """A line of the programme's road map (дорожная карта): stage, activity, content, deadline, who."""

    class Status(models.TextChoices):
        PLANNED = "planned", "запланировано"
        IN_PROGRESS = "in_progress", "выполняется"
        DONE = "done", "выполнено"
        CANCELLED = "cancelled", "отменено"

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="roadmap", verbose_name="программа"
    )
    stage = models.CharField("этап", max_length=16, choices=Stage.choices)
    order = models.PositiveSmallIntegerField("№ п/п", default=0)
    activity = models.CharField("мероприятие", max_length=500)
    content = models.TextField("содержание деятельности", blank=True)
    deadline = models.DateField("срок", validators=[DateInRange("Срок")])
    responsible = models.CharField("ответственные", max_length=300)
    status = models.CharField("состояние", max_length=16, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField(
        "выполнено", null=True, blank=True, validators=[DateInRange("Дата выполнения")]
    )

    class Meta:
        verbose_name = "пункт дорожной карты"
        verbose_name_plural = "дорожная карта"
        ordering = ["programme", "order", "deadline"]

    def __str__(self) -> str:
        return self.activity

    def is_overdue_on(self, day) -> bool:
        return self.status in {self.Status.PLANNED, self.Status.IN_PROGRESS} and self.deadline < day


class SchoolSettings(models.Model):
    """The school's own settings for its programme (one row)."""

    meeting_gap_weeks = models.PositiveSmallIntegerField(
        "пара без встреч считается отстающей через, недель", default=3
    )
    reminders_enabled = models.BooleanField("напоминать наставникам по e-mail", default=True)

    class Meta:
        verbose_name = "настройки программы школы"
        verbose_name_plural = "настройки программы школы"

    @classmethod
    def current(cls) -> "SchoolSettings":
        return cls.objects.order_by("pk").first() or cls.objects.create()
