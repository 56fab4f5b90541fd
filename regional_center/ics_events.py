"""iCalendar (RFC 5545) of the regional centre's events: one event or the whole feed (schema: PUBLIC).

Times are written in Europe/Moscow with its VTIMEZONE, so a calendar program shows the region's local
time whatever the reader's own zone. A cancelled event stays in the feed with STATUS:CANCELLED, so
calendars that imported it remove it instead of keeping a stale entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event, EventStatus

MOSCOW = ZoneInfo("Europe/Moscow")
PRODID = "-//Наставник//Мероприятия регионального центра наставничества//RU"
STATUS = {
    EventStatus.PLANNED: "TENTATIVE",
    EventStatus.OPEN: "CONFIRMED",
    EventStatus.CLOSED: "CONFIRMED",
    EventStatus.HELD: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
}


def _uid(event: Event, host: str) -> str:
    return f"event-{event.pk}@{host or 'nastavnik'}"


def _description(event: Event, url: str) -> str:
    lines = [
        f"{event.get_kind_display().capitalize()}, {event.get_format_display()}.",
        f"Проводит: {event.host_name}.",
        f"Для кого: {', '.join(event.audience_labels())}.",
        f"Сопровождение: {event.get_support_kind_display()}.",
    ]
    if event.subjects:
        lines.append(f"Предметы: {', '.join(event.subject_labels())}.")
    if event.link:
        lines.append(f"Трансляция: {event.link}")
    if event.description:
        lines += ["", event.description]
    if url:
        lines += ["", url]
    return "\n".join(lines)


def calendar_ics(events: Iterable[Event], *, name: str, host: str = "", url_of=None) -> bytes:
    """The events as one VCALENDAR. `url_of(event)` gives the event's page address, if wanted."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Moscow")
    stamp = timezone.now()
    for event in events:
        url = url_of(event) if url_of else ""
        item = CalendarEvent()
        item.add("uid", _uid(event, host))
        item.add("dtstamp", stamp)
        item.add("dtstart", event.starts_at.astimezone(MOSCOW))
        item.add("dtend", event.ends_at.astimezone(MOSCOW))
        item.add("summary", f"{event.get_kind_display().capitalize()}: {event.title}")
        item.add("description", _description(event, url))
        location = event.place or event.link
        if location:
            item.add("location", location)
        if url:
            item.add("url", url)
        item.add("status", STATUS[EventStatus(event.status)])
        item.add("categories", [event.get_kind_display(), event.get_support_kind_display()])
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()
