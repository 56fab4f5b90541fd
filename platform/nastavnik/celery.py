"""The Celery app. Tenant-aware: a task queued inside a school's schema runs in that schema.

Every task has a time limit, so a stuck one frees its worker: the soft limit raises
SoftTimeLimitExceeded inside the task (it can record why it stopped), the hard limit kills it a
minute later. These are the defaults; a task that needs longer says so itself. Tasks retry, with
exponential backoff and jitter, the errors that pass by themselves (TRANSIENT_ERRORS): a database
or mail server restarting, a dropped connection — never a bug, which would only fail again.
"""

import os
import smtplib

from django.db import InterfaceError, OperationalError
from tenant_schemas_celery.app import CeleryApp as TenantAwareCeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nastavnik.settings.local")

SOFT_TIME_LIMIT = 5 * 60  # seconds
TIME_LIMIT = SOFT_TIME_LIMIT + 60

TRANSIENT_ERRORS = (
    OperationalError,  # the database restarting, a lost connection, a deadlock
    InterfaceError,
    ConnectionError,  # mail server or Redis refusing or dropping the connection
    TimeoutError,
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
)

# Options of every task of ours: @shared_task(bind=True, name=..., **RETRYING).
RETRYING = {
    "autoretry_for": TRANSIENT_ERRORS,
    "max_retries": 5,
    "retry_backoff": 30,  # 30 s, 60 s, 120 s … (with jitter, so that schools do not retry at once)
    "retry_backoff_max": 30 * 60,
    "retry_jitter": True,
    "soft_time_limit": SOFT_TIME_LIMIT,
    "time_limit": TIME_LIMIT,
}

app = TenantAwareCeleryApp("nastavnik")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(task_soft_time_limit=SOFT_TIME_LIMIT, task_time_limit=TIME_LIMIT)
app.autodiscover_tasks()
