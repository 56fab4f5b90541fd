"""The one clock of the test suite.

Every test runs at the same instant, whatever the real date: `tests/conftest.py` travels the process
(and the Celery worker it starts, see `tests.support.clocked`) to `NOW` with time-machine before the
test world is built, and the clock ticks on from there. Services read `timezone.localdate()`; tests
compare with `TODAY`. A test about time moves the clock further with the `time_machine` fixture.

CI also runs the suite under libfaketime at awkward real dates (end of August late at night, New
Year's night, 29 February) to prove that nothing reads the real clock behind time-machine's back.
"""

import datetime
import os
from zoneinfo import ZoneInfo

import time_machine

MOSCOW = ZoneInfo("Europe/Moscow")
# Set in the environment of processes the suite starts, so they share the suite's clock; set by hand,
# it runs the tests that take their dates from here (the demo's) on another day.
ENV_VAR = "NASTAVNIK_TEST_NOW"
# A Sunday in the middle of the 2026/27 school year; the test factories' programme runs Sept–May.
NOW = datetime.datetime.fromisoformat(os.environ.get(ENV_VAR) or "2026-11-22T12:00:00+03:00")
TODAY = NOW.astimezone(MOSCOW).date()


def travel() -> time_machine.travel:
    """Start the suite's clock in this process: `NOW`, or the instant a parent process passed down."""
    instant = os.environ.get(ENV_VAR)
    traveller = time_machine.travel(datetime.datetime.fromisoformat(instant) if instant else NOW, tick=True)
    traveller.start()
    return traveller
