"""Capacity under a real race: two threads, each on its own database connection, register for the
last seat of an event at the same moment. Committed data (no test transaction), cleaned up after."""

from __future__ import annotations

import threading
import time

from django.core.exceptions import ValidationError
from django.db import connections

from regional_center.models import Event, EventRegistration
from regional_center.services import events
from tests.regional_center.events_support import make_event, teacher
from tests.support import world as world_module
from tests.support.db import committed


def test_two_connections_racing_for_the_last_seat_get_one_seat(
    django_db_setup, django_db_blocker, monkeypatch
):
    """Two schools press «Записать» for the last seat at the same moment, each on its own database
    connection. The first holds the event's row; the second waits, then counts the seat as taken."""
    world = world_module.current
    with committed(django_db_blocker):
        event = make_event(world, capacity=1, title="Гонка за последним местом")
    original = EventRegistration.full_clean

    def slow_full_clean(self, *args, **kwargs):
        time.sleep(0.5)  # hold the window open: without the lock both would count 0 seats taken
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EventRegistration, "full_clean", slow_full_clean)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def register(school, n):
        try:
            start.wait()
            events.registration_create(event=event, school=school, by=None, **teacher(n))
            outcomes.append("registered")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    try:
        with committed(django_db_blocker):
            threads = [
                threading.Thread(target=register, args=(world.school_a, 1)),
                threading.Thread(target=register, args=(world.school_b, 2)),
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)
            assert sorted(outcomes) == ["registered", "Мест больше нет: все места заняты (1 из 1)."]
            assert EventRegistration.objects.filter(event=event).count() == 1
    finally:
        with committed(django_db_blocker):
            Event.objects.filter(pk=event.pk).delete()
