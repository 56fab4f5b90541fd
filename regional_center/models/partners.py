"""Partner organisations of the regional centre of mentoring (schema: PUBLIC).

Partners are whoever the centre works with under an agreement or by custom: strong schools with best
practices in a subject, universities and colleges, employers, NGOs. Events name them as hosts,
organisation–organisation mentoring draws mentor organisations from them, the practice library shows
their practices. The partner is a public object: no person's data beyond a contact for the centre.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from regional_center.vocabulary import Subject


class PartnerOrganisation(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", "школа с лучшими практиками"
        UNIVERSITY = "university", "вуз"
        COLLEGE = "college", "колледж (СПО)"
        EMPLOYER = "employer", "работодатель"
        NGO = "ngo", "некоммерческая организация"
        OTHER = "other", "другая организация"

    name = models.CharField("название", max_length=300)
    short_name = models.CharField("краткое название", max_length=150, blank=True)
    kind = models.CharField("вид организации", max_length=16, choices=Kind.choices)
    # A partner school is one of the region's schools: its card, its schema and its ШНОР/partner flags are
    # the school's own; the partner row adds what the centre needs (subjects, offer, contacts).
    school = models.OneToOneField(
        "tenants.School",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_profile",
        verbose_name="школа региона",
    )
    # Where the partner sits, for "same municipality first" when suggesting partners; a school's own
    # municipality is copied here by the service so every partner answers the question one way.
    municipality = models.ForeignKey(
        "regional_center.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partners",
        verbose_name="муниципалитет",
    )
    subjects = ArrayField(
        models.CharField(max_length=32, choices=Subject.choices),
        blank=True,
        default=list,
        verbose_name="сильные предметы",
    )
    offer = models.TextField(
        "что предлагает", blank=True, help_text="Стажировки, семинары, наставники, площадки…"
    )
    contact_person = models.CharField("контактное лицо", max_length=300, blank=True)
    phone = models.CharField("телефон", max_length=50, blank=True)
    email = models.EmailField("e-mail", blank=True)
    website = models.URLField("сайт", blank=True)
    address = models.CharField("адрес", max_length=500, blank=True)
    is_active = models.BooleanField("действует", default=True)
    created_at = models.DateTimeField("добавлена", auto_now_add=True)

    class Meta:
        verbose_name = "организация-партнёр"
        verbose_name_plural = "организации-партнёры"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="partner_unique_name"),
            # Only a partner of the kind "school" may point at a school of the region, and it must.
            models.CheckConstraint(
                condition=(Q(kind="school") & Q(school__isnull=False))
                | (~Q(kind="school") & Q(school__isnull=True)),
                name="partner_school_link_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def subject_labels(self) -> list[str]:
        labels = dict(Subject.choices)
        return [labels.get(code, code) for code in self.subjects]


def agreement_upload_to(instance, filename: str) -> str:
    # The stored name is not the uploader's: the original may carry personal names or odd characters.
    import uuid
    from pathlib import Path

    return f"agreements/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Agreement(models.Model):
    """A cooperation agreement (соглашение о сотрудничестве) of the regional centre with its partners.

    The centre (the region's `centre_name`) is always a party; the other parties are partner
    organisations and/or schools of the region, at least one (regional_center.services.agreements).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "проект"
        ACTIVE = "active", "действует"
        EXPIRED = "expired", "истёк срок"
        TERMINATED = "terminated", "расторгнуто"

    region = models.ForeignKey(
        "regional_center.Region", on_delete=models.PROTECT, related_name="agreements", verbose_name="регион"
    )
    number = models.CharField("номер", max_length=50)
    signed_on = models.DateField("дата заключения")
    partners = models.ManyToManyField(
        PartnerOrganisation, blank=True, related_name="agreements", verbose_name="организации-партнёры"
    )
    schools = models.ManyToManyField(
        "tenants.School", blank=True, related_name="centre_agreements", verbose_name="школы"
    )
    starts_on = models.DateField("действует с")
    ends_on = models.DateField("действует по")
    subject = models.TextField("предмет соглашения")
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.DRAFT)
    document = models.FileField("скан соглашения", upload_to=agreement_upload_to, blank=True)
    document_name = models.CharField("имя файла", max_length=255, blank=True)
    document_type = models.CharField("тип файла", max_length=100, blank=True)
    created_at = models.DateTimeField("добавлено", auto_now_add=True)

    class Meta:
        verbose_name = "соглашение о сотрудничестве"
        verbose_name_plural = "соглашения о сотрудничестве"
        ordering = ["ends_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="agreement_unique_number"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="agreement_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} от {self.signed_on:%d.%m.%Y}"


class AgreementExpiryWarning(models.Model):
    """One e-mail to the administrators per agreement per threshold (e.g. 30 and 7 days before the
    end): the row is what makes the daily task idempotent."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="expiry_warnings", verbose_name="соглашение"
    )
    days_before = models.PositiveSmallIntegerField("за сколько дней")
    ends_on = models.DateField("дата окончания на момент предупреждения")
    sent_at = models.DateTimeField("отправлено", auto_now_add=True)
    recipients = models.PositiveSmallIntegerField("получателей", default=0)

    class Meta:
        verbose_name = "предупреждение об окончании соглашения"
        verbose_name_plural = "предупреждения об окончании соглашений"
        constraints = [
            # ends_on in the key: a prolonged agreement is warned again before its new end.
            models.UniqueConstraint(
                fields=["agreement", "days_before", "ends_on"], name="agreement_warning_once"
            ),
        ]
