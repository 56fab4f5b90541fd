"""ШНОР and partner flags of a school, per school year, with their history.

Schema: PUBLIC. `school_flags_set` is the only writer of SchoolYearStatus and of the mirrored
`School.low_results` / `School.partner_school` (the current year's value, which the region's pages,
counters and the onboarding file read).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tenants.models import School

from ..models import SchoolYearStatus, school_year_label

# A school year starts on 1 September (Федеральный закон «Об образовании», ст. 28 — календарный
# учебный график); the flags of the new year are set in the summer before it.
YEAR_START_MONTH = 9
# Earlier years may be corrected (the history was entered late), the next one planned; nothing beyond.
YEARS_BACK = 10


def current_school_year(today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    return today.year if today.month >= YEAR_START_MONTH else today.year - 1


def school_year_choices(today: datetime.date | None = None) -> list[tuple[int, str]]:
    current = current_school_year(today)
    return [(year, school_year_label(year)) for year in range(current + 1, current - YEARS_BACK - 1, -1)]


@transaction.atomic
def school_flags_set(
    *,
    school: School,
    start_year: int,
    low_results: bool,
    partner_school: bool,
    reason: str = "",
    by=None,
) -> SchoolYearStatus:
    """Set the school's flags for one school year; for the current year, mirror them on the school.

    Refused: a year outside [current − 10, current + 1], an archived school, and a school that would
    be both ШНОР and a partner (a partner school mentors ШНОР; it cannot be one itself).
    """
    current = current_school_year()
    if not current - YEARS_BACK <= start_year <= current + 1:
        raise ValidationError(
            {
                "start_year": (
                    f"Учебный год {school_year_label(start_year)} недоступен: отметки ставятся "
                    f"с {school_year_label(current - YEARS_BACK)} по {school_year_label(current + 1)}."
                )
            }
        )
    # The row lock makes two administrators' simultaneous changes apply one after the other.
    school = School.objects.select_for_update().get(pk=school.pk)
    if school.status == School.Status.ARCHIVED:
        raise ValidationError(f"Школа «{school.short_name}» в архиве: отметки не меняются.")
    if low_results and partner_school:
        raise ValidationError(
            {"partner_school": "Школа с низкими результатами (ШНОР) не может быть школой-партнёром."}
        )
    status = SchoolYearStatus.objects.filter(school=school, start_year=start_year).first()
    if status is None:
        status = SchoolYearStatus(school=school, start_year=start_year)
    status.low_results = low_results
    status.partner_school = partner_school
    status.reason = reason.strip()
    status.set_by = by
    status.set_at = timezone.now()
    status.full_clean()
    status.save()
    if start_year == current:
        school.low_results = low_results
        school.partner_school = partner_school
        school.save(update_fields=["low_results", "partner_school"])
    return status


def school_flags_history(*, school: School):
    """The school's flags, newest year first, with who set them."""
    return SchoolYearStatus.objects.filter(school=school).select_related("set_by").order_by("-start_year")
