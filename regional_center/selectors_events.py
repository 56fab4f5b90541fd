"""Reads of the events area: filters, the month's calendar, seats, attendance counts (schema: PUBLIC).

Querysets in, querysets or plain rows out; who may see what is decided before, in regional_center.access.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import Event, EventRegistration

MONTHS = [
    "",
    "Январь",
    "Февраль",
    "Март",
    "Апрель",
    "Май",
    "Июнь",
    "Июль",
    "Август",
    "Сентябрь",
    "Октябрь",
    "Ноябрь",
    "Декабрь",
]
WEEKDAYS = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"]


def events_filter(
    events: QuerySet[Event], *, kind: str = "", audience: str = "", support_kind: str = ""
) -> QuerySet[Event]:
    if kind:
        events = events.filter(kind=kind)
    if audience:
        events = events.filter(audience__contains=[audience])
    if support_kind:
        events = events.filter(support_kind=support_kind)
    return events


def events_with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        registered_count=Count("registrations", distinct=True),
        attended_count=Count("registrations", filter=Q(registrations__attended=True), distinct=True),
    )


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    events: list = field(default_factory=list)


@dataclass
class Month:
    year: int
    month: int
    weeks: list[list[Day]]
    events: list[Event]

    @property
    def title(self) -> str:
        return f"{MONTHS[self.month]} {self.year}"

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def previous_key(self) -> str:
        first = datetime.date(self.year, self.month, 1) - datetime.timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}"

    @property
    def next_key(self) -> str:
        last = datetime.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        following = last + datetime.timedelta(days=1)
        return f"{following.year:04d}-{following.month:02d}"


def parse_month(value: str | None) -> tuple[int, int]:
    """«2026-11» → (2026, 11); anything else is this month (a wrong link shows today, not an error)."""
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        datetime.date(year, month, 1)
    except ValueError:
        return today.year, today.month
    if not 2000 <= year <= 2100:
        return today.year, today.month
    return year, month


def month_calendar(events: QuerySet[Event], *, year: int, month: int) -> Month:
    """The weeks (Monday first) of a month with the events on each day; an event of several days
    (an internship) stands on each of its days, in Moscow time."""
    weeks_dates = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks_dates[0][0], weeks_dates[-1][-1]
    tz = timezone.get_current_timezone()
    window_start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    window_end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    found = list(
        events.filter(starts_at__lt=window_end, ends_at__gt=window_start).order_by("starts_at", "pk")
    )
    today = timezone.localdate()
    days: dict[datetime.date, Day] = {}
    weeks = []
    for week in weeks_dates:
        row = []
        for date in week:
            day = Day(date=date, in_month=date.month == month, is_today=date == today)
            days[date] = day
            row.append(day)
        weeks.append(row)
    for event in found:
        start = timezone.localtime(event.starts_at).date()
        # An event ending at midnight does not occupy the next day.
        end = timezone.localtime(event.ends_at - datetime.timedelta(microseconds=1)).date()
        date = max(start, first)
        while date <= min(end, last):
            days[date].events.append(event)
            date += datetime.timedelta(days=1)
    in_month = [e for e in found if any(e in d.events for d in days.values() if d.in_month)]
    return Month(year=year, month=month, weeks=weeks, events=in_month)


def seats_taken(event: Event) -> int:
    return event.registrations.count()


def attendance_summary(registrations: QuerySet[EventRegistration]) -> dict:
    """Counts for one event's (or any set of) registrations: registered, attended, absent, unmarked,
    the schools, the ШНОР schools among them, the mean rating of the feedback."""
    from django.db.models import Avg

    # Aggregated under other names: an aggregate called `attended` would shadow the field.
    totals = registrations.aggregate(
        n_registered=Count("pk"),
        n_attended=Count("pk", filter=Q(attended=True)),
        n_absent=Count("pk", filter=Q(attended=False)),
        n_unmarked=Count("pk", filter=Q(attended__isnull=True)),
        n_schools=Count("school", distinct=True),
        n_low_results_schools=Count("school", filter=Q(school__low_results=True), distinct=True),
        n_feedback=Count("feedback"),
        n_mean_rating=Avg("feedback__rating"),
    )
    result = {key.removeprefix("n_"): value for key, value in totals.items()}
    result["feedback_count"] = result.pop("feedback")
    return result


def attendance_by_school(
    *,
    registrations: QuerySet[EventRegistration],
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    low_results_only: bool = False,
) -> list[dict]:
    """Per school: teachers registered, registrations attended and distinct teachers (by e-mail) who
    attended at least one event in the period (by the event's start). The analytics issue reads
    «teachers of ШНОР schools who attended» from here (`low_results_only=True`)."""
    rows = registrations
    if start:
        rows = rows.filter(event__starts_at__date__gte=start)
    if end:
        rows = rows.filter(event__starts_at__date__lte=end)
    if low_results_only:
        rows = rows.filter(school__low_results=True)
    # Annotated under other names first: an annotation called `attended` would shadow the field
    # that the later filters read.
    found = (
        rows.values("school_id", "school__short_name", "school__municipality__name", "school__low_results")
        .annotate(
            n_registered=Count("pk"),
            n_attended=Count("pk", filter=Q(attended=True)),
            n_teachers=Count("email", filter=Q(attended=True), distinct=True),
            n_events=Count("event", filter=Q(attended=True), distinct=True),
        )
        .order_by("school__short_name")
    )
    names = {"n_registered": "registered", "n_attended": "attended", "n_teachers": "teachers_attended",
             "n_events": "events_attended"}  # fmt: skip
    return [{names.get(key, key): value for key, value in row.items()} for row in found]
