"""Events of the regional centre of mentoring: internships, seminars, webinars, master classes and
conferences, the teachers their schools register for them, attendance, the schools' feedback and the
materials (schema: PUBLIC).

The public schema holds only what an event needs of a teacher (architecture.md, "the region gets staff
contact only where needed"): name, position, subject, category and e-mail, entered by the teacher's
school with the school's record that the teacher agreed to share them for this event. Nothing of the
school's own register is read or linked: a registration is not a pointer into a school schema.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from nastavnik.russian import agreed, gender_of
from regional_center.vocabulary import Subject, SupportKind, TeacherCategory


class EventKind(models.TextChoices):
    INTERNSHIP = "internship", "стажировка"
    SEMINAR = "seminar", "семинар"
    WEBINAR = "webinar", "вебинар"
    MASTER_CLASS = "master_class", "мастер-класс"
    CONFERENCE = "conference", "конференция"


class EventFormat(models.TextChoices):
    """The shared vocabulary.Format knows no mixed format; events need it (an internship on site with
    online sessions), so events keep their own list with the same codes for the first two."""

    IN_PERSON = "in_person", "очно"
    ONLINE = "online", "онлайн"
    MIXED = "mixed", "смешанный (очно и онлайн)"


class EventHost(models.TextChoices):
    CENTRE = "centre", "региональный центр наставничества"
    PARTNER = "partner", "организация-партнёр"
    SCHOOL = "school", "школа региона"


class EventStatus(models.TextChoices):
    PLANNED = "planned", "запланировано"
    OPEN = "open", "идёт запись"
    CLOSED = "closed", "запись закрыта"
    HELD = "held", "проведено"
    CANCELLED = "cancelled", "отменено"


class Event(models.Model):
    region = models.ForeignKey(
        "regional_center.Region", on_delete=models.PROTECT, related_name="events", verbose_name="регион"
    )
    title = models.CharField("название", max_length=300)
    kind = models.CharField("вид мероприятия", max_length=16, choices=EventKind.choices)
    description = models.TextField("описание", blank=True)
    starts_at = models.DateTimeField("начало")
    ends_at = models.DateTimeField("окончание")
    format = models.CharField("формат", max_length=16, choices=EventFormat.choices)
    place = models.CharField("место проведения", max_length=500, blank=True)
    link = models.URLField("ссылка на трансляцию", max_length=500, blank=True)
    host_kind = models.CharField("кто проводит", max_length=16, choices=EventHost.choices)
    host_partner = models.ForeignKey(
        "regional_center.PartnerOrganisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name="организация-партнёр",
    )
    host_school = models.ForeignKey(
        "tenants.School",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_events",
        verbose_name="школа-организатор",
    )
    audience = ArrayField(
        models.CharField(max_length=32, choices=TeacherCategory.choices),
        verbose_name="для кого (категории педагогов)",
    )
    support_kind = models.CharField(
        "вид методического сопровождения", max_length=32, choices=SupportKind.choices
    )
    subjects = ArrayField(
        models.CharField(max_length=32, choices=Subject.choices),
        blank=True,
        default=list,
        verbose_name="предметы",
    )
    capacity = models.PositiveIntegerField("мест")
    registration_deadline = models.DateTimeField("запись до")
    status = models.CharField(
        "статус", max_length=16, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)

    class Meta:
        verbose_name = "мероприятие"
        verbose_name_plural = "мероприятия"
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["region", "starts_at"], name="event_region_starts_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_deadline__lte=F("starts_at")), name="event_deadline_before_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="event_capacity_positive"),
            # The host fields say one thing: the centre itself, a partner, or a school — never two.
            models.CheckConstraint(
                condition=(Q(host_kind="centre") & Q(host_partner__isnull=True) & Q(host_school__isnull=True))
                | (Q(host_kind="partner") & Q(host_partner__isnull=False) & Q(host_school__isnull=True))
                | (Q(host_kind="school") & Q(host_partner__isnull=True) & Q(host_school__isnull=False)),
                name="event_host_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def host_name(self) -> str:
        if self.host_kind == EventHost.PARTNER and self.host_partner_id:
            return str(self.host_partner)
        if self.host_kind == EventHost.SCHOOL and self.host_school_id:
            return self.host_school.short_name
        return EventHost.CENTRE.label

    def audience_labels(self) -> list[str]:
        return [TeacherCategory(code).label for code in self.audience]

    def subject_labels(self) -> list[str]:
        return [Subject(code).label for code in self.subjects]


class EventRegistration(models.Model):
    """A teacher registered by their school's director or curator.

    The teacher has no login of their own here; the row carries the little the event needs. A
    cancelled registration is deleted, not kept: the teacher's data has no business staying in the
    public schema once the teacher is not coming.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name="мероприятие"
    )
    school = models.ForeignKey(
        "tenants.School", on_delete=models.PROTECT, related_name="event_registrations", verbose_name="школа"
    )
    last_name = models.CharField("фамилия", max_length=150)
    first_name = models.CharField("имя", max_length=150)
    middle_name = models.CharField("отчество", max_length=150, blank=True)
    position = models.CharField("должность", max_length=200)
    subject = models.CharField("предмет", max_length=32, choices=Subject.choices)
    category = models.CharField("категория педагога", max_length=32, choices=TeacherCategory.choices)
    email = models.EmailField("e-mail")
    consent = models.BooleanField(
        "педагог согласен передать эти данные для мероприятия",
        help_text="Школа — оператор персональных данных педагога; без его согласия запись невозможна.",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="кто записал",
    )
    registered_at = models.DateTimeField("записан", auto_now_add=True)
    # None until the administrator marks attendance after the event.
    attended = models.BooleanField("присутствовал", null=True, blank=True)
    attendance_marked_at = models.DateTimeField("посещаемость отмечена", null=True, blank=True)

    class Meta:
        verbose_name = "запись педагога на мероприятие"
        verbose_name_plural = "записи педагогов на мероприятия"
        ordering = ["school__short_name", "last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                F("event"),
                Lower("email"),
                name="event_registration_unique_email",
                violation_error_message="Этот педагог (e-mail) уже записан на мероприятие.",
            ),
            models.CheckConstraint(condition=Q(consent=True), name="event_registration_consent_given"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.event}"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)

    @property
    def gender(self) -> str | None:
        """From the patronymic (or the surname): the school enters no sex, and the region asks none."""
        return gender_of(last_name=self.last_name, middle_name=self.middle_name)

    def agreed(self, masculine: str, feminine: str) -> str:
        """A word about this teacher in their gender: `registration.agreed("записан", "записана")`."""
        return agreed(self.gender, masculine, feminine)


class EventFeedback(models.Model):
    """The school's rating of the event for one teacher who attended: given once, never edited."""

    registration = models.OneToOneField(
        EventRegistration, on_delete=models.CASCADE, related_name="feedback", verbose_name="запись"
    )
    rating = models.PositiveSmallIntegerField("оценка (1–5)")
    comment = models.TextField("комментарий", blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="кто оставил",
    )
    given_at = models.DateTimeField("оставлен", auto_now_add=True)

    class Meta:
        verbose_name = "отзыв школы о мероприятии"
        verbose_name_plural = "отзывы школ о мероприятиях"
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="event_feedback_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating} — {self.registration}"


def event_material_path(instance, filename: str) -> str:
    # The stored name is not the uploaded one: names can carry a teacher's name; the title keeps it.
    return f"events/{instance.event_id}/materials/{instance.stored_name}"


class EventMaterial(models.Model):
    """A file (of a declared type and size, checked by content) or a link attached to an event."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="materials", verbose_name="мероприятие"
    )
    title = models.CharField("название", max_length=300)
    file = models.FileField("файл", upload_to=event_material_path, max_length=300, blank=True)
    stored_name = models.CharField(max_length=100, blank=True, editable=False)
    content_type = models.CharField("тип файла", max_length=100, blank=True)
    size = models.PositiveIntegerField("размер, байт", null=True, blank=True)
    url = models.URLField("ссылка", max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="кто добавил",
    )
    added_at = models.DateTimeField("добавлен", auto_now_add=True)

    class Meta:
        verbose_name = "материал мероприятия"
        verbose_name_plural = "материалы мероприятий"
        ordering = ["added_at", "pk"]
        constraints = [
            # A material is a file or a link, exactly one of them.
            models.CheckConstraint(
                condition=(~Q(file="") & Q(url="")) | (Q(file="") & ~Q(url="")),
                name="event_material_file_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_file(self) -> bool:
        return bool(self.file)
