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
