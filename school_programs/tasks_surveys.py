"""Celery tasks of monitoring: reminders about unanswered questionnaires.

The per-school task runs in the school schema it was queued for (tenant-schemas-celery); the beat
entry queues it for every active school by NAME through tenants.fanout, chunked and staggered.
Repeating a run is harmless: an invitation is reminded at most once every three days (reminded_at).
"""

from celery import shared_task
from django.db import connection
from django_tenants.utils import get_public_schema_name

from nastavnik.celery import RETRYING
from tenants.fanout import for_each_school
from tenants.models import School

from .services.distribution import survey_reminders_send

SURVEY_REMINDERS_TASK = "school_programs.survey_reminders_send"


@shared_task(bind=True, name=SURVEY_REMINDERS_TASK, **RETRYING)
def survey_reminders_send_task(self) -> int:
    """E-mail this school's participants who have not answered an open distribution."""
    if connection.schema_name == get_public_schema_name():
        return 0
    school = School.objects.filter(schema_name=connection.schema_name).first()
    if school is None:
        return 0
    return survey_reminders_send(school=school)


@shared_task(bind=True, name="school_programs.survey_reminders_fan_out", **RETRYING)
def survey_reminders_fan_out_task(self) -> int:
    """Beat entry: queue the survey reminders of every active school."""
    return len(for_each_school(SURVEY_REMINDERS_TASK))


__all__ = ["SURVEY_REMINDERS_TASK", "survey_reminders_fan_out_task", "survey_reminders_send_task"]
