"""Bulk onboarding of schools from a CSV or XLSX file prepared by the regional centre.

Schema: PUBLIC. The whole file is validated first and nothing is created unless every row is valid;
then each school is created in a transaction of its own (row and schema together), because one
transaction over hundreds of new schemas would hold more locks than PostgreSQL allows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from django.core.exceptions import ValidationError

from nastavnik.tables import RowError, TableFileError, table_read
from regional_center.models import Municipality, Region

from ..models import School
from .provisioning import SchoolData, school_create, school_validate

# Column name in the file (Russian or English, case-insensitive) → field.
COLUMNS = {
    "код": "slug",
    "slug": "slug",
    "полное наименование": "full_name",
    "full_name": "full_name",
    "краткое наименование": "short_name",
    "short_name": "short_name",
    "муниципалитет": "municipality",
    "municipality": "municipality",
    "тип": "kind",
    "kind": "kind",
    "адрес": "address",
    "address": "address",
    "инн": "inn",
    "inn": "inn",
    "шнор": "low_results",
    "low_results": "low_results",
    "школа-партнёр": "partner_school",
    "партнёр": "partner_school",
    "partner_school": "partner_school",
}
REQUIRED = ["slug", "full_name", "short_name", "municipality"]
FIELD_TITLES = {
    "slug": "код",
    "full_name": "полное наименование",
    "short_name": "краткое наименование",
    "municipality": "муниципалитет",
    "kind": "тип",
    "address": "адрес",
    "inn": "ИНН",
    "low_results": "ШНОР",
    "partner_school": "школа-партнёр",
    "schema_name": "код",
}
TRUE_WORDS = {"да", "1", "true", "yes", "+", "истина"}
FALSE_WORDS = {"нет", "0", "false", "no", "-", "", "ложь"}
TEMPLATE_HEADER = [
    "код",
    "полное наименование",
    "краткое наименование",
    "муниципалитет",
    "тип",
    "адрес",
    "ИНН",
    "ШНОР",
    "школа-партнёр",
]


class OnboardingFileError(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def read_table(path: Path) -> pd.DataFrame:
    """A CSV or XLSX file of schools, every cell as text (see nastavnik.tables)."""
    try:
        return table_read(name=path.name, content=path.read_bytes())
    except TableFileError as error:
        raise OnboardingFileError(error.row_errors) from error


# Short names people write in spreadsheets, besides the codes and the full labels.
KIND_ALIASES = {
    "": School.Kind.SCHOOL,
    "школа": School.Kind.SCHOOL,
    "сош": School.Kind.SCHOOL,
    "оош": School.Kind.SCHOOL,
    "нош": School.Kind.SCHOOL,
    "колледж": School.Kind.COLLEGE,
    "спо": School.Kind.COLLEGE,
    "техникум": School.Kind.COLLEGE,
    "до": School.Kind.ADDITIONAL,
    "удо": School.Kind.ADDITIONAL,
}


def _kind(value: str) -> str | None:
    value = value.strip().lower()
    if value in KIND_ALIASES:
        return KIND_ALIASES[value]
    for code, label in School.Kind.choices:
        if value in {code, label.lower()}:
            return code
    return None


def _flag(value: str) -> bool | None:
    value = value.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    return None


def parse_schools(frame: pd.DataFrame, region: Region) -> list[SchoolData]:
    """Turn the rows into SchoolData, collecting every problem of every row before failing."""
    errors: list[RowError] = []
    rename = {}
    for column in frame.columns:
        field = COLUMNS.get(column.lower())
        if field is None:
            errors.append(
                RowError(1, column, "неизвестный столбец; допустимы: " + ", ".join(TEMPLATE_HEADER))
            )
        else:
            rename[column] = field
    missing = [FIELD_TITLES[f] for f in REQUIRED if f not in rename.values()]
    if missing:
        errors.append(RowError(1, "", "нет обязательных столбцов: " + ", ".join(missing)))
    if errors:
        raise OnboardingFileError(errors)
    if frame.empty:
        raise OnboardingFileError([RowError(2, "", "в файле нет ни одной школы")])
    frame = frame.rename(columns=rename)
    municipalities = {m.name.lower(): m for m in Municipality.objects.filter(region=region)}
    seen_slugs: dict[str, int] = {}
    result = []
    for index, raw in enumerate(frame.to_dict("records")):
        row_number = index + 2
        row = {key: str(value).strip() for key, value in raw.items()}
        row_errors = []
        for field in REQUIRED:
            if not row.get(field):
                row_errors.append(RowError(row_number, FIELD_TITLES[field], "обязательное поле не заполнено"))
        municipality = municipalities.get(row.get("municipality", "").lower())
        if row.get("municipality") and municipality is None:
            row_errors.append(
                RowError(
                    row_number, "муниципалитет", f"муниципалитет «{row['municipality']}» не найден в регионе"
                )
            )
        kind = _kind(row.get("kind", ""))
        if kind is None:
            allowed = ", ".join(label for _, label in School.Kind.choices)
            row_errors.append(
                RowError(row_number, "тип", f"неизвестный тип «{row['kind']}»; допустимы: {allowed}")
            )
        flags = {}
        for field in ("low_results", "partner_school"):
            flags[field] = _flag(row.get(field, ""))
            if flags[field] is None:
                row_errors.append(
                    RowError(
                        row_number, FIELD_TITLES[field], f"ожидается «да» или «нет», получено «{row[field]}»"
                    )
                )
        slug = row.get("slug", "").lower()
        if slug in seen_slugs:
            row_errors.append(
                RowError(row_number, "код", f"код «{slug}» уже встречается в строке {seen_slugs[slug]}")
            )
        seen_slugs.setdefault(slug, row_number)
        if row_errors:
            errors.extend(row_errors)
            continue
        data = SchoolData(
            slug=slug,
            full_name=row["full_name"],
            short_name=row["short_name"],
            municipality=municipality,
            kind=kind,
            address=row.get("address", ""),
            inn=row.get("inn", ""),
            **flags,
        )
        try:
            school_validate(data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                title = FIELD_TITLES.get(field, field)
                errors.extend(RowError(row_number, title, message) for message in messages)
            continue
        result.append(data)
    if errors:
        raise OnboardingFileError(errors)
    return result


def schools_provision(*, rows: list[SchoolData], progress: Callable[[], None] | None = None) -> list[School]:
    """Create each validated school with its schema, one transaction per school."""
    created = []
    for data in rows:
        created.append(school_create(data=data))
        if progress:
            progress()
    return created
