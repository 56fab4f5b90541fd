"""Students' marks per subject and period, for measuring academic results (seed 001 §10, stage 2).

Schema: TENANT (the page's school).

Import follows the participants import (services.imports): the whole file is checked first and every
problem is reported in Russian as «Строка N, столбец «…»: …»; nothing is written unless the file is
valid, and then everything is written in one transaction. A student is found by the register's code,
else by full name (and class, when two students share a name). A re-import updates the marks it
already brought (same student, subject and period) instead of adding them twice. Marks are written in
bulk: a year's register of a whole school is tens of thousands of rows and stays a single request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

import pandas as pd
from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from analytics.changes import school_data_changed
from nastavnik.tables import workbook_bytes

from ..dates import cell_problem, parse_cell, range_problem
from ..models import Grade, Participant, ParticipantKind
from .imports import (
    Column,
    ImportFileError,
    RowError,
    _class_problem,
    _Errors,
    _header,
    _name_key,
    import_read,
)
from .participants import class_name_parse

# A school of 1,000 students, ten subjects, four periods; a bigger school imports a term at a time.
# Read in the request, so bounded by the time it takes (nastavnik.tables.MAX_CELLS as well).
MAX_ROWS = 40_000
LOWEST_MARK, HIGHEST_MARK = Decimal(1), Decimal(5)

CODE = Column("Код", "code", ("id", "код в журнале", "код ученика", "код обучающегося"), example="10234")
FULL_NAME = Column(
    "ФИО",
    "full_name",
    ("фио обучающегося", "обучающийся", "ученик", "фамилия имя отчество"),
    hint="Нужно, если нет кода",
    example="Иванов Пётр Сергеевич",
)
CLASS = Column(
    "Класс", "class_name", ("класс обучения",), hint="Как «7А»; помогает найти ученика по ФИО", example="7А"
)
SUBJECT = Column("Предмет", "subject", ("учебный предмет", "дисциплина"), required=True, example="алгебра")
PERIOD = Column(
    "Период",
    "period",
    ("учебный период", "четверть", "полугодие"),
    required=True,
    hint="Четверть, полугодие или год",
    example="2026/27, I четверть",
)
PERIOD_END = Column(
    "Конец периода",
    "period_end",
    ("дата окончания периода", "окончание периода", "дата"),
    required=True,
    hint="ДД.ММ.ГГГГ",
    example="31.10.2026",
)
MARK = Column(
    "Отметка", "value", ("оценка", "балл", "итоговая отметка"), required=True, hint="От 1 до 5", example="4"
)
COLUMNS = [CODE, FULL_NAME, CLASS, SUBJECT, PERIOD, PERIOD_END, MARK]
TITLES = {column.key: column.title for column in COLUMNS}


@dataclass
class GradeImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    ignored_columns: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PlannedGrade:
    row: int
    participant: int
    subject: str
    period: str
    period_end: date
    value: Decimal


def _clean(text: str) -> str:
    return " ".join(str(text or "").split())


def _key(participant: int, subject: str, period: str) -> tuple[int, str, str]:
    """Marks are the same when the student, subject and period match, whatever the letter case."""
    return participant, _clean(subject).casefold(), _clean(period).casefold()


def mark_parse(text) -> Decimal | None:
    """«5», «4,5», «4.50» → Decimal with two places; None when it is not a mark from 1 to 5."""
    try:
        value = Decimal(str(text).strip().replace(",", "."))
    except InvalidOperation:
        return None
    if (
        not value.is_finite()
        or not LOWEST_MARK <= value <= HIGHEST_MARK
        or value != value.quantize(Decimal("0.01"))
    ):
        return None
    return value.quantize(Decimal("0.01"))


# --- Checking the file ------------------------------------------------------------------------------


def _map_columns(frame: pd.DataFrame) -> tuple[dict[str, str], list[str]]:
    known = {_header(alias): column for column in COLUMNS for alias in (column.title, *column.aliases)}
    rename: dict[str, str] = {}
    ignored: list[str] = []
    errors = _Errors()
    for name in frame.columns:
        column = known.get(_header(name))
        if column is None:
            ignored.append(name)
        elif column.key in rename.values():
            errors.append(RowError(1, column.title, f"столбец «{name}» повторяется"))
        else:
            rename[name] = column.key
    missing = [c.title for c in COLUMNS if c.required and c.key not in rename.values()]
    if missing:
        errors.append(RowError(1, "", "нет обязательных столбцов: " + ", ".join(f"«{m}»" for m in missing)))
    if "code" not in rename.values() and "full_name" not in rename.values():
        errors.append(RowError(1, "", "нужен столбец «Код» или «ФИО»: по нему находится ученик"))
    if errors:
        raise ImportFileError(errors)
    return rename, ignored


def _period_ends(values: pd.Series, errors: _Errors) -> pd.Series:
    """dd.mm.yyyy as typed, or yyyy-mm-dd when the cell was a real date in Excel; None when not usable."""
    parsed = values.map(parse_cell)
    title = TITLES["period_end"]
    errors.flag((values != "") & parsed.isna(), title, lambda v: f"«{v}» — {cell_problem(v)}", values)
    problems = parsed.map(lambda day: range_problem(day))
    errors.flag(problems.notna(), title, lambda message: message, "«" + values + "» — " + problems.fillna(""))
    return parsed.where(problems.isna(), None)


class _Students:
    """The school's students, looked up by code, by full name and class, or by full name alone."""

    def __init__(self):
        self.by_code: dict[str, int] = {}
        self.by_name_class: dict[tuple, list[int]] = {}
        self.by_name: dict[str, list[int]] = {}
        for pk, code, last, first, middle, grade, letter in Participant.objects.filter(
            kind=ParticipantKind.STUDENT
        ).values_list("pk", "external_id", "last_name", "first_name", "middle_name", "grade", "class_letter"):
            if code:
                self.by_code[code] = pk
            for name in {_name_key(last, first, middle), _name_key(last, first)}:
                self.by_name_class.setdefault((name, grade, letter), []).append(pk)
                self.by_name.setdefault(name, []).append(pk)

    def find(self, row: int, code: str, name: str, class_name: str, errors: _Errors) -> int | None:
        if code:
            found = self.by_code.get(code)
            if found is None:
                errors.append(
                    RowError(
                        row,
                        TITLES["code"],
                        f"ученика с кодом «{code}» нет в базе — сначала загрузите обучающихся",
                    )
                )
            return found
        if not name:
            errors.append(RowError(row, TITLES["full_name"], "укажите «Код» или ФИО ученика"))
            return None
        key = _name_key(name)
        if class_name:
            parsed = class_name_parse(class_name)
            if parsed is None or not parsed[1]:
                errors.append(RowError(row, TITLES["class_name"], _class_problem(class_name)))
                return None
            candidates = self.by_name_class.get((key, *parsed), [])
            where = f" в классе «{class_name}»"
        else:
            candidates = self.by_name.get(key, [])
            where = ""
        candidates = sorted(set(candidates))
        if not candidates:
            errors.append(RowError(row, TITLES["full_name"], f"ученик «{name}»{where} не найден"))
            return None
        if len(candidates) > 1:
            hint = "укажите «Код»" if class_name else "укажите класс или «Код»"
            errors.append(RowError(row, TITLES["full_name"], f"несколько учеников «{name}»{where} — {hint}"))
            return None
        return candidates[0]


def grades_check(*, frame: pd.DataFrame) -> tuple[list[PlannedGrade], list[str]]:
    """Check the whole file; the marks to write, or ImportFileError with every problem by row."""
    rename, ignored = _map_columns(frame)
    frame = frame[list(rename)].rename(columns=rename)
    if frame.empty:
        raise ImportFileError([RowError(2, "", "в файле нет ни одной строки с отметкой")])
    if len(frame) > MAX_ROWS:
        raise ImportFileError([RowError(MAX_ROWS + 2, "", f"в файле больше {MAX_ROWS} строк: разделите его")])
    for key in TITLES:
        if key not in frame:
            frame[key] = ""
    errors = _Errors()
    for key in ("subject", "period", "period_end", "value"):
        errors.flag(frame[key] == "", TITLES[key], lambda _: "не заполнено", frame[key])
    ends = _period_ends(frame["period_end"], errors)
    marks = frame["value"].map(mark_parse)
    errors.flag(
        (frame["value"] != "") & marks.isna(),
        TITLES["value"],
        lambda v: f"«{v}» — отметка должна быть числом от 1 до 5",
        frame["value"],
    )
    students = _Students()
    existing_ends = {
        period.casefold(): period_end
        for period, period_end in Grade.objects.values_list("period", "period_end").distinct()
    }
    file_ends: dict[str, tuple[date, int]] = {}
    seen: dict[tuple, int] = {}
    planned = []
    for index in frame.index:
        row = int(index) + 2
        participant = students.find(
            row, frame.at[index, "code"], frame.at[index, "full_name"], frame.at[index, "class_name"], errors
        )
        subject, period, period_end, value = (
            _clean(frame.at[index, "subject"]),
            _clean(frame.at[index, "period"]),
            ends[index],
            marks[index],
        )
        if period and period_end:
            # One period ends on one day: the comparison of entry and exit relies on it.
            known = existing_ends.get(period.casefold())
            first = file_ends.setdefault(period.casefold(), (period_end, row))
            if known is not None and known != period_end:
                errors.append(
                    RowError(
                        row,
                        TITLES["period_end"],
                        f"период «{period}» уже загружен с концом {known:%d.%m.%Y}",
                    )
                )
            elif first[0] != period_end:
                errors.append(
                    RowError(
                        row,
                        TITLES["period_end"],
                        f"у периода «{period}» в строке {first[1]} другой конец: {first[0]:%d.%m.%Y}",
                    )
                )
        if participant is None or not subject or not period or period_end is None or value is None:
            continue
        key = _key(participant, subject, period)
        if key in seen:
            errors.append(
                RowError(
                    row,
                    TITLES["subject"],
                    f"отметка по этому предмету за этот период уже есть в строке {seen[key]}",
                )
            )
            continue
        seen[key] = row
        planned.append(PlannedGrade(row, participant, subject, period, period_end, value))
    if errors:
        raise ImportFileError(errors)
    return planned, ignored


# --- Writing ----------------------------------------------------------------------------------------


@transaction.atomic
def grades_import(*, frame: pd.DataFrame) -> GradeImportResult:
    """Check the whole file, then create new marks and update those already imported, or write nothing."""
    planned, ignored = grades_check(frame=frame)
    result = GradeImportResult(rows=len(planned), ignored_columns=ignored)
    existing = {
        _key(grade.participant_id, grade.subject, grade.period): grade
        for grade in Grade.objects.filter(participant_id__in={p.participant for p in planned})
    }
    to_create, to_update = [], []
    for item in planned:
        grade = existing.get(_key(item.participant, item.subject, item.period))
        if grade is None:
            to_create.append(
                Grade(
                    participant_id=item.participant,
                    subject=item.subject,
                    period=item.period,
                    period_end=item.period_end,
                    value=item.value,
                )
            )
        elif (grade.value, grade.period_end) != (item.value, item.period_end):
            grade.value, grade.period_end = item.value, item.period_end
            to_update.append(grade)
    Grade.objects.bulk_create(to_create, batch_size=2000)
    Grade.objects.bulk_update(to_update, ["value", "period_end"], batch_size=2000)
    if to_create or to_update:  # bulk writes send no signals: mark the school for recompute
        school_data_changed()
    result.created, result.updated = len(to_create), len(to_update)
    return result


def grades_import_file(*, name: str, content: bytes) -> GradeImportResult:
    """Read an uploaded XLSX or CSV and import it (ImportFileError with the problems by row).

    The file is read outside any transaction; only grades_import (check and write) is atomic."""
    return grades_import(frame=import_read(name=name, content=content, max_rows=MAX_ROWS))


@transaction.atomic
def grade_set(*, participant: Participant, subject: str, period: str, period_end: date, value) -> Grade:
    """Enter one mark by hand: a new one, or the student's mark in that subject and period corrected."""
    if participant.kind != ParticipantKind.STUDENT:
        raise ValidationError({"participant": "Отметки вносятся только обучающимся."})
    subject, period = _clean(subject), _clean(period)
    mark = mark_parse(value)
    if mark is None:
        raise ValidationError({"value": "Отметка должна быть числом от 1 до 5."})
    other_end = (
        Grade.objects.filter(period__iexact=period)
        .exclude(period_end=period_end)
        .values_list("period_end", flat=True)
        .first()
    )
    if other_end is not None:
        raise ValidationError({"period_end": f"Период «{period}» уже внесён с концом {other_end:%d.%m.%Y}."})
    grade = Grade.objects.filter(
        participant=participant, subject__iexact=subject, period__iexact=period
    ).first()
    if grade is None:
        grade = Grade(participant=participant, subject=subject, period=period)
    grade.period_end, grade.value = period_end, mark
    grade.full_clean(validate_unique=False)
    grade.save()
    return grade


@transaction.atomic
def grade_delete(*, grade: Grade) -> None:
    grade.delete()


# --- The template to fill in ------------------------------------------------------------------------


def grades_template() -> bytes:
    """An empty XLSX with the columns of the marks import and a sheet explaining how to fill them in."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Отметки"
    sheet.append([column.title for column in COLUMNS])
    for number, column in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=number).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(number)].width = max(14, len(column.title) + 6)
        # Text cells: Excel would otherwise turn classes («7А»), marks («4,5») and dates into its formats.
        for row in range(2, 1002):
            sheet.cell(row=row, column=number).number_format = "@"
    sheet.freeze_panes = "A2"
    help_sheet = book.create_sheet("Как заполнять")
    help_sheet.append(["Столбец", "Обязательный", "Что писать", "Пример"])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        help_sheet.append([column.title, "да" if column.required else "", column.hint, column.example])
    for letter, width in zip("ABCD", (18, 14, 60, 26), strict=True):
        help_sheet.column_dimensions[letter].width = width
    help_sheet.append([])
    help_sheet.append(["Одна строка — одна отметка ученика по предмету за период."])
    help_sheet.append(
        ["Файл загружается целиком: если хотя бы в одной строке ошибка, не загружается ничего."]
    )
    return workbook_bytes(book)
