"""A consultant's sessions as an iCalendar feed (RFC 5545, the `icalendar` package).

Each consultation is one VEVENT with a stable UID, so a calendar program updates a moved session
instead of adding a second one. The feed carries the school and the topic, never the teacher's
contact (a feed URL may end up in a shared calendar). Schema: PUBLIC.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

from .models import Consultant, Consultation

PAST = datetime.timedelta(days=180)


def consultant_calendar(consultant: Consultant) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Nastavnik//Консультации//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Консультации — {consultant.user.short_name}")
    sessions = (
        Consultation.objects.filter(consultant=consultant, starts_at__gte=timezone.now() - PAST)
        .select_related("request__school", "request__point")
        .order_by("starts_at")
    )
    for session in sessions:
        request = session.request
        event = Event()
        event.add("uid", f"consultation-{session.pk}@nastavnik")
        event.add("dtstamp", session.created_at)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", f"Консультация: {request.topic} ({request.school.short_name})")
        event.add(
            "location",
            "онлайн" if session.format == "online" else (request.school.address or request.school.short_name),
        )
        lines = [f"Запрос № {request.pk}", f"Формат: {session.get_format_display()}"]
        if session.follow_up:
            lines.append(f"Дальнейшие шаги: {session.follow_up}")
        event.add("description", "\n".join(lines))
        calendar.add_component(event)
    return calendar.to_ical()
