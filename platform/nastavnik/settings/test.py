"""pytest: real PostgreSQL and Redis (started by devservices), fast password hashing."""

from .base import *  # noqa: F403
from .base import CACHES, REDIS_URL
from .env import env_str, redis_url_with_db

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES["default"]["KEY_PREFIX"] = env_str("CACHE_KEY_PREFIX", "nastavnik-test")
# The cache gets a Redis database of its own so that tests may clear it without touching the
# Celery broker's queues.
CACHES["default"]["LOCATION"] = redis_url_with_db(REDIS_URL, 1)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The Celery worker the suite starts (tests/conftest.py `worker`) writes the e-mails it sends as files
# into this folder, so a test can read what a real task sent; the test process itself keeps Django's
# locmem outbox. Set by tests/consultation_points/conftest.py for the worker's environment.
EMAIL_FILE_PATH = env_str("NASTAVNIK_TEST_MAIL_DIR", "")
if EMAIL_FILE_PATH:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
