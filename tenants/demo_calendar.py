"""The demo region's calendar: the demo story is written for one day and replayed in the current school year.

The story (a programme begun on 1 September, pairs formed in October, meetings until a few days ago,
plan tasks due until May, last year's programme measured at entry and exit) was authored as if today
were `AUTHORED_ON`. Seeding maps every date of it onto the real calendar so that `make demo` looks
alive on any date and the running programme belongs to the current school year:

- the story's past (1 September → the authored day) is stretched onto the current school year's
  1 September → today, so recent meetings stay recent and overdue items stay overdue; it is never
  squeezed (pairs need weeks of meetings), so before late November the running programme is taken to
  have begun in the summer;
- the story's future (the authored day → 31 May) onto today → 31 May (or a month ahead in summer);
- anything earlier (last year's programme, birth dates) moves by whole years, anything later with the end.

The map keeps the order of any two dates, which is what the services' rules need (a meeting after its
pair's start, a release after the order). Titles name the school year they fall in («2026/27»),
computed, never written in.

Schema: any (pure date arithmetic).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

AUTHORED_ON = datetime.date(2026, 11, 22)
STORY_START = datetime.date(2026, 9, 1)
STORY_END = datetime.date(2027, 5, 31)
# The story's past is never squeezed: plan deadlines every two weeks and weekly meetings need real days.
MIN_PAST = AUTHORED_ON - STORY_START
MIN_FUTURE = datetime.timedelta(days=30)


def school_year_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def school_year(day: datetime.date) -> str:
    """«2026/27» for any day from 1 September 2026 to 31 August 2027. Label the story's programmes by
    the school year of their (mapped) 22 November, which is this school year even in September."""
    first = school_year_start(day).year
    return f"{first}/{(first + 1) % 100:02d}"


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def _scale(offset: datetime.timedelta, source: datetime.timedelta, target: datetime.timedelta):
    return datetime.timedelta(days=round(offset.days * target.days / source.days))


def on(year: int, month: int, day: int, *, today: datetime.date | None = None) -> datetime.date:
    """The date of the story written as (year, month, day), mapped onto the current calendar."""
    today = today or timezone.localdate()
    story = datetime.date(year, month, day)
    start = min(school_year_start(today), today - MIN_PAST)
    end = max(datetime.date(school_year_start(today).year + 1, 5, 31), today + MIN_FUTURE)
    if story < STORY_START:
        if start.month == 9 and start.day == 1:  # whole school years: 1 September stays 1 September
            return _add_years(story, start.year - STORY_START.year)
        return story + (start - STORY_START)
    if story <= AUTHORED_ON:
        return start + _scale(story - STORY_START, AUTHORED_ON - STORY_START, today - start)
    if story <= STORY_END:
        return today + _scale(story - AUTHORED_ON, STORY_END - AUTHORED_ON, end - today)
    return end + (story - STORY_END)
