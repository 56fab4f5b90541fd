"""The Celery app. Tenant-aware: a task queued inside a school's schema runs in that schema."""

import os

from tenant_schemas_celery.app import CeleryApp as TenantAwareCeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nastavnik.settings.local")

app = TenantAwareCeleryApp("nastavnik")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
