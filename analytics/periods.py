"""Periods of facts and targets: the school year, labelled «2026/27» (1 September — 31 August).

Schema: PUBLIC module, no tables. Every fact, entered value and target names its period by this label:
the region plans and reports by school year (seeds 002–004), the label sorts in time order as text,
and a label maps to exactly one date range, so a school's SQL and the dashboards agree on the bounds.
Interim figures inside a year are the same facts recomputed on a later day (computed_at says when).
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError

PERIOD_RE = re.compile(r"^(\d{4})/(\d{2})$")


def school_year_label(day: date) -> str:
    """The label of the school year that contains `day`: 1 September starts a new one."""
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def period_bounds(label: str) -> tuple[date, date]:
    """First and last day of the school year `label` (both inclusive)."""
    first = parse_period(label)
    return date(first, 9, 1), date(first + 1, 8, 31)


def parse_period(label: str) -> int:
    """The calendar year the school year starts in; a Russian error names the wrong label."""
    match = PERIOD_RE.match(str(label).strip())
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValidationError(
            f"Период «{label}»: укажите учебный год в виде «2026/27» (годы подряд).", code="period"
        )
    return int(match.group(1))


def validate_period(label: str) -> None:
    parse_period(label)


def previous_period(label: str) -> str:
    first = parse_period(label) - 1
    return f"{first}/{(first + 1) % 100:02d}"
