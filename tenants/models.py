from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django_tenants.models import DomainMixin, TenantMixin

from nastavnik.russian import gender_of

# Slugs appear in URLs (/s/<slug>/) and may become host names, which cannot contain underscores.
slug_validator = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$",
    "Код школы: латинские строчные буквы, цифры и дефис, не длиннее 48 символов, "
    "без дефиса в начале и в конце.",
)


class School(TenantMixin):
    """An educational organisation; its mentoring programme lives in the PostgreSQL schema `schema_name`."""

    class Kind(models.TextChoices):
        SCHOOL = "school", "общеобразовательная школа"
        GYMNASIUM = "gymnasium", "гимназия"
        LYCEUM = "lyceum", "лицей"
        COLLEGE = "college", "колледж (СПО)"
        ADDITIONAL = "additional", "организация дополнительного образования"

    class Status(models.TextChoices):
        ACTIVE = "active", "работает"
        SUSPENDED = "suspended", "приостановлена"
        ARCHIVED = "archived", "в архиве"

    slug = models.CharField("код в адресе", max_length=48, unique=True, validators=[slug_validator])
    full_name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("краткое наименование", max_length=200)
    municipality = models.ForeignKey(
        "regional_center.Municipality",
        on_delete=models.PROTECT,
        related_name="schools",
        verbose_name="муниципалитет",
    )
    kind = models.CharField("тип организации", max_length=16, choices=Kind.choices, default=Kind.SCHOOL)
    address = models.CharField("адрес", max_length=500, blank=True)
    inn = models.CharField("ИНН", max_length=12, blank=True)
    low_results = models.BooleanField(
        "школа с низкими результатами (ШНОР)",
        default=False,
        help_text=(
            "Получает адресную методическую поддержку; участвует в наставничестве "
            "«организация – организация»."
        ),
    )
    partner_school = models.BooleanField(
        "школа-партнёр (наставник)",
        default=False,
        help_text="Сильная школа, которая может вести ШНОР в форме «организация – организация».",
    )
    status = models.CharField("статус", max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField("создана", auto_now_add=True)

    # Schemas are made by tenants.services.provisioning (clone of a migrated template), not on save().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = "образовательная организация"
        verbose_name_plural = "образовательные организации"
        ordering = ["short_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(schema_name__regex=r"^school_[a-z0-9_]{1,56}$"),
                name="school_schema_name_shape",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name


class Domain(DomainMixin):
    """Optional host-name routing for a school; the default is the path /s/<slug>/ on the main host."""

    class Meta:
        verbose_name = "домен"
        verbose_name_plural = "домены"


class NastavnikUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A person who logs in: staff of the region, municipality, consultation point or a school.

    Students never log in (they answer surveys through one-time links), so no child is a User.
    """

    last_name = models.CharField("фамилия", max_length=150)
    first_name = models.CharField("имя", max_length=150)
    middle_name = models.CharField("отчество", max_length=150, blank=True)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("телефон", max_length=40, blank=True)
    position = models.CharField("должность", max_length=200, blank=True)

    objects = NastavnikUserManager()

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        ordering = ["last_name", "first_name", "middle_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_ci_unique",
                violation_error_message="Этот логин уже занят.",
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="user_email_ci_unique",
                violation_error_message="Человек с таким e-mail уже есть.",
            ),
        ]

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)

    @property
    def gender(self) -> str | None:
        """From the patronymic, else the surname (nastavnik.russian): words about the person agree."""
        return gender_of(last_name=self.last_name, middle_name=self.middle_name)

    @property
    def short_name(self) -> str:
        """Фамилия И. О."""
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.middle_name) if part)
        return f"{self.last_name} {initials}".strip()

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    REGIONAL_ADMIN = "regional_admin", "администратор региона"
    REGIONAL_ANALYST = "regional_analyst", "аналитик регионального центра наставничества"
    MUNICIPAL_COORDINATOR = "municipal_coordinator", "муниципальный координатор"
    CONSULTANT = "consultant", "консультант"
    DIRECTOR = "director", "директор"
    CURATOR = "curator", "куратор"
    MENTOR = "mentor", "наставник"
    MENTEE = "mentee", "наставляемый"
    PSYCHOLOGIST = "psychologist", "педагог-психолог"


class Scope(models.TextChoices):
    REGION = "region", "регион"
    MUNICIPALITY = "municipality", "муниципалитет"
    CONSULTATION_POINT = "consultation_point", "консультационный пункт"
    SCHOOL = "school", "образовательная организация"


REGION_ROLES = frozenset({Role.REGIONAL_ADMIN, Role.REGIONAL_ANALYST})
MUNICIPALITY_ROLES = frozenset({Role.MUNICIPAL_COORDINATOR})
CONSULTATION_POINT_ROLES = frozenset({Role.CONSULTANT})
SCHOOL_ROLES = frozenset({Role.DIRECTOR, Role.CURATOR, Role.MENTOR, Role.MENTEE, Role.PSYCHOLOGIST})
SCOPE_OF_ROLE = {
    **dict.fromkeys(REGION_ROLES, Scope.REGION),
    **dict.fromkeys(MUNICIPALITY_ROLES, Scope.MUNICIPALITY),
    **dict.fromkeys(CONSULTATION_POINT_ROLES, Scope.CONSULTATION_POINT),
    **dict.fromkeys(SCHOOL_ROLES, Scope.SCHOOL),
}
SCOPE_FIELDS = {
    Scope.REGION: "region",
    Scope.MUNICIPALITY: "municipality",
    Scope.CONSULTATION_POINT: "consultation_point",
    Scope.SCHOOL: "school",
}


def _scope_is_exactly(field: str) -> Q:
    """The membership points at `field` and at no other scope."""
    condition = Q(**{f"{field}__isnull": False})
    for other in SCOPE_FIELDS.values():
        if other != field:
            condition &= Q(**{f"{other}__isnull": True})
    return condition


class Membership(models.Model):
    """A user's role within one scope: the region, a municipality, a consultation point or a school."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name="пользователь"
    )
    role = models.CharField("роль", max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        "regional_center.Region",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="регион",
    )
    municipality = models.ForeignKey(
        "regional_center.Municipality",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="муниципалитет",
    )
    consultation_point = models.ForeignKey(
        "consultation_points.ConsultationPoint",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="консультационный пункт",
    )
    school = models.ForeignKey(
        School,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="образовательная организация",
    )
    is_active = models.BooleanField("действует", default=True)
    created_at = models.DateTimeField("назначена", auto_now_add=True)

    class Meta:
        verbose_name = "роль пользователя"
        verbose_name_plural = "роли пользователей"
        constraints = [
            # The role decides the kind of scope; the database refuses any other combination.
            models.CheckConstraint(
                condition=(
                    (Q(role__in=sorted(REGION_ROLES)) & _scope_is_exactly("region"))
                    | (Q(role__in=sorted(MUNICIPALITY_ROLES)) & _scope_is_exactly("municipality"))
                    | (Q(role__in=sorted(CONSULTATION_POINT_ROLES)) & _scope_is_exactly("consultation_point"))
                    | (Q(role__in=sorted(SCHOOL_ROLES)) & _scope_is_exactly("school"))
                ),
                name="membership_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region", "municipality", "consultation_point", "school"],
                nulls_distinct=False,
                name="membership_unique_role_in_scope",
            ),
        ]
        indexes = [models.Index(fields=["school", "role"], name="membership_school_role_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.scope_object})"

    @property
    def scope(self) -> Scope:
        return SCOPE_OF_ROLE[Role(self.role)]

    @property
    def scope_object(self):
        return getattr(self, SCOPE_FIELDS[self.scope])


# --- People: invitations, the log of grants, sessions (issue 8, section 2) ---------------------------


class Invitation(models.Model):
    """A one-time link that lets a new person set their password.

    Only a SHA-256 of the token is stored (the token is in the e-mail and nowhere else), so a copy of
    the database opens no account. A link works once, until `expires_at`; sending a new one revokes
    the person's earlier links.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations", verbose_name="кому"
    )
    token_hash = models.CharField("хеш токена", max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="кто пригласил",
    )
    created_at = models.DateTimeField("отправлено", default=timezone.now)
    expires_at = models.DateTimeField("действует до")
    used_at = models.DateTimeField("использовано", null=True, blank=True)
    revoked_at = models.DateTimeField("отозвано", null=True, blank=True)

    class Meta:
        verbose_name = "приглашение"
        verbose_name_plural = "приглашения"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="invitation_expires_later"
            ),
        ]

    def __str__(self) -> str:
        return f"Приглашение для {self.user}"

    @property
    def is_pending(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state_label(self) -> str:
        if self.used_at:
            return "использовано"
        if self.revoked_at:
            return "заменено новым или отозвано"
        if self.expires_at <= timezone.now():
            return "истекло"
        return "ждёт ответа"


class GrantLog(models.Model):
    """Who granted or revoked which role to whom, where and when. Written by tenants.services.grants
    only, never changed: the record outlives the membership and the people's later names."""

    class Action(models.TextChoices):
        GRANT = "grant", "назначена роль"
        REVOKE = "revoke", "снята роль"

    at = models.DateTimeField("когда", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="кто",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_log", verbose_name="кому"
    )
    action = models.CharField("действие", max_length=8, choices=Action.choices)
    role = models.CharField("роль", max_length=32, choices=Role.choices)
    # The scope, for filtering the log by what the reader may see; `where` keeps its name as it was.
    region = models.ForeignKey(
        "regional_center.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.ForeignKey(
        "regional_center.Municipality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consultation_point = models.ForeignKey(
        "consultation_points.ConsultationPoint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    where = models.CharField("где", max_length=500)

    class Meta:
        verbose_name = "запись о назначении роли"
        verbose_name_plural = "журнал назначения ролей"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return (
            f"{self.at:%d.%m.%Y %H:%M}: {self.get_action_display()} «{self.get_role_display()}» — {self.user}"
        )


class UserSession(models.Model):
    """A page session of a user, recorded at log-in so that they can see and end their sessions.

    Django's database sessions cannot be found by user without decoding every one; this row links
    them. The session's last activity is its expiry minus SESSION_COOKIE_AGE (an active session's
    expiry is renewed at least once a minute, nastavnik.sessions).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="page_sessions",
        verbose_name="пользователь",
    )
    session_key = models.CharField("ключ сессии", max_length=40, unique=True)
    ip = models.GenericIPAddressField("адрес", null=True, blank=True)
    user_agent = models.CharField("браузер", max_length=300, blank=True)
    created_at = models.DateTimeField("вход", default=timezone.now)

    class Meta:
        verbose_name = "сессия"
        verbose_name_plural = "сессии"
        ordering = ["-created_at"]
