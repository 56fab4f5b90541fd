import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q

from nastavnik.russian import agreed, gender_of

from ..dates import BIRTH, DateInRange
from .choices import SPECIAL_CATEGORIES, Category, ExternalKind, ParticipantKind, QualificationCategory

ADULT_AGE = 18


class Participant(models.Model):
    """A person of the school's mentoring: student, teacher, parent, graduate or external mentor.

    One table for all kinds keeps the curator's list (1,500 people) one query; fields that belong to
    one kind are empty for the others, and check constraints keep them so.
    """

    kind = models.CharField("кто", max_length=16, choices=ParticipantKind.choices)
    last_name = models.CharField("фамилия", max_length=150)
    first_name = models.CharField("имя", max_length=150)
    middle_name = models.CharField("отчество", max_length=150, blank=True)
    birth_date = models.DateField(
        "дата рождения", null=True, blank=True, validators=[DateInRange("Дата рождения", BIRTH)]
    )
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("телефон", max_length=40, blank=True)
    # Teachers who log in are linked to their platform account (public schema). Links to users from
    # a school schema have no database foreign key and never cascade: a user lives in public, their
    # rows in 2,000 school schemas, and a delete from public cannot reach (or lock) them all. Users
    # are deactivated, not deleted; a dangling id reads as "no account".
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        verbose_name="учётная запись",
    )
    # Students
    grade = models.PositiveSmallIntegerField("класс (параллель)", null=True, blank=True)
    class_letter = models.CharField("литера класса", max_length=4, blank=True)
    # Teachers
    position = models.CharField("должность", max_length=200, blank=True)
    subjects = ArrayField(models.CharField(max_length=100), default=list, blank=True, verbose_name="предметы")
    experience_years = models.PositiveSmallIntegerField("педагогический стаж, лет", null=True, blank=True)
    qualification = models.CharField(
        "квалификационная категория", max_length=16, choices=QualificationCategory.choices, blank=True
    )
    is_methodist = models.BooleanField("педагог-методист", default=False)
    is_mentor_teacher = models.BooleanField("педагог-наставник", default=False)
    # Retention of young specialists (regional indicators) is a cohort by date of hiring and leaving.
    hired_on = models.DateField(
        "принят на работу", null=True, blank=True, validators=[DateInRange("Дата приёма")]
    )
    left_on = models.DateField("уволен", null=True, blank=True, validators=[DateInRange("Дата увольнения")])
    # Graduates and external mentors
    graduation_year = models.PositiveSmallIntegerField("год выпуска", null=True, blank=True)
    external_kind = models.CharField(
        "внешний наставник", max_length=24, choices=ExternalKind.choices, blank=True
    )
    organisation = models.CharField("организация (место работы или учёбы)", max_length=300, blank=True)
    external_id = models.CharField(
        "код в электронном журнале",
        max_length=64,
        blank=True,
        help_text="Идентификатор из выгрузки школы; по нему повторный импорт обновляет, а не дублирует.",
    )
    is_active = models.BooleanField("участвует", default=True)
    created_at = models.DateTimeField("добавлен", auto_now_add=True)

    class Meta:
        verbose_name = "участник"
        verbose_name_plural = "участники"
        ordering = ["last_name", "first_name", "middle_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=ParticipantKind.STUDENT) | Q(grade__isnull=True),
                name="grade_only_for_students",
            ),
            models.CheckConstraint(
                condition=Q(grade__isnull=True) | Q(grade__gte=1, grade__lte=11),
                name="grade_between_1_and_11",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(hired_on__isnull=True) | Q(left_on__gte=F("hired_on")),
                name="participant_left_after_hired",
            ),
            models.UniqueConstraint(
                fields=["kind", "external_id"],
                condition=~Q(external_id=""),
                name="participant_external_id_unique",
            ),
        ]
        indexes = [models.Index(fields=["kind", "last_name"], name="participant_kind_name_idx")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)

    @property
    def short_name(self) -> str:
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.middle_name) if part)
        return f"{self.last_name} {initials}".strip()

    @property
    def gender(self) -> str | None:
        """From the patronymic (or the surname): the register and the seeds carry no sex column."""
        return gender_of(last_name=self.last_name, middle_name=self.middle_name)

    def agreed(self, masculine: str, feminine: str) -> str:
        """A word about this person in their gender: `participant.agreed("отобран", "отобрана")`."""
        return agreed(self.gender, masculine, feminine)

    @property
    def class_name(self) -> str:
        return f"{self.grade}{self.class_letter}" if self.grade else ""

    @property
    def description(self) -> str:
        """Class for a student, position for staff: the line under a name in lists and documents."""
        if self.kind == ParticipantKind.STUDENT:
            return f"{self.class_name} класс" if self.grade else "обучающийся"
        if self.kind == ParticipantKind.TEACHER:
            return self.position or "педагог"
        if self.organisation:
            return self.organisation
        return self.get_kind_display()

    def age_on(self, day: datetime.date) -> int | None:
        if self.birth_date is None:
            return None
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday

    def is_minor_on(self, day: datetime.date) -> bool:
        """Students without a birth date are treated as minors: consent then comes from a parent."""
        age = self.age_on(day)
        return self.kind == ParticipantKind.STUDENT if age is None else age < ADULT_AGE


class Guardianship(models.Model):
    """A parent (or other legal representative) of a student of the school."""

    parent = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="child_links", verbose_name="родитель"
    )
    child = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="parent_links", verbose_name="ребёнок"
    )

    class Meta:
        verbose_name = "родитель и ребёнок"
        verbose_name_plural = "родители и дети"
        constraints = [
            models.UniqueConstraint(fields=["parent", "child"], name="guardianship_unique"),
            models.CheckConstraint(condition=~Q(parent=F("child")), name="guardianship_not_self"),
        ]


class ParticipantCategory(models.Model):
    """A participant's category in the bases; special ones are guarded (see access + SpecialDataAccess)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="categories", verbose_name="участник"
    )
    category = models.CharField("категория", max_length=32, choices=Category.choices)
    note = models.CharField("комментарий", max_length=300, blank=True)

    class Meta:
        verbose_name = "категория участника"
        verbose_name_plural = "категории участников"
        constraints = [
            models.UniqueConstraint(fields=["participant", "category"], name="participant_category_unique")
        ]

    @property
    def is_special(self) -> bool:
        return self.category in SPECIAL_CATEGORIES


class Consent(models.Model):
    """Consent to personal-data processing (152-ФЗ), given by the person or, for a minor, by a parent."""

    class Scope(models.TextChoices):
        PERSONAL_DATA = "personal_data", "обработка персональных данных"
        SPECIAL_CATEGORIES = "special", "обработка специальных категорий ПДн (здоровье, учёт, ТЖС)"

    class GivenBy(models.TextChoices):
        SELF = "self", "сам участник"
        REPRESENTATIVE = "representative", "законный представитель"

    class Form(models.TextChoices):
        WRITTEN = "written", "письменное (на бумаге, с подписью)"
        ELECTRONIC = "electronic", "электронное"

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="consents", verbose_name="участник"
    )
    scope = models.CharField("на что", max_length=16, choices=Scope.choices, default=Scope.PERSONAL_DATA)
    given_by = models.CharField("кем дано", max_length=16, choices=GivenBy.choices, default=GivenBy.SELF)
    representative = models.ForeignKey(
        Participant,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents_given",
        verbose_name="законный представитель",
    )
    representative_name = models.CharField(
        "ФИО представителя (если его нет в базе)", max_length=300, blank=True
    )
    form = models.CharField("форма", max_length=16, choices=Form.choices, default=Form.WRITTEN)
    document_number = models.CharField("номер / отметка документа", max_length=100, blank=True)
    signed_on = models.DateField("дата согласия", validators=[DateInRange("Дата согласия")])
    valid_until = models.DateField(
        "действует до", null=True, blank=True, validators=[DateInRange("Действует до")]
    )
    withdrawn_on = models.DateField(
        "отозвано", null=True, blank=True, validators=[DateInRange("Дата отзыва")]
    )
    withdrawal_reason = models.CharField("причина отзыва", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        verbose_name="внёс",
    )
    recorded_at = models.DateTimeField("внесено", auto_now_add=True)

    class Meta:
        verbose_name = "согласие на обработку ПДн"
        verbose_name_plural = "согласия на обработку ПДн"
        ordering = ["-signed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("signed_on")),
                name="consent_validity_after_signing",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("signed_on")),
                name="consent_withdrawn_after_signing",
            ),
            # Special categories are processed only with written consent (152-ФЗ, art. 10).
            models.CheckConstraint(
                condition=~Q(scope="special") | Q(form="written"), name="special_consent_is_written"
            ),
        ]

    def is_valid_on(self, day: datetime.date) -> bool:
        return (
            self.signed_on <= day
            and (self.valid_until is None or day <= self.valid_until)
            and (self.withdrawn_on is None or day < self.withdrawn_on)
        )


class SpecialDataAccess(models.Model):
    """Who saw a participant's special-category data, when and where (one row per view or export)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="special_accesses", verbose_name="участник"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        verbose_name="пользователь",
    )
    action = models.CharField("действие", max_length=32, default="view")
    where = models.CharField("где", max_length=300, blank=True)
    at = models.DateTimeField("когда", auto_now_add=True)

    class Meta:
        verbose_name = "доступ к специальным категориям ПДн"
        verbose_name_plural = "журнал доступа к специальным категориям ПДн"
        ordering = ["-at"]
