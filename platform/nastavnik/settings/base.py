"""Settings shared by every environment. Values that differ per deployment come from the environment."""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab

from .env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[3]

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-secret-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
# A refused form (session ended while it was open, cookies blocked) explains itself in Russian in the
# site's layout instead of Django's bare «403 Forbidden».
CSRF_FAILURE_VIEW = "nastavnik.errors.csrf_failure"

# --- Tenancy -------------------------------------------------------------------------------------
# The public schema holds the region, municipalities, consultation points, identity and aggregated
# facts; every school's mentoring programme (personal data) lives in a schema of its own.
SHARED_APPS = [
    "django_tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "tenants",
    "regional_center",
    "consultation_points",
    "analytics",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "school_programs",
]
INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.School"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
# Fully migrated schema that new schools are cloned from (see tenants/services/provisioning.py).
SCHOOL_TEMPLATE_SCHEMA = env_str("NASTAVNIK_TEMPLATE_SCHEMA", "nastavnik_template")
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

DATABASES = {
    "default": {
        "ENGINE": "django_tenants.postgresql_backend",
        **database_from_url(env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nastavnik")),
        # PostgreSQL keeps a catalogue cache per connection that grows with every schema touched,
        # so connections are recycled instead of living forever.
        "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

MIDDLEWARE = [
    "tenants.middleware.SchoolRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nastavnik.sessions.IdleSessionMiddleware",
    "nastavnik.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tenants.middleware.SchoolAccessMiddleware",
    # Last, as django-axes requires: it sees the lockout flag the login set on the request.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nastavnik.urls_public"
# page_patterns and api_patterns of a school, mounted per school by tenants.routing.
SCHOOL_URLCONF = "nastavnik.urls_tenants"
WSGI_APPLICATION = "nastavnik.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "platform" / "nastavnik" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tenants.context_processors.navigation",
            ],
        },
    }
]

# --- Identity ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "tenants.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out (login, address) before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "tenants.auth.UsernameOrEmailBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# How many reverse proxies stand in front of the application, each appending the address it got
# the request from to X-Forwarded-For (the shipped nginx: 1). The client's address is that many
# entries from the right; whatever a client writes into the header itself stays on the left and is
# never believed. 0: no proxy, REMOTE_ADDR is the client.
PROXY_COUNT = env_int("NASTAVNIK_PROXY_COUNT", 0)

# Failed logins: django-axes counts them per combination of login AND client address, so that one
# person's failures never lock out another user behind the same address (a school's NAT, the
# proxy) nor the owner of the attacked login coming from elsewhere. Pages and API token alike.
LOGIN_ATTEMPTS_LIMIT = env_int("NASTAVNIK_LOGIN_ATTEMPTS_LIMIT", 5)
LOGIN_ATTEMPTS_WINDOW = env_int("NASTAVNIK_LOGIN_ATTEMPTS_WINDOW", 300)
AXES_FAILURE_LIMIT = LOGIN_ATTEMPTS_LIMIT
AXES_COOLOFF_TIME = timedelta(seconds=LOGIN_ATTEMPTS_WINDOW)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Counters in Redis: every web process sees the same numbers, and they expire by themselves.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_RESET_ON_SUCCESS = True
# Further attempts during a lockout do not extend it: the message's "N minutes" stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# One account, one counter: "Curator_A", "curator_a" and the account's e-mail are the same login.
AXES_USERNAME_CALLABLE = "tenants.services.login.lockout_username"
AXES_CLIENT_IP_CALLABLE = "tenants.services.login.client_address"
# The login page and the token API explain the lockout in Russian themselves (see login_check).
AXES_LOCKOUT_CALLABLE = "tenants.services.login.lockout_response"
AXES_VERBOSE = False

# Sessions end after NASTAVNIK_SESSION_IDLE_MINUTES without a request (shared school computers,
# special-category data) and when the browser closes. The cookie carries no expiry date, so a
# browser whose clock differs from the server's never drops it early; the server decides.
SESSION_IDLE_MINUTES = env_int("NASTAVNIK_SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Renewed at most once a minute by nastavnik.sessions.IdleSessionMiddleware, not saved on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A one-time link to set one's password (tenants.services.invitations) works this many days; the
# password-reset link, Django's own, PASSWORD_RESET_TIMEOUT seconds (default 3 days).
INVITATION_VALID_DAYS = env_int("NASTAVNIK_INVITATION_DAYS", 7)

# API tokens (django-rest-knox): only a hash is stored; a token lapses after
# NASTAVNIK_TOKEN_IDLE_HOURS without use and NASTAVNIK_TOKEN_MAX_HOURS after it was issued,
# whichever comes first; logging out through the API or revoking it ends it at once.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env_int("NASTAVNIK_TOKEN_IDLE_HOURS", 8)),
    "AUTO_REFRESH": True,
    "AUTO_REFRESH_MAX_TTL": timedelta(hours=env_int("NASTAVNIK_TOKEN_MAX_HOURS", 24)),
    "AUTH_HEADER_PREFIX": "Token",
}

# pg_dump for copying the school template (tenants/services/schemas.py): its folder, else PATH.
# devservices sets it to the embedded server's binaries.
PG_BINDIR = env_str("NASTAVNIK_PG_BINDIR", "")

# --- Language ------------------------------------------------------------------------------------
# Russian only for now: message ids are Russian. English is not offered until the whole interface is
# translated (locale/en covers the login and the shell, not the school's pages); the i18n machinery
# stays, so offering it again is adding ("en", "English") back here. See docs/interface.md.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

# --- Static files: served by the application itself (closed networks, no CDN) -------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".devdata" / "static"
STATICFILES_DIRS = [BASE_DIR / "platform" / "nastavnik" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / ".devdata" / "media")))
MEDIA_URL = "/media/"

# --- Cache and background work -------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "nastavnik"),
        "TIMEOUT": 300,
    }
}
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    # Once a day: queue every active school's reminders to mentors (stale pairs, overdue plan
    # tasks); tenants.fanout spreads the schools over time. The task itself sends at most once a day.
    "school-reminders": {
        "task": "school_programs.reminders_fan_out",
        "schedule": crontab(hour=7, minute=0),
    },
    # Once a day: remind people who have not answered an open survey (at most every 3 days each).
    "school-survey-reminders": {
        "task": "school_programs.survey_reminders_fan_out",
        "schedule": crontab(hour=8, minute=0),
    },
    # Every hour: remind consultants and teachers of each consultation of the next 24 hours, once.
    "consultation-reminders": {
        "task": "consultation_points.reminders_send",
        "schedule": crontab(minute=15),
    },
    # Once a day: warn the regional administrators before a cooperation agreement expires (once per
    # agreement and threshold, AGREEMENT_WARNING_DAYS) and mark agreements past their end as expired.
    "agreement-expiry-warnings": {
        "task": "regional_center.agreement_warnings_send",
        "schedule": crontab(hour=6, minute=30),
    },
    # Every hour: indicator facts of the schools whose data changed since their facts (chunked).
    "indicator-facts-incremental": {
        "task": "analytics.recompute_incremental",
        "schedule": crontab(minute=40),
    },
    # Every night: all schools' facts of the current school year, in case a change went unmarked.
    "indicator-facts-full": {
        "task": "analytics.recompute_full",
        "schedule": crontab(hour=2, minute=10),
    },
}

# --- API -----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an unauthenticated API call then gets 401 with `WWW-Authenticate: Token`.
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Every API view inside /api/v1/schools/<slug>/ first passes the school membership check.
    "DEFAULT_PERMISSION_CLASSES": ["tenants.access.SchoolMemberPermission"],
    "DEFAULT_SCHEMA_CLASS": "nastavnik.api.AutoSchema",
    "EXCEPTION_HANDLER": "nastavnik.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    # DRF throttles, where any are used, read the client address the same way as the login limit.
    "NUM_PROXIES": PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Наставник API",
    "DESCRIPTION": "API региональной платформы целевой модели наставничества",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Swagger UI from the installed package, not a CDN: deployments may be on closed networks.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "MentoringFormEnum": "school_programs.models.choices.Form",
        "ParticipantKindEnum": "school_programs.models.choices.ParticipantKind",
        "OrderKindEnum": "school_programs.models.orders.Order.Kind",
        "ResultStatusEnum": "school_programs.models.choices.ResultStatus",
        "MeetingKindEnum": "school_programs.models.choices.MeetingKind",
        "ProgrammeStatusEnum": "school_programs.models.programme.Programme.Status",
        # A road-map item's statuses (RoadmapItem.Status) are the very set of WorkStatus below: one
        # choice set may carry one name only, so they are both WorkStatusEnum.
        "PlanStatusEnum": "school_programs.models.plans.DevelopmentPlan.Status",
        "OrderStatusEnum": "school_programs.models.orders.Order.Status",
        "GroupStatusEnum": "school_programs.models.choices.GroupStatus",
        "RequestStatusEnum": "school_programs.models.choices.RequestStatus",
        "PlaceKindEnum": "tenants.models.Scope",
        "ConsultationFormatEnum": "consultation_points.models.choices.Format",
        "FormatEnum": "school_programs.models.meetings.Meeting.Format",
        "ConsultationRequestStatusEnum": "consultation_points.models.requests.RequestStatus",
        "RoleEnum": "tenants.models.Role",
        # Organisations (issue 8, section 1).
        "SchoolKindEnum": "tenants.models.School.Kind",
        "SchoolStatusEnum": "tenants.models.School.Status",
        "MunicipalityKindEnum": "regional_center.models.Municipality.Kind",
        # The regional centre (issue 9 §§1, 2, 7, CENTRE).
        "AgreementStatusEnum": "regional_center.models.partners.Agreement.Status",
        "PartnerKindEnum": "regional_center.models.partners.PartnerOrganisation.Kind",
        "RoadmapStageKindEnum": "regional_center.models.centre.RoadmapStage.Kind",
        "RoadmapStageStatusEnum": "regional_center.models.centre.RoadmapStage.Status",
        "LibraryFormEnum": "regional_center.vocabulary.MentoringForm",
        "SubjectEnum": "regional_center.vocabulary.Subject",
        # Consultants and requests (issue 10): one name for each vocabulary, singular or plural field.
        "DeficitAreaEnum": "regional_center.vocabulary.DeficitArea",
        "TeacherCategoryEnum": "regional_center.vocabulary.TeacherCategory",
        # Events of the regional centre (issue 9 §3, EVENTS).
        "EventKindEnum": "regional_center.models.events.EventKind",
        "EventFormatEnum": "regional_center.models.events.EventFormat",
        "EventHostEnum": "regional_center.models.events.EventHost",
        "EventStatusEnum": "regional_center.models.events.EventStatus",
        "SupportKindEnum": "regional_center.vocabulary.SupportKind",
        # The events' `audience` (teacher categories) met the surveys' field of the same name.
        "SurveyAudienceEnum": "school_programs.models.surveys.Survey.Audience",
        # Support of low-result schools and teachers' routes (issue 9 §§4–6, SUPPORT). A route item's
        # statuses are the same set as a measure's, a plan item's or a school road-map item's: one
        # enum, WorkStatus.
        "WorkStatusEnum": "regional_center.models.support.WorkStatus",
        "AntiRiskProgrammeStatusEnum": "regional_center.models.support.AntiRiskProgramme.Status",
        "OrganisationPairStatusEnum": "regional_center.models.support.OrganisationPair.Status",
        "PairVisitKindEnum": "regional_center.models.support.PairVisit.Kind",
        "PairIndicatorStageEnum": "regional_center.models.support.PairIndicatorValue.Stage",
        "RiskLevelEnum": "regional_center.models.support.RiskLevel",
        "DeficitLevelEnum": "regional_center.models.routes_shared.DeficitLevel",
        "RouteStatusEnum": "regional_center.models.routes_shared.RouteStatus",
        "RouteLinkKindEnum": "school_programs.models.routes.RouteLink.Kind",
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "nastavnik@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
