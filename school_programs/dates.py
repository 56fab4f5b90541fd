"""Sane ranges for the dates people type into the school app, in one place. Schema: TENANT.

A date field takes any year from 1 to 9999, so a slip of the keyboard («0035» for «2035», «2999»)
would be saved and then break the road map, orders, reports and the region's indicators. Every date a
person enters goes through this module:

- model fields carry `DateInRange` as a validator, so ModelForms, ModelSerializers and the services'
  `full_clean()` refuse such a date with a Russian message naming the field;
- plain form and serializer fields (inputs that are not model-backed) carry the same validator;
- the spreadsheet imports parse cells with `parse_cell`, say why a cell is not a date with `cell_problem`
  and report `range_problem` per row and column;
- the main tables (programme, pair / group, meeting, order) also have database CheckConstraints built
  by `range_q`, so a script or a raw insert cannot store such a date either.

Two ranges: events of a programme (its period, plans, meetings, orders, consents…) lie within
2000–2100; a birth date lies between 1900 and today.
"""

import calendar
import datetime
import re

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from nastavnik.russian import counted

EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)
EARLIEST_BIRTH = datetime.date(1900, 1, 1)

EVENT = "event"  # anything that happens in a programme: 2000–2100
BIRTH = "birth"  # a person's birth date: 1900 – today
KINDS = (EVENT, BIRTH)
# For the database constraints; the field validators say more (which field, which year).
RANGE_MESSAGE = f"Дата вне допустимого диапазона {EARLIEST.year}–{LATEST.year}."


def _shown(value: datetime.date) -> str:
    # Not strftime: it prints year 35 as «35» on some platforms; a person needs to see «0035».
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def date_bounds(
    kind: str = EVENT, *, today: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    if kind == BIRTH:
        return EARLIEST_BIRTH, today or timezone.localdate()
    return EARLIEST, LATEST


def range_problem(value, *, kind: str = EVENT, today: datetime.date | None = None) -> str | None:
    """What is wrong with the date, in Russian without the field's name; None when it is in range."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    low, high = date_bounds(kind, today=today)
    if low <= value <= high:
        return None
    if kind == BIRTH and low <= value and value.year <= high.year:
        return f"{_shown(value)} — дата в будущем"
    return f"год {value.year:04d} вне допустимого диапазона {low.year}–{high.year}"


def date_problem(value, *, field: str, kind: str = EVENT, today: datetime.date | None = None) -> str | None:
    """The message for a form, serializer or service: «Дата начала: год 0035 вне … 2000–2100.»"""
    problem = range_problem(value, kind=kind, today=today)
    return f"{field}: {problem}." if problem else None


@deconstructible(path="school_programs.dates.DateInRange")
class DateInRange:
    """Field validator: the date lies in its kind's range; the message names the field.

    The field's Russian name is given explicitly (validators do not know their field), and it is what a
    person sees next to the input: «Дата начала», «Срок», «Дата рождения».
    """

    code = "date_out_of_range"

    def __init__(self, field: str, kind: str = EVENT):
        if kind not in KINDS:
            raise ValueError(f"unknown date kind {kind!r}")
        self.field = field
        self.kind = kind

    def __call__(self, value) -> None:
        message = date_problem(value, field=self.field, kind=self.kind)
        if message:
            raise ValidationError(message, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, DateInRange) and (self.field, self.kind) == (other.field, other.kind)

    def __hash__(self) -> int:
        return hash((self.field, self.kind))


def range_q(*fields: str, nullable: bool = False) -> Q:
    """The event range for a CheckConstraint over the given date columns."""
    condition = Q()
    for name in fields:
        in_range = Q(**{f"{name}__gte": EARLIEST, f"{name}__lte": LATEST})
        condition &= (Q(**{f"{name}__isnull": True}) | in_range) if nullable else in_range
    return condition


def parse_cell(text) -> datetime.date | None:
    """A spreadsheet cell as a date: ДД.ММ.ГГГГ as typed, or ГГГГ-ММ-ДД when Excel stored a real date.

    None when the cell is not a date. Any year 1–9999 parses (unlike pandas' timestamps, which stop at
    1677–2262 and would call «01.01.0035» "not a date"), so the range check can name the year.
    """
    text = str(text or "").strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%d 00:00:00"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


MONTHS_PREPOSITIONAL = (
    "январе",
    "феврале",
    "марте",
    "апреле",
    "мае",
    "июне",
    "июле",
    "августе",
    "сентябре",
    "октябре",
    "ноябре",
    "декабре",
)
_TYPED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_STORED = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?: 00:00:00)?")


def cell_problem(text) -> str:
    """Why a non-empty cell that `parse_cell` refused is not a date, for ««31.02.2010» — …».

    A cell written in the right format but naming a day the calendar has not (31.02, 01.13) is a
    different mistake from a wrong format: telling the person to use ДД.ММ.ГГГГ, which they did, sends
    them looking for the wrong thing.
    """
    text = str(text or "").strip()
    typed = _TYPED.fullmatch(text)
    stored = _STORED.fullmatch(text)
    # The day itself is not needed: a cell refused with a valid month names a day the month has not.
    if typed:
        _day, month, year = (int(part) for part in typed.groups())
    elif stored:
        year, month, _day = (int(part) for part in stored.groups())
    else:
        return "не дата (нужен формат ДД.ММ.ГГГГ)"
    if not 1 <= month <= 12:
        return f"такой даты нет: месяца {month} нет, месяцы — с 1 по 12"
    if year < 1:
        return "такой даты нет: года 0000 нет"
    days = calendar.monthrange(year, month)[1]
    length = counted(days, "день", "дня", "дней")
    return f"такой даты нет: в {MONTHS_PREPOSITIONAL[month - 1]} {year:04d} года {length}"
