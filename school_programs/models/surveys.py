"""Monitoring (seed 001 §10): questionnaires, their distribution and answers, grades, growth rules.

Stage 1 measures the quality of the programme process; stage 2 measures each participant twice, at
entry (вход) and exit (выход), on constructs whose change is computed with the item's direction.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from ..dates import DateInRange
from .choices import Form


class Construct(models.TextChoices):
    """What a scale item measures. Direction is per item: anxiety and deficits are better when lower."""

    MOTIVATION = "motivation", "мотивация и личностный рост"
    COMPETENCIES = "competencies", "профессиональные / предметные компетенции"
    METASUBJECT = "metasubject", "метапредметные навыки"
    ENGAGEMENT = "engagement", "вовлечённость"
    ACTIVITY = "activity", "активность"
    SELF_ESTEEM = "self_esteem", "самооценка"
    ANXIETY = "anxiety", "тревожность"
    SELF_EDUCATION = "self_education", "навыки самообразования"
    SATISFACTION = "satisfaction", "удовлетворённость"
    DEFICIT_SUBJECT = "deficit_subject", "предметные дефициты"
    DEFICIT_METHODICAL = "deficit_methodical", "методические дефициты"
    DEFICIT_PSYCHOLOGICAL = "deficit_psychological", "психолого-педагогические дефициты"
    DEFICIT_COMMUNICATIVE = "deficit_communicative", "коммуникативные дефициты"
    ACADEMIC = "academic", "академические результаты (отметки)"


class Survey(models.Model):
    """A questionnaire of the school (an editable copy of a shipped instrument, or the school's own)."""

    class Purpose(models.TextChoices):
        PROCESS = "process", "этап 1: качество процесса реализации программы"
        IMPACT = "impact", "этап 2: влияние программы на участников (вход / выход)"
        SATISFACTION = "satisfaction", "удовлетворённость участием (при завершении)"
        OTHER = "other", "другое"

    class Audience(models.TextChoices):
        MENTEE_STUDENT = "mentee_student", "наставляемые-обучающиеся"
        MENTEE_TEACHER = "mentee_teacher", "наставляемые-педагоги"
        MENTOR = "mentor", "наставники"
        CURATOR = "curator", "кураторы"
        ANY = "any", "все участники"

    title = models.CharField("название", max_length=300)
    purpose = models.CharField("назначение", max_length=16, choices=Purpose.choices)
    audience = models.CharField("для кого", max_length=16, choices=Audience.choices, default=Audience.ANY)
    form = models.CharField("форма наставничества", max_length=32, choices=Form.choices, blank=True)
    description = models.TextField("пояснение для отвечающих", blank=True)
    is_anonymous = models.BooleanField("анонимная", default=False)
    instrument_code = models.CharField(
        "код поставляемой методики",
        max_length=64,
        blank=True,
        help_text="Пусто у анкет, созданных школой.",
    )
    is_archived = models.BooleanField("в архиве", default=False)
    created_at = models.DateTimeField("создана", auto_now_add=True)

    class Meta:
        verbose_name = "анкета"
        verbose_name_plural = "анкеты"
        ordering = ["purpose", "title"]

    def __str__(self) -> str:
        return self.title


class SurveyVersion(models.Model):
    """The questions of a survey as they were asked. A version with answers is never changed:
    editing it makes the next version (services enforce; answers keep pointing at their version)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("версия")
    created_at = models.DateTimeField("создана", auto_now_add=True)

    class Meta:
        verbose_name = "версия анкеты"
        verbose_name_plural = "версии анкет"
        ordering = ["survey", "-number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="survey_version_unique")]

    def __str__(self) -> str:
        return f"{self.survey} (версия {self.number})"


class SurveySection(models.Model):
    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField("№")
    title = models.CharField("раздел", max_length=300)

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "order"], name="survey_section_order")]


class Question(models.Model):
    class Kind(models.TextChoices):
        OPEN = "open", "открытый вопрос"
        SINGLE = "single", "один вариант"
        MULTIPLE = "multiple", "несколько вариантов"
        SCALE10 = "scale10", "шкала 1–10"
        LIKERT5 = "likert5", "шкала Лайкерта 1–5"
        MATRIX = "matrix", "матрица (строки — утверждения, шкала 1–5)"

    section = models.ForeignKey(SurveySection, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField("№")
    kind = models.CharField("тип", max_length=16, choices=Kind.choices)
    text = models.TextField("вопрос")
    required = models.BooleanField("обязательный", default=True)
    # Options of single/multiple choice questions: ["вариант 1", "вариант 2", …].
    choices = models.JSONField("варианты ответа", default=list, blank=True)
    # Rows of a matrix question: [{"text": …, "construct": …, "direction": 1 | -1}, …].
    rows = models.JSONField("строки матрицы", default=list, blank=True)
    # What a scale question measures, and whether higher (1) or lower (-1) is better.
    construct = models.CharField("что измеряет", max_length=32, choices=Construct.choices, blank=True)
    direction = models.SmallIntegerField("направление", default=1)

    class Meta:
        verbose_name = "вопрос"
        verbose_name_plural = "вопросы"
        ordering = ["section", "order"]
        constraints = [
            models.UniqueConstraint(fields=["section", "order"], name="question_order_in_section"),
            models.CheckConstraint(condition=Q(direction__in=[1, -1]), name="question_direction_sign"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def scale(self) -> tuple[int, int] | None:
        if self.kind == self.Kind.SCALE10:
            return (1, 10)
        if self.kind in {self.Kind.LIKERT5, self.Kind.MATRIX}:
            return (1, 5)
        return None


class Distribution(models.Model):
    """One sending of a survey version to people: a wave (entry, exit, interim or once)."""

    class Wave(models.TextChoices):
        ENTRY = "entry", "вход"
        EXIT = "exit", "выход"
        INTERIM = "interim", "промежуточный"
        ONCE = "once", "однократный"

    programme = models.ForeignKey("Programme", on_delete=models.CASCADE, related_name="distributions")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="distributions")
    wave = models.CharField("этап измерения", max_length=16, choices=Wave.choices)
    opens_on = models.DateField("открыта с", validators=[DateInRange("Открыта с")])
    closes_on = models.DateField("до", validators=[DateInRange("Открыта до")])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)

    class Meta:
        verbose_name = "рассылка анкеты"
        verbose_name_plural = "рассылки анкет"
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="distribution_period_valid"
            ),
        ]


class Invitation(models.Model):
    """A person's invitation to answer: through their account, or a personal one-time link.

    Only a hash of the link's token is stored: the link is shown once when made (and may be made
    again, which invalidates the old one)."""

    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="invitations")
    participant = models.ForeignKey("Participant", on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    expires_at = models.DateTimeField("ссылка действует до", null=True, blank=True)
    used_at = models.DateTimeField("ответ получен", null=True, blank=True)
    reminded_at = models.DateTimeField("напоминание", null=True, blank=True)

    class Meta:
        verbose_name = "приглашение"
        verbose_name_plural = "приглашения"
        constraints = [
            models.UniqueConstraint(fields=["distribution", "participant"], name="invitation_unique"),
            models.UniqueConstraint(
                fields=["token_hash"], condition=~Q(token_hash=""), name="invitation_token_unique"
            ),
        ]


class SurveyResponse(models.Model):
    """A submitted questionnaire. In anonymous mode it is not linked to the person."""

    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="responses")
    participant = models.ForeignKey(
        "Participant", null=True, blank=True, on_delete=models.CASCADE, related_name="survey_responses"
    )
    submitted_at = models.DateTimeField("отправлена", auto_now_add=True)

    class Meta:
        verbose_name = "ответ на анкету"
        verbose_name_plural = "ответы на анкеты"
        constraints = [
            models.UniqueConstraint(
                fields=["distribution", "participant"],
                condition=Q(participant__isnull=False),
                name="one_response_per_person",
            ),
        ]


class Answer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    row = models.PositiveSmallIntegerField("строка матрицы", null=True, blank=True)
    number = models.SmallIntegerField("балл", null=True, blank=True)
    text = models.TextField("текст", blank=True)
    selected = models.JSONField("выбранные варианты", default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "row"],
                nulls_distinct=False,
                name="answer_unique_per_question_row",
            ),
        ]
        indexes = [models.Index(fields=["question", "row"], name="answer_question_row_idx")]


class Grade(models.Model):
    """A student's mark in a subject for a period (четверть / полугодие / год), from the register."""

    participant = models.ForeignKey("Participant", on_delete=models.CASCADE, related_name="grades")
    subject = models.CharField("предмет", max_length=100)
    period = models.CharField("период", max_length=60, help_text="Например: «2026/27, I четверть»")
    period_end = models.DateField("конец периода", validators=[DateInRange("Конец периода")])
    value = models.DecimalField("отметка", max_digits=3, decimal_places=2)

    class Meta:
        verbose_name = "отметка"
        verbose_name_plural = "отметки"
        ordering = ["participant", "subject", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "subject", "period"], name="grade_unique"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=5), name="grade_value_range"),
        ]


class GrowthRule(models.Model):
    """What counts as "grew" on a construct: exit − entry (with the item direction) ≥ threshold.

    Stated on every report, so that a share is never read without its definition."""

    construct = models.CharField("что измеряет", max_length=32, choices=Construct.choices, unique=True)
    threshold = models.DecimalField("порог роста", max_digits=4, decimal_places=2)
    note = models.CharField("пояснение", max_length=300, blank=True)

    class Meta:
        verbose_name = "правило роста"
        verbose_name_plural = "правила роста"
        ordering = ["construct"]

    def __str__(self) -> str:
        return f"{self.get_construct_display()}: рост ≥ {self.threshold}"
