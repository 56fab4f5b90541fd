"""Russian wording shared by the printed documents and the generated order texts."""

from __future__ import annotations

import datetime

MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
BLANK_DATE = "«___» ____________ 20___ г."


def short_date(day: datetime.date | None) -> str:
    """01.09.2026"""
    return f"{day:%d.%m.%Y}" if day else "__.__.____"


def long_date(day: datetime.date | None) -> str:
    """«01» сентября 2026 г. — the way a date is written on a signed document; blank when unknown."""
    if day is None:
        return BLANK_DATE
    return f"«{day:%d}» {MONTHS_GENITIVE[day.month - 1]} {day.year} г."


def period(start: datetime.date, end: datetime.date) -> str:
    return f"с {short_date(start)} по {short_date(end)}"


def quoted(text: str) -> str:
    return f"«{text}»"


def joined(items, last=" и ") -> str:
    """«А, Б и В»."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + last + items[-1]


def initials(full_name: str) -> str:
    """«Козлов Андрей Сергеевич» → «Козлов А.С.» (for names known only as text, e.g. from a consent)."""
    last, *rest = full_name.split() or [""]
    return f"{last} {''.join(f'{part[0]}.' for part in rest)}".strip()
