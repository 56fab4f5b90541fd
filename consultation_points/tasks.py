"""Celery tasks of the consultation service: thin — load by id, call a service, retry what passes by
itself (nastavnik.celery.RETRYING: backoff with jitter, soft and hard time limits). All run in the
public schema."""

from celery import shared_task

from nastavnik.celery import RETRYING

from .services.notifications import assignment_notify, reminders_send

ASSIGNMENT_TASK = "consultation_points.assignment_notify"
REMINDERS_TASK = "consultation_points.reminders_send"


@shared_task(bind=True, name=ASSIGNMENT_TASK, **{**RETRYING, "soft_time_limit": 60, "time_limit": 120})
def assignment_notify_task(self, event_id: int) -> list[str]:
    """Queued on commit of an assignment; idempotent (the event records that it was sent)."""
    return assignment_notify(event_id=event_id)


@shared_task(bind=True, name=REMINDERS_TASK, **RETRYING)
def reminders_send_task(self) -> int:
    """Beat entry (hourly): remind of each session of the next 24 hours, once."""
    return reminders_send()
