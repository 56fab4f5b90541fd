"""Celery tasks of the school app. Each runs in the school schema it was queued for
(tenant-schemas-celery), loads what it needs and calls a service.
"""

from celery import shared_task
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from nastavnik.celery import RETRYING
from tenants.fanout import for_each_school
from tenants.models import School

from .services.meetings import reminders_send

# Celery's autodiscovery imports only `tasks` modules: the import task lives in a module of its own.
from .tasks_imports import participants_import_job  # noqa: F401
from .tasks_surveys import survey_reminders_fan_out_task, survey_reminders_send_task  # noqa: F401

REMINDERS_TASK = "school_programs.reminders_send"


@shared_task(bind=True, name=REMINDERS_TASK, **RETRYING)
def reminders_send_task(self) -> int:
    """E-mail this school's mentors about stale pairs and overdue plan tasks, at most once a day.

    The daily key makes a repeated delivery (acks_late, a second beat) a no-op instead of a second
    e-mail; it is dropped again if sending fails so that a retry can send.
    """
    if connection.schema_name == get_public_schema_name():
        return 0
    school = School.objects.filter(schema_name=connection.schema_name).first()
    if school is None:
        return 0
    today = timezone.localdate()
    key = f"reminders-sent:{school.schema_name}:{today.isoformat()}"
    if not cache.add(key, 1, timeout=36 * 60 * 60):
        return 0
    try:
        return reminders_send(school=school, today=today)
    except Exception:
        cache.delete(key)
        raise


@shared_task(bind=True, name="school_programs.reminders_fan_out", **RETRYING)
def reminders_fan_out_task(self) -> int:
    """Beat entry: queue the reminders of every active school, chunked and staggered. A retry after a
    partial fan-out queues some schools twice, which their daily key makes harmless."""
    return len(for_each_school(REMINDERS_TASK))
