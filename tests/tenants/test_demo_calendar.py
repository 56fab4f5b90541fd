"""The demo's story is replayed in the current school year, so `make demo` looks alive on any date."""

import datetime

import pytest

from tenants.demo_calendar import AUTHORED_ON, on, school_year, school_year_start

DAYS = [
    AUTHORED_ON,
    datetime.date(2027, 9, 2),  # the school year has just begun
    datetime.date(2027, 8, 31),  # its last day, in the summer
    datetime.date(2028, 1, 1),
    datetime.date(2028, 2, 29),
    datetime.date(2031, 4, 17),
]
# Dates the demo story uses, in their order: last year's programme, this year's order approving the
# programme, its start, pairs formed, a release, the story's today, plan deadlines, the end.
STORY = [(2025, 9, 1), (2026, 5, 31), (2026, 8, 30), (2026, 9, 1), (2026, 10, 1), (2026, 11, 10),
         (2026, 11, 22), (2026, 12, 20), (2027, 5, 31), (2027, 6, 10)]  # fmt: skip


@pytest.mark.parametrize("today", DAYS)
def test_the_current_programme_runs_today_and_belongs_to_this_school_year(today):
    start, end = on(2026, 9, 1, today=today), on(2027, 5, 31, today=today)
    assert start <= today < end
    assert on(2026, 11, 22, today=today) == today
    assert school_year(on(2026, 11, 22, today=today)) == school_year(today)
    if today - school_year_start(today) >= AUTHORED_ON - datetime.date(2026, 9, 1):
        assert start == school_year_start(today)


@pytest.mark.parametrize("today", DAYS)
def test_the_story_keeps_the_order_of_its_dates(today):
    mapped = [on(*day, today=today) for day in STORY]
    assert mapped == sorted(mapped)
    assert len(set(mapped)) == len(mapped)


def test_last_years_programme_is_last_school_year():
    today = datetime.date(2029, 3, 3)
    assert school_year(on(2025, 9, 1, today=today)) == "2027/28"
    assert on(2025, 9, 1, today=today) == datetime.date(2027, 9, 1)


def test_the_school_year_label_follows_the_date():
    assert school_year(datetime.date(2026, 9, 1)) == "2026/27"
    assert school_year(datetime.date(2027, 8, 31)) == "2026/27"
    assert school_year(datetime.date(2099, 9, 1)) == "2099/00"


def test_the_demo_reads_the_clock_when_it_seeds(time_machine):
    time_machine.move_to(datetime.datetime(2027, 10, 5, 10, 0, tzinfo=datetime.UTC))
    assert school_year(on(2026, 11, 22)) == "2027/28"
