"""Figures the school does not compute but reports: ВПР, ГИА, teachers' categories (EnteredValue).

Schema: PUBLIC. A value is two whole numbers (e.g. works with «3» and above / works written), so it
rolls up like a computed fact. Saving one also writes the matching IndicatorFact, so dashboards and
roll-ups read one table; the EnteredValue keeps who entered it and from which file.

The XLSX/CSV import (one school's file, or the region's file for all its schools) checks every row
first and names each problem by row and column in Russian; nothing is written unless every row is
right, and then everything is written in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from nastavnik.tables import RowError, TableFileError, table_read, workbook_bytes
from tenants.models import School

from ..models import EnteredValue, Indicator, IndicatorFact
from ..periods import parse_period, school_year_label

MAX_ROWS = 20_000

SCHOOL, INDICATOR, PERIOD, NUMERATOR, DENOMINATOR = (
    "Код школы",
    "Показатель",
    "Учебный год",
    "Числитель",
    "Знаменатель",
)
ALIASES = {
    SCHOOL: ("школа", "код оо", "код организации"),
    INDICATOR: ("код показателя", "индикатор"),
    PERIOD: ("период", "год"),
    NUMERATOR: ("число", "значение"),
    DENOMINATOR: ("всего", "из"),
}


def entered_indicators():
    """Indicators a school enters or the region imports (not computed from the school's data)."""
    return Indicator.objects.filter(
        is_active=True, source__in=[Indicator.Source.ENTERED, Indicator.Source.IMPORTED]
    ).order_by("position")


@dataclass(frozen=True)
class PlannedValue:
    school: School
    indicator: Indicator
    period: str
    numerator: int
    denominator: int


@dataclass(frozen=True)
class EnteredImportResult:
    rows: int
    created: int
    updated: int


def _count(text: str, column: str, row: int, errors: list[RowError]) -> int | None:
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if not cleaned:
        errors.append(RowError(row, column, "не заполнено"))
        return None
    if not cleaned.isdigit():
        errors.append(RowError(row, column, f"«{text}» — нужно целое число не меньше нуля"))
        return None
    return int(cleaned)


def _columns(frame) -> dict[str, str]:
    """Our column names by the file's ones (case and spacing ignored; a few usual aliases)."""
    wanted = {name.casefold(): name for name in ALIASES}
    wanted |= {alias: name for name, aliases in ALIASES.items() for alias in aliases}
    return {column: wanted[column.casefold()] for column in frame.columns if column.casefold() in wanted}


def entered_check(*, frame, school: School | None = None, schools=None) -> list[PlannedValue]:
    """Every row checked; TableFileError with all the problems, by row, if any.

    `school`: a school's own file (the school column may be left out; if present it must be this
    school). `schools`: the schools a regional file may name (by their code, the slug)."""
    renamed = frame.rename(columns=_columns(frame))
    required = [INDICATOR, PERIOD, NUMERATOR, DENOMINATOR] + ([] if school else [SCHOOL])
    missing = [name for name in required if name not in renamed.columns]
    if missing:
        raise TableFileError([RowError(1, "", "нет столбцов: " + ", ".join(f"«{name}»" for name in missing))])
    indicators = {}
    for indicator in entered_indicators():
        indicators[indicator.code.casefold()] = indicator
        indicators[indicator.name.casefold()] = indicator
    known_schools = {} if school else {s.slug.casefold(): s for s in (schools or School.objects.all())}
    latest = parse_period(school_year_label(timezone.localdate()))
    errors: list[RowError] = []
    planned: list[PlannedValue] = []
    seen: dict[tuple, int] = {}
    for index, values in renamed.iterrows():
        row = int(index) + 2
        before = len(errors)
        target = school
        code = values.get(SCHOOL, "").strip()
        if school is None:
            target = known_schools.get(code.casefold())
            if not code:
                errors.append(RowError(row, SCHOOL, "не заполнено"))
            elif target is None:
                errors.append(RowError(row, SCHOOL, f"школы с кодом «{code}» нет среди ваших школ"))
        elif code and code.casefold() != school.slug.casefold():
            errors.append(RowError(row, SCHOOL, f"«{code}» — в файле школы можно указать только её код"))
        name = values[INDICATOR].strip()
        indicator = indicators.get(name.casefold())
        if indicator is None:
            errors.append(
                RowError(
                    row,
                    INDICATOR,
                    f"«{name}» — не вносимый показатель; допустимые коды: "
                    + ", ".join(i.code for i in entered_indicators()),
                )
            )
        period = values[PERIOD].strip()
        try:
            if parse_period(period) > latest:
                errors.append(RowError(row, PERIOD, f"«{period}» — учебный год ещё не начался"))
        except ValidationError:
            errors.append(RowError(row, PERIOD, f"«{period}» — укажите учебный год в виде «2026/27»"))
        numerator = _count(values[NUMERATOR], NUMERATOR, row, errors)
        denominator = _count(values[DENOMINATOR], DENOMINATOR, row, errors)
        if denominator == 0:
            errors.append(RowError(row, DENOMINATOR, "должен быть больше нуля"))
        elif numerator is not None and denominator is not None and numerator > denominator:
            errors.append(RowError(row, NUMERATOR, f"{numerator} больше знаменателя {denominator}"))
        if len(errors) > before:
            continue
        key = (target.pk, indicator.pk, period)
        if key in seen:
            errors.append(
                RowError(row, INDICATOR, f"повтор строки {seen[key]}: та же школа, показатель и год")
            )
            continue
        seen[key] = row
        planned.append(PlannedValue(target, indicator, period, numerator, denominator))
    if errors:
        raise TableFileError(errors)
    if not planned:
        raise TableFileError([RowError(2, "", "в файле нет ни одной строки со значениями")])
    return planned


@transaction.atomic
def entered_values_save(*, planned: list[PlannedValue], by=None, source_file: str = "") -> tuple[int, int]:
    """Write the checked values and their facts; (created, updated)."""
    now = timezone.now()
    created = updated = 0
    for item in planned:
        _, was_created = EnteredValue.objects.update_or_create(
            school=item.school,
            indicator=item.indicator,
            period=item.period,
            defaults={
                "numerator": item.numerator,
                "denominator": item.denominator,
                "entered_by": by,
                "entered_at": now,
                "source_file": source_file[:255],
            },
        )
        IndicatorFact.objects.update_or_create(
            school=item.school,
            indicator=item.indicator,
            period=item.period,
            defaults={
                "numerator": item.numerator,
                "denominator": item.denominator,
                "computed_at": now,
                "data_version": 0,
            },
        )
        created += was_created
        updated += not was_created
    return created, updated


def entered_values_import(
    *, name: str, content: bytes, by=None, school: School | None = None, schools=None
) -> EnteredImportResult:
    """Read, check every row, then write all or nothing (see entered_check for `school`/`schools`)."""
    frame = table_read(name=name, content=content, max_rows=MAX_ROWS)
    planned = entered_check(frame=frame, school=school, schools=schools)
    created, updated = entered_values_save(planned=planned, by=by, source_file=name)
    return EnteredImportResult(rows=len(planned), created=created, updated=updated)


def entered_value_set(
    *, school: School, indicator: Indicator, period: str, numerator: int, denominator: int, by=None
) -> EnteredValue:
    """One value from a form: the same checks as a file row, errors by field."""
    errors = {}
    if indicator.source not in {Indicator.Source.ENTERED, Indicator.Source.IMPORTED}:
        errors["indicator"] = "Этот показатель вычисляется по данным школы, его не вносят."
    try:
        parse_period(period)
    except ValidationError as error:
        errors["period"] = error.messages[0]
    if denominator <= 0:
        errors["denominator"] = "Знаменатель должен быть больше нуля."
    elif not 0 <= numerator <= denominator:
        errors["numerator"] = "Числитель — от нуля до знаменателя."
    if errors:
        raise ValidationError(errors)
    entered_values_save(planned=[PlannedValue(school, indicator, period, numerator, denominator)], by=by)
    return EnteredValue.objects.get(school=school, indicator=indicator, period=period)


def entered_template(*, school: School | None = None) -> bytes:
    """An XLSX to fill in: the columns, and one row per indicator (for the school, if given)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Значения"
    header = ([] if school else [SCHOOL]) + [INDICATOR, PERIOD, NUMERATOR, DENOMINATOR]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    period = school_year_label(timezone.localdate())
    for indicator in entered_indicators():
        sheet.append(([] if school else ["код-школы"]) + [indicator.code, period])
    notes = book.create_sheet("Показатели")
    notes.append(["Код", "Показатель", "Числитель", "Знаменатель"])
    for indicator in entered_indicators():
        notes.append(
            [indicator.code, indicator.name, indicator.numerator_definition, indicator.denominator_definition]
        )
    return workbook_bytes(book)
