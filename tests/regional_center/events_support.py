"""Helpers of the events tests: an event of the test world's region and a teacher's registration data."""

from __future__ import annotations

import datetime

from django.utils import timezone

from regional_center.models import Event
from regional_center.services.events import event_create


def make_event(world, **overrides) -> Event:
    """An in-person seminar ten days ahead, open for registration for a week, five seats."""
    now = timezone.now()
    fields = {
        "title": "Семинар для проверки",
        "kind": "seminar",
        "starts_at": now + datetime.timedelta(days=10),
        "ends_at": now + datetime.timedelta(days=10, hours=3),
        "format": "in_person",
        "place": "Актовый зал",
        "host_kind": "centre",
        "audience": ["subject", "primary"],
        "support_kind": "informational",
        "capacity": 5,
        "registration_deadline": now + datetime.timedelta(days=7),
        "status": "open",
    }
    fields.update(overrides)
    return event_create(region=world.region, **fields)


def teacher(n: int = 1, **overrides) -> dict:
    data = {
        "last_name": f"Учителева{n}",
        "first_name": "Анна",
        "middle_name": "Ивановна",
        "position": "учитель математики",
        "subject": "maths",
        "category": "subject",
        "email": f"teacher{n}@school.example",
        "consent": True,
    }
    data.update(overrides)
    return data
