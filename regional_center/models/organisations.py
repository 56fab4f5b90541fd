from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models

from regional_center.vocabulary import Subject


class Region(models.Model):
    """The subject of the Russian Federation this deployment serves (one deployment per region)."""

    name = models.CharField("название", max_length=200, unique=True)
    code = models.CharField("код субъекта", max_length=8, blank=True)
    # The top of the management chain (seed 003): the regional executive body in charge of education.
    education_authority = models.CharField(
        "региональный орган управления образованием",
        max_length=300,
        blank=True,
        help_text="Например: Министерство образования и науки Республики Марий Эл",
    )
    centre_name = models.CharField(
        "региональный центр наставничества",
        max_length=300,
        blank=True,
        help_text="Например: ГБУ ДПО «Марийский институт образования»",
    )

    class Meta:
        verbose_name = "регион"
        verbose_name_plural = "регионы"

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    class Kind(models.TextChoices):
        URBAN_DISTRICT = "urban_district", "городской округ"
        MUNICIPAL_DISTRICT = "municipal_district", "муниципальный район"
        MUNICIPAL_OKRUG = "municipal_okrug", "муниципальный округ"

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name="регион"
    )
    name = models.CharField("название", max_length=200)
    kind = models.CharField("вид", max_length=32, choices=Kind.choices, default=Kind.MUNICIPAL_DISTRICT)
    education_department = models.CharField("орган управления образованием", max_length=300, blank=True)

    class Meta:
        verbose_name = "муниципалитет"
        verbose_name_plural = "муниципалитеты"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="municipality_unique_name_in_region"),
        ]

    def __str__(self) -> str:
        return self.name


class PublishedPractice(models.Model):
    """A best practice in the region's library: a school's, de-identified, or a partner's.

    A school's practice is copied from its own record (school_programs.BestPractice) when the school
    publishes it: the region never reads a school's schema, and the text was checked for participants'
    names first. A partner's practice is entered by the regional administrator
    (regional_center.services.practices). Form and role model are stored as text because their
    reference data lives in each school's schema.

    Search: PostgreSQL full-text search with the Russian configuration over a generated column, so that
    «наставничество» finds «наставника» (stemming) and every writer — the school's publication path
    included — gets a searchable row without remembering to index it.
    """

    school = models.ForeignKey(
        "tenants.School",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="published_practices",
        verbose_name="школа",
    )
    partner = models.ForeignKey(
        "regional_center.PartnerOrganisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name="организация-партнёр",
    )
    title = models.CharField("название", max_length=300)
    form = models.CharField("форма наставничества (код)", max_length=32)
    form_label = models.CharField("форма наставничества", max_length=100)
    role_model_name = models.CharField("ролевая модель", max_length=200, blank=True)
    subject = models.CharField("предмет", max_length=32, blank=True, choices=Subject.choices)
    topic = models.CharField("тема", max_length=300, blank=True)
    description = models.TextField("описание")
    results = models.TextField("результаты", blank=True)
    published_at = models.DateTimeField("опубликована", auto_now_add=True)
    search = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config="russian")
            + SearchVector("topic", weight="A", config="russian")
            + SearchVector("role_model_name", weight="B", config="russian")
            + SearchVector("description", weight="C", config="russian")
            + SearchVector("results", weight="D", config="russian")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name="поисковый индекс",
    )

    class Meta:
        verbose_name = "опубликованная практика наставничества"
        verbose_name_plural = "библиотека практик наставничества"
        ordering = ["-published_at"]
        indexes = [GinIndex(fields=["search"], name="practice_search_gin")]
        constraints = [
            # A practice has one author: a school of the region or a partner of the centre.
            models.CheckConstraint(
                condition=(models.Q(school__isnull=False) & models.Q(partner__isnull=True))
                | (models.Q(school__isnull=True) & models.Q(partner__isnull=False)),
                name="practice_has_one_author",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def author_name(self) -> str:
        return str(self.school or self.partner)


def school_year_label(start_year: int) -> str:
    """2026 → «2026/27»: the school year that starts on 1 September of `start_year`."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


class SchoolYearStatus(models.Model):
    """A school's ШНОР and partner flags for one school year, with who set them, when and why.

    The region re-decides both lists every year (monitoring of results, the partner network), so the
    flags are per year and earlier years stay as history. `School.low_results` and
    `School.partner_school` mirror the current year's row; regional_center.services.school_years is
    the only writer of both and keeps them in step.
    """

    school = models.ForeignKey(
        "tenants.School", on_delete=models.CASCADE, related_name="year_statuses", verbose_name="школа"
    )
    start_year = models.PositiveSmallIntegerField(
        "учебный год (год начала)", help_text="2026 — это 2026/27 учебный год"
    )
    low_results = models.BooleanField("школа с низкими результатами (ШНОР)", default=False)
    partner_school = models.BooleanField("школа-партнёр (наставник)", default=False)
    reason = models.TextField("основание", blank=True, help_text="Например: приказ Минобразования № …")
    set_by = models.ForeignKey(
        "tenants.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="кто установил",
    )
    set_at = models.DateTimeField("когда установлено")

    class Meta:
        verbose_name = "отметки школы за учебный год"
        verbose_name_plural = "отметки школ по учебным годам"
        ordering = ["school", "-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "start_year"], name="school_year_status_unique"),
            models.CheckConstraint(
                condition=models.Q(start_year__gte=2000) & models.Q(start_year__lte=2100),
                name="school_year_status_sane_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} — {self.year_label}"

    @property
    def year_label(self) -> str:
        return school_year_label(self.start_year)
