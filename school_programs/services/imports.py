"""Bulk import of students, teachers and parents from the school's electronic register (XLSX or CSV).

Schema: TENANT (the page's school, or the Celery task's schema for large files).

The rule: the whole file is checked first, every row and every column, and the problems are
reported in Russian as «Строка N, столбец «…»: …»; nothing is written unless the file is valid, and
then everything is written in one transaction, through the same services as the pages use. The
register's own identifier («Код») makes a re-import update the people it already brought instead of
adding them twice; without a code a person is recognised by full name and date of birth.

Files of more than INLINE_LIMIT rows are imported by a Celery task (tasks_imports), queued after the
request's transaction commits; the task stores its progress and outcome in the cache under a job id
that is bound to the school's schema, and the import page polls it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import pandas as pd
from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from nastavnik.celery import TRANSIENT_ERRORS
from nastavnik.tables import RowError, workbook_bytes
from nastavnik.tables import TableFileError as ImportFileError
from nastavnik.tables import table_read as import_read

from ..dates import BIRTH, cell_problem, parse_cell, range_problem
from ..models import Participant, ParticipantKind, QualificationCategory
from ..models.choices import Category
from .participants import (
    MAX_EXPERIENCE_YEARS,
    class_name_parse,
    guardianship_link,
    participant_create,
    participant_problems,
    participant_update,
)

IMPORT_KINDS = (ParticipantKind.STUDENT, ParticipantKind.TEACHER, ParticipantKind.PARENT)
INLINE_LIMIT = 300  # rows; larger files go to the Celery task so that the page does not hang
MAX_ROWS = 5000
JOB_TTL = 6 * 3600  # seconds the outcome of a queued import stays visible
# The task's time: 5,000 rows take about a minute; past this the worker is freed and the job failed.
IMPORT_SOFT_TIME_LIMIT = 15 * 60
TASK_NAME = "school_programs.participants_import"
TRUE_WORDS = {"да", "1", "true", "yes", "+", "истина", "д"}
FALSE_WORDS = {"", "нет", "0", "false", "no", "-", "ложь", "н"}
QUALIFICATION_WORDS = {
    "": QualificationCategory.NONE,
    "нет": QualificationCategory.NONE,
    "без категории": QualificationCategory.NONE,
    "сзд": QualificationCategory.POSITION,
    "соответствие": QualificationCategory.POSITION,
    "соответствие занимаемой должности": QualificationCategory.POSITION,
    "первая": QualificationCategory.FIRST,
    "1": QualificationCategory.FIRST,
    "i": QualificationCategory.FIRST,
    "высшая": QualificationCategory.HIGHEST,
}


@dataclass(frozen=True)
class Column:
    title: str  # the header in the template and in error messages
    key: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    hint: str = ""
    example: str = ""


CODE = Column(
    "Код",
    "external_id",
    ("id", "идентификатор", "код в журнале", "код участника", "уникальный код"),
    hint="Идентификатор из электронного журнала; по нему повторный импорт обновляет запись, а не дублирует",
    example="10234",
)
LAST_NAME = Column("Фамилия", "last_name", required=True, example="Иванов")
FIRST_NAME = Column("Имя", "first_name", required=True, example="Пётр")
MIDDLE_NAME = Column("Отчество", "middle_name", example="Сергеевич")
BIRTH_DATE = Column(
    "Дата рождения", "birth_date", ("др", "дата рожд."), hint="ДД.ММ.ГГГГ", example="15.03.2013"
)
EMAIL = Column(
    "E-mail",
    "email",
    ("email", "e-mail", "эл. почта", "электронная почта", "почта"),
    example="ivanov@mail.ru",
)
PHONE = Column("Телефон", "phone", ("тел.", "телефон", "мобильный телефон"), example="+7 900 123-45-67")
COLUMNS: dict[str, list[Column]] = {
    ParticipantKind.STUDENT: [
        CODE,
        LAST_NAME,
        FIRST_NAME,
        MIDDLE_NAME,
        Column("Дата рождения", "birth_date", BIRTH_DATE.aliases, True, "ДД.ММ.ГГГГ", "15.03.2013"),
        Column("Класс", "class_name", ("класс обучения",), True, "Параллель 1–11 и литера", "7А"),
        EMAIL,
        PHONE,
    ],
    ParticipantKind.TEACHER: [
        CODE,
        LAST_NAME,
        FIRST_NAME,
        MIDDLE_NAME,
        BIRTH_DATE,
        Column("Должность", "position", (), True, example="учитель математики"),
        Column(
            "Предметы",
            "subjects",
            ("предмет", "преподаваемые предметы"),
            hint="Через запятую",
            example="алгебра, геометрия",
        ),
        Column(
            "Стаж", "experience_years", ("педагогический стаж", "стаж, лет"), hint="Полных лет", example="12"
        ),
        Column(
            "Категория",
            "qualification",
            ("квалификационная категория",),
            hint="без категории / соответствие занимаемой должности (СЗД) / первая / высшая",
            example="первая",
        ),
        Column("Педагог-методист", "is_methodist", (), hint="да / нет", example="нет"),
        Column("Педагог-наставник", "is_mentor_teacher", (), hint="да / нет", example="да"),
        EMAIL,
        PHONE,
    ],
    ParticipantKind.PARENT: [
        CODE,
        LAST_NAME,
        FIRST_NAME,
        MIDDLE_NAME,
        BIRTH_DATE,
        EMAIL,
        PHONE,
        Column(
            "ФИО ребёнка",
            "child_name",
            ("ребенок", "ребёнок", "фио обучающегося"),
            hint="Ученик школы, уже загруженный в базу; несколько детей — через «;»",
            example="Иванов Пётр Сергеевич",
        ),
        Column(
            "Класс ребёнка",
            "child_class",
            ("класс обучающегося",),
            hint="Как «7А»; для нескольких — через «;»",
            example="7А",
        ),
    ],
}
NAME_TITLES = {"last_name": "Фамилия", "first_name": "Имя", "middle_name": "Отчество"}
FIELD_COLUMNS = {"grade": "Класс", "class_letter": "Класс", "external_id": "Код"}


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    linked: int = 0
    ignored_columns: list[str] = field(default_factory=list)


@dataclass
class PlannedRow:
    row: int
    fields: dict
    existing: Participant | None = None
    children: list[int] = field(default_factory=list)


def _header(text: str) -> str:
    return " ".join(str(text).replace("ё", "е").replace("Ё", "Е").strip().strip("*").lower().split())


def _name_key(*parts: str) -> str:
    return " ".join(" ".join(parts).replace("ё", "е").replace("Ё", "Е").lower().split())


def _row_name(frame: pd.DataFrame, index) -> str:
    return _name_key(*(frame.at[index, key] for key in NAME_TITLES if key in frame))


# --- Reading ---------------------------------------------------------------------------------------


# --- Checking --------------------------------------------------------------------------------------


class _Errors(list):
    def flag(self, mask: pd.Series, column: str, message: Callable[[object], str], values: pd.Series) -> None:
        for index in mask[mask].index:
            self.append(RowError(int(index) + 2, column, message(values[index])))


def _map_columns(frame: pd.DataFrame, kind: str) -> tuple[dict[str, str], list[str]]:
    """{file column: key} for known columns; the unknown ones are returned to be reported as ignored."""
    known: dict[str, Column] = {}
    for column in COLUMNS[kind]:
        for alias in (column.title, *column.aliases):
            known[_header(alias)] = column
    full_name_aliases = {
        "фио",
        "фамилия имя отчество",
        "фио обучающегося" if kind != "parent" else "фио родителя",
    }
    rename: dict[str, str] = {}
    ignored: list[str] = []
    errors = _Errors()
    for name in frame.columns:
        normal = _header(name)
        if normal in full_name_aliases:
            key = "full_name"
        elif normal in known:
            key = known[normal].key
        else:
            ignored.append(name)
            continue
        if key in rename.values():
            errors.append(RowError(1, name, "столбец с этим смыслом встречается в файле дважды"))
        rename[name] = key
    keys = set(rename.values())
    missing = [
        c.title
        for c in COLUMNS[kind]
        if c.required and c.key not in keys and not (c.key in NAME_TITLES and "full_name" in keys)
    ]
    if missing:
        errors.append(RowError(1, "", "нет обязательных столбцов: " + ", ".join(f"«{m}»" for m in missing)))
    if errors:
        raise ImportFileError(errors)
    return rename, ignored


def _split_full_name(frame: pd.DataFrame, errors: _Errors) -> None:
    parts = frame["full_name"].str.split(n=2, expand=True).reindex(columns=[0, 1, 2]).fillna("")
    for position, key in enumerate(("last_name", "first_name", "middle_name")):
        if key not in frame:
            frame[key] = parts[position]
    errors.flag(
        (frame["full_name"] != "") & (parts[1] == ""),
        "ФИО",
        lambda v: f"«{v}» — нужны хотя бы фамилия и имя",
        frame["full_name"],
    )


def _dates(values: pd.Series, title: str, errors: _Errors) -> pd.Series:
    """dd.mm.yyyy as typed, or yyyy-mm-dd when the cell was a real date in Excel; birth dates 1900–today."""
    parsed = values.map(parse_cell)
    errors.flag((values != "") & parsed.isna(), title, lambda v: f"«{v}» — {cell_problem(v)}", values)
    problems = parsed.map(lambda day: range_problem(day, kind=BIRTH))
    errors.flag(problems.notna(), title, lambda message: message, "«" + values + "» — " + problems.fillna(""))
    return parsed.where(problems.isna(), None)


def _class_problem(value: str) -> str | None:
    """None for a class with a letter («7А»); otherwise what is wrong, in Russian."""
    parsed = class_name_parse(value)
    if parsed is not None and parsed[1]:
        return None
    match = re.fullmatch(r"\s*(\d+)\s*[-\s]?\s*(\D*)\s*", value)
    if match and not 1 <= int(match[1]) <= 11:
        return f"«{value}» — параллели {int(match[1])} нет: классы с 1 по 11"
    if match and not match[2].strip():
        return f"«{value}» — укажите литеру класса, например «{match[1]}А»"
    return f"«{value}» — неизвестный класс (ожидается параллель 1–11 и литера, например «7А»)"


def _check_columns(
    frame: pd.DataFrame, kind: str, titles: dict[str, str], errors: _Errors
) -> dict[str, pd.Series]:
    """Column-wise checks with pandas; returns the typed values per key."""
    typed: dict[str, pd.Series] = {}
    for column in COLUMNS[kind]:
        if column.required and column.key in frame:
            empty = frame[column.key] == ""
            if titles[column.key] == "ФИО":
                empty &= frame["full_name"] == ""  # reported once, for the ФИО cell
            errors.flag(
                empty, titles[column.key], lambda v: "обязательное поле не заполнено", frame[column.key]
            )
    if "birth_date" in frame:
        typed["birth_date"] = _dates(frame["birth_date"], titles["birth_date"], errors)
    if "class_name" in frame:
        values = frame["class_name"]
        errors.flag(
            values.map(lambda v: bool(v) and _class_problem(v) is not None),
            titles["class_name"],
            lambda v: _class_problem(v),
            values,
        )
        typed["class_name"] = values.map(class_name_parse)
    if "email" in frame:
        values = frame["email"]
        errors.flag(
            values.map(lambda v: bool(v) and not _is_email(v)),
            titles["email"],
            lambda v: f"«{v}» — не адрес электронной почты",
            values,
        )
    if "phone" in frame:
        values = frame["phone"]
        digits = values.str.count(r"\d")
        malformed = values.str.contains(r"[^\d\s+()\-.]", regex=True)
        errors.flag(
            (values != "") & (malformed | (digits < 10) | (digits > 15)),
            titles["phone"],
            lambda v: f"«{v}» — не номер телефона",
            values,
        )
    if "experience_years" in frame:
        values = frame["experience_years"]
        numbers = pd.to_numeric(values.str.replace(",", ".", regex=False), errors="coerce")
        bad = (values != "") & (
            numbers.isna() | (numbers % 1 != 0) | (numbers < 0) | (numbers > MAX_EXPERIENCE_YEARS)
        )
        errors.flag(
            bad,
            titles["experience_years"],
            lambda v: f"«{v}» — стаж должен быть целым числом лет от 0 до {MAX_EXPERIENCE_YEARS}",
            values,
        )
        typed["experience_years"] = numbers.map(lambda n: None if pd.isna(n) or n % 1 else int(n))
    if "qualification" in frame:
        values = frame["qualification"]
        codes = values.map(lambda v: QUALIFICATION_WORDS.get(_header(v)))
        errors.flag(
            codes.isna(),
            titles["qualification"],
            lambda v: (
                f"«{v}» — неизвестная категория; допустимы: без категории, "
                "соответствие занимаемой должности, первая, высшая"
            ),
            values,
        )
        typed["qualification"] = codes
    for key in ("is_methodist", "is_mentor_teacher"):
        if key in frame:
            values = frame[key]
            words = values.map(_header)
            errors.flag(
                ~words.isin(TRUE_WORDS | FALSE_WORDS),
                titles[key],
                lambda v: f"«{v}» — ожидается «да» или «нет»",
                values,
            )
            typed[key] = words.isin(TRUE_WORDS)
    if "subjects" in frame:
        typed["subjects"] = frame["subjects"].map(
            lambda v: [s.strip() for s in re.split(r"[,;]", v) if s.strip()]
        )
    return typed


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _person_keys(frame: pd.DataFrame, typed: dict[str, pd.Series]) -> pd.Series:
    """Who a row is, for finding duplicates and existing people: the code, else name and birth date."""
    births = typed.get("birth_date", pd.Series([None] * len(frame), index=frame.index))
    names = frame.apply(
        lambda r: _name_key(r.get("last_name", ""), r.get("first_name", ""), r.get("middle_name", "")), axis=1
    )
    by_name = names + "|" + births.map(lambda d: d.isoformat() if d else "")
    codes = frame["external_id"] if "external_id" in frame else pd.Series("", index=frame.index)
    return codes.map(lambda c: f"code:{c}").where(codes != "", "name:" + by_name)


def _children(frame: pd.DataFrame, errors: _Errors) -> dict[int, list[int]]:
    """For a parents' file: the students named in «ФИО ребёнка» / «Класс ребёнка» of each row."""
    if "child_name" not in frame and "child_class" not in frame:
        return {}
    names = frame.get("child_name", pd.Series("", index=frame.index))
    classes = frame.get("child_class", pd.Series("", index=frame.index))
    by_full: dict[tuple, list[int]] = {}
    by_short: dict[tuple, list[int]] = {}
    for pk, last, first, middle, grade, letter in Participant.objects.filter(
        kind=ParticipantKind.STUDENT, is_active=True
    ).values_list("pk", "last_name", "first_name", "middle_name", "grade", "class_letter"):
        by_full.setdefault((_name_key(last, first, middle), grade, letter), []).append(pk)
        by_short.setdefault((_name_key(last, first), grade, letter), []).append(pk)
    found: dict[int, list[int]] = {}
    for index in frame.index:
        row = int(index) + 2
        row_names = [n.strip() for n in names[index].split(";") if n.strip()]
        row_classes = [c.strip() for c in classes[index].split(";") if c.strip()]
        if not row_names and not row_classes:
            continue
        if not row_names:
            errors.append(RowError(row, "ФИО ребёнка", "указан класс ребёнка, но не его ФИО"))
            continue
        if len(row_classes) != len(row_names):
            errors.append(
                RowError(row, "Класс ребёнка", "укажите класс для каждого ребёнка (через «;», по порядку)")
            )
            continue
        for child_name, child_class in zip(row_names, row_classes, strict=True):
            parsed = class_name_parse(child_class)
            if parsed is None or not parsed[1]:
                errors.append(RowError(row, "Класс ребёнка", _class_problem(child_class)))
                continue
            key = (_name_key(child_name), *parsed)
            candidates = by_full.get(key) or by_short.get(key) or []
            if not candidates:
                errors.append(
                    RowError(
                        row,
                        "ФИО ребёнка",
                        f"ученик «{child_name}» в классе «{child_class}» не найден — "
                        "сначала загрузите обучающихся",
                    )
                )
            elif len(candidates) > 1:
                errors.append(
                    RowError(
                        row,
                        "ФИО ребёнка",
                        f"в классе «{child_class}» несколько учеников «{child_name}» — укажите отчество",
                    )
                )
            else:
                found.setdefault(index, []).append(candidates[0])
    return found


def import_check(*, kind: str, frame: pd.DataFrame) -> tuple[list[PlannedRow], list[str]]:
    """Check the whole file; the planned rows (new or existing participant + fields), or ImportFileError."""
    if kind not in IMPORT_KINDS:
        raise ImportFileError([RowError(1, "", "импортировать можно обучающихся, педагогов или родителей")])
    rename, ignored = _map_columns(frame, kind)
    frame = frame[list(rename)].rename(columns=rename)
    if frame.empty:
        raise ImportFileError([RowError(2, "", "в файле нет ни одной строки с участником")])
    if len(frame) > MAX_ROWS:
        raise ImportFileError([RowError(MAX_ROWS + 2, "", f"в файле больше {MAX_ROWS} строк: разделите его")])
    errors = _Errors()
    titles = {c.key: c.title for c in COLUMNS[kind]}
    if "full_name" in frame:
        _split_full_name(frame, errors)
        titles.update(dict.fromkeys(NAME_TITLES, "ФИО"))
    typed = _check_columns(frame, kind, titles, errors)
    keys = _person_keys(frame, typed)
    name_title = titles["last_name"]

    # The same person twice in one file: an error, except a parent listed once per child.
    duplicated = keys.duplicated(keep=False) & ~keys.str.startswith("name:|")
    groups: dict[str, list] = {}
    for index in keys[duplicated].index:
        groups.setdefault(keys[index], []).append(index)
    first_of_group: dict = {}
    for key, indexes in groups.items():
        first = indexes[0]
        for index in indexes[1:]:
            first_of_group[index] = first
            same_name = _row_name(frame, index) == _row_name(frame, first)
            if kind == ParticipantKind.PARENT and same_name:
                continue
            what = f"код «{frame.at[index, 'external_id']}»" if key.startswith("code:") else "этот же человек"
            errors.append(
                RowError(
                    int(index) + 2,
                    titles["external_id"] if key.startswith("code:") else name_title,
                    f"{what} уже встречается в строке {int(first) + 2}",
                )
            )
    children = _children(frame, errors) if kind == ParticipantKind.PARENT else {}

    existing = _existing(kind, frame, keys, typed.get("birth_date"))
    planned: dict = {}
    claimed: dict[int, int] = {}
    reported = {(e.row, e.column) for e in errors}
    for index in frame.index:
        row = int(index) + 2
        if index in first_of_group:
            target = planned.get(first_of_group[index])
            if target is not None:
                target.children.extend(c for c in children.get(index, []) if c not in target.children)
            continue
        fields = _row_fields(frame, typed, index)
        person = existing.get(keys[index])
        if isinstance(person, list):
            errors.append(
                RowError(
                    row,
                    name_title,
                    "в базе несколько участников с таким ФИО и датой рождения — укажите «Код»",
                )
            )
            continue
        if person is not None:
            if person.pk in claimed:
                errors.append(
                    RowError(row, name_title, f"это тот же участник, что и в строке {claimed[person.pk]}")
                )
                continue
            claimed[person.pk] = row
        candidate = _apply_fields(kind, person, fields)
        problems = participant_problems(candidate)
        try:
            candidate.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                problems.setdefault(name, " ".join(messages))
        for name, message in problems.items():
            title = titles.get(name) or FIELD_COLUMNS.get(name, "")
            if (row, title) not in reported:  # the column checks already said what is wrong here
                errors.append(RowError(row, title, message.rstrip(".")))
                reported.add((row, title))
        planned[index] = PlannedRow(
            row=row, fields=fields, existing=person, children=list(children.get(index, []))
        )
    if errors:
        raise ImportFileError(errors)
    return list(planned.values()), ignored


def _row_fields(frame: pd.DataFrame, typed: dict[str, pd.Series], index) -> dict:
    fields = {}
    for key in frame.columns:
        if key in {"full_name", "child_name", "child_class"}:
            continue
        if key == "class_name":
            grade, letter = typed["class_name"][index] or (None, "")
            fields["grade"], fields["class_letter"] = grade, letter
        elif key in typed:
            fields[key] = _plain(typed[key][index])
        else:
            fields[key] = frame.at[index, key]
    return fields


def _plain(value):
    """numpy scalars as Python values (the database driver does not adapt numpy.int64)."""
    return value.item() if hasattr(value, "item") and not isinstance(value, list | str) else value


def _apply_fields(kind: str, person: Participant | None, fields: dict) -> Participant:
    """An unsaved copy with the row's values, to check before anything is written."""
    candidate = Participant(kind=kind)
    if person is not None:
        candidate = Participant(
            **{f.attname: getattr(person, f.attname) for f in Participant._meta.concrete_fields}
        )
    for name, value in fields.items():
        setattr(candidate, name, value)
    if not candidate.external_id and person is not None:
        candidate.external_id = person.external_id
    return candidate


def _existing(
    kind: str, frame: pd.DataFrame, keys: pd.Series, births: pd.Series | None
) -> dict[str, Participant | list]:
    """Participants already in the school for the file's keys (a list when a name key is ambiguous)."""
    codes = [k[5:] for k in keys if k.startswith("code:")]
    found: dict[str, Participant | list] = {}
    for person in Participant.objects.filter(kind=kind, external_id__in=codes):
        found[f"code:{person.external_id}"] = person
    last_names = set(frame["last_name"]) if "last_name" in frame else set()
    by_name: dict[str, list[Participant]] = {}
    for person in Participant.objects.filter(kind=kind, last_name__in=last_names):
        name = _name_key(person.last_name, person.first_name, person.middle_name)
        by_name.setdefault(name, []).append(person)
    for index in frame.index:
        key = keys[index]
        if key in found:
            continue
        # Somebody added by hand before the school started exporting codes is matched by name too.
        name = _row_name(frame, index)
        birth = births[index] if births is not None else None
        matches = [
            p
            for p in by_name.get(name, [])
            if (birth is None or p.birth_date is None or p.birth_date == birth)
            and (key.startswith("name:") or not p.external_id)
        ]
        if len(matches) == 1:
            found[key] = matches[0]
        elif len(matches) > 1:
            found[key] = matches
    return found


# --- Writing ---------------------------------------------------------------------------------------


@transaction.atomic
def participants_import(
    *, kind: str, frame: pd.DataFrame, progress: Callable[[int, int], None] | None = None
) -> ImportResult:
    """Check the whole file, then write every row (create or update) and the parents' links, or nothing."""
    rows, ignored = import_check(kind=kind, frame=frame)
    result = ImportResult(kind=kind, rows=len(rows), ignored_columns=ignored)
    children = Participant.objects.in_bulk([pk for planned in rows for pk in planned.children])
    for done, planned in enumerate(rows, start=1):
        try:
            if planned.existing is None:
                fields = dict(planned.fields)
                person = participant_create(
                    kind=kind,
                    last_name=fields.pop("last_name"),
                    first_name=fields.pop("first_name"),
                    **fields,
                )
                result.created += 1
            else:
                person = participant_update(participant=planned.existing, **planned.fields)
                result.updated += 1
            for child_id in planned.children:
                guardianship_link(parent=person, child=children[child_id])
                result.linked += 1
        except ValidationError as error:
            # Checked above; this happens only if somebody changed the same people meanwhile.
            messages = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            raise ImportFileError(
                [
                    RowError(planned.row, FIELD_COLUMNS.get(name, ""), " ".join(m))
                    for name, m in messages.items()
                ]
            ) from error
        if progress:
            progress(done, len(rows))
    return result


# --- Large files: a Celery job with its progress in the cache ------------------------------------


@dataclass
class ImportStart:
    result: ImportResult | None = None
    job_id: str | None = None


def _job_key(job_id: str) -> str:
    # The schema is part of the key: school B cannot read school A's job even with its id.
    return f"participants-import:{connection.schema_name}:{job_id}"


def import_job(job_id: str) -> dict | None:
    """The state of a queued import: queued / running / done / failed, rows done of total, outcome."""
    return cache.get(_job_key(job_id))


def _job_save(job_id: str, job: dict) -> None:
    cache.set(_job_key(job_id), job, JOB_TTL)


def participants_import_start(*, kind: str, name: str, content: bytes, by=None) -> ImportStart:
    """Import a small file now; queue a large one (the file waits in the cache for the worker).

    Not atomic as a whole: reading the file (bounded by nastavnik.tables' limits) holds no
    transaction; only `participants_import`'s check-and-write is atomic."""
    frame = import_read(name=name, content=content, max_rows=MAX_ROWS)
    if len(frame) <= INLINE_LIMIT:
        return ImportStart(result=participants_import(kind=kind, frame=frame))
    if kind not in IMPORT_KINDS:
        raise ImportFileError([RowError(1, "", "импортировать можно обучающихся, педагогов или родителей")])
    job_id = uuid.uuid4().hex
    cache.set(_job_key(job_id) + ":file", {"name": name, "content": content}, JOB_TTL)
    _job_save(
        job_id,
        {
            "state": "queued",
            "kind": kind,
            "file": name,
            "done": 0,
            "total": len(frame),
            "user_id": getattr(by, "pk", None),
        },
    )
    # By name: the task module imports this one, and the web process needs only the message. The
    # job id is the Celery task id too, so the outcome can also be awaited through the result backend.
    transaction.on_commit(lambda: current_app.send_task(TASK_NAME, args=[job_id], task_id=job_id))
    return ImportStart(job_id=job_id)


def import_job_run(*, job_id: str, last_attempt: bool = True) -> dict:
    """The Celery task's body, in the school's schema. Running it again after it finished does nothing.

    A transient error (nastavnik.celery.TRANSIENT_ERRORS: nothing was written, the import is atomic)
    is raised for the task to retry; the job stays queued unless this was the `last_attempt`."""
    job = import_job(job_id)
    if job is None:
        return {"state": "missing"}
    if job["state"] in {"done", "failed"}:
        return job
    upload = cache.get(_job_key(job_id) + ":file")
    if upload is None:
        job.update(
            state="failed", errors=[RowError(1, "", "файл больше не доступен: загрузите его снова").as_dict()]
        )
        _job_save(job_id, job)
        return job
    job["state"] = "running"
    _job_save(job_id, job)
    step = max(1, job["total"] // 50)

    def progress(done: int, total: int) -> None:
        if done % step == 0 or done == total:
            job.update(done=done, total=total)
            _job_save(job_id, job)

    try:
        frame = import_read(name=upload["name"], content=upload["content"], max_rows=MAX_ROWS)
        result = participants_import(kind=job["kind"], frame=frame, progress=progress)
    except ImportFileError as error:
        job.update(state="failed", errors=[e.as_dict() for e in error.row_errors])
    except SoftTimeLimitExceeded:
        job.update(
            state="failed",
            errors=[RowError(1, "", "файл обрабатывался слишком долго: разделите его на части").as_dict()],
        )
        _job_save(job_id, job)
        raise
    except TRANSIENT_ERRORS:
        if last_attempt:
            job.update(
                state="failed",
                errors=[RowError(1, "", "база данных недоступна; попробуйте загрузить файл позже").as_dict()],
            )
        else:
            job.update(state="queued")
        _job_save(job_id, job)
        raise
    except Exception:
        job.update(
            state="failed",
            errors=[RowError(1, "", "внутренняя ошибка при импорте; попробуйте ещё раз").as_dict()],
        )
        _job_save(job_id, job)
        raise
    else:
        job.update(state="done", result=asdict(result), done=job["total"])
    cache.delete(_job_key(job_id) + ":file")
    _job_save(job_id, job)
    return job


# --- Files for people: the template to fill in and the export of the list ------------------------


def import_template(kind: str) -> bytes:
    """An empty XLSX with the columns of the kind and a sheet explaining how to fill them in."""
    columns = COLUMNS[kind]
    book = Workbook()
    sheet = book.active
    sheet.title = {"student": "Обучающиеся", "teacher": "Педагоги", "parent": "Родители"}[kind]
    sheet.append([c.title for c in columns])
    for number, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=number)
        cell.font = Font(bold=True)
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = max(14, len(column.title) + 4)
        # Text cells: Excel would otherwise turn «7А»-like classes and dates into its own formats.
        for row in range(2, 1002):
            sheet.cell(row=row, column=number).number_format = "@"
    sheet.freeze_panes = "A2"
    help_sheet = book.create_sheet("Как заполнять")
    help_sheet.append(["Столбец", "Обязательный", "Что писать", "Пример"])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for column in columns:
        help_sheet.append([column.title, "да" if column.required else "", column.hint, column.example])
    for letter, width in zip("ABCD", (22, 14, 70, 26), strict=True):
        help_sheet.column_dimensions[letter].width = width
    help_sheet.append([])
    help_sheet.append(
        ["Файл загружается целиком: если хотя бы в одной строке ошибка, не загружается ничего."]
    )
    return workbook_bytes(book)


EXPORT_HEADER = [
    "Код",
    "Фамилия",
    "Имя",
    "Отчество",
    "Кто",
    "Дата рождения",
    "Класс / должность",
    "E-mail",
    "Телефон",
    "Категории",
    "Согласие на обработку ПДн",
]


def participants_export(participants, *, special: dict[int, list] | None = None) -> bytes:
    """The list as XLSX; `special` (participant id → special categories) only for those entitled,
    already logged by services.participants.special_categories_read."""
    from ..selectors.participants import ConsentState

    book = Workbook()
    sheet = book.active
    sheet.title = "Участники"
    header = EXPORT_HEADER + (["Специальные категории ПДн"] if special is not None else [])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for p in participants:
        row = [
            p.external_id,
            p.last_name,
            p.first_name,
            p.middle_name,
            p.get_kind_display(),
            p.birth_date.strftime("%d.%m.%Y") if p.birth_date else "",
            p.class_name if p.kind == ParticipantKind.STUDENT else p.description,
            p.email,
            p.phone,
            "; ".join(Category(c.category).label for c in p.open_categories),
            ConsentState.LABELS.get(p.consent_state, ""),
        ]
        if special is not None:
            row.append("; ".join(Category(c.category).label for c in special.get(p.pk, [])))
        sheet.append(row)
    for number in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(number)].width = 20
    sheet.freeze_panes = "A2"
    return workbook_bytes(book)
