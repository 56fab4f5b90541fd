"""The full export of a school before it is archived: every table of its schema, row by row.

Schema: PUBLIC (reads the school's schema by qualified names, never switching the search path).

One XLSX sheet per table of the school's schema, every column and every row as stored, and a first
sheet «Оглавление» naming each sheet's table and its row count. XLSX rather than a pg_dump: the
person archiving a school can open it, it needs no pg_dump matching the server's version (see
schemas.py), and the school's data holds no files outside its tables. It is the data, not a
restorable backup: the schema itself is kept on archiving, so nothing needs restoring.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import uuid
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from ..models import School

CONTENTS_TITLE = "Оглавление"
FETCH = 2000
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def school_tables(schema_name: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = %s AND table_type = 'BASE TABLE' ORDER BY table_name",
            [schema_name],
        )
        return [row[0] for row in cursor.fetchall()]


def _sheet_title(table: str, taken: set[str]) -> str:
    base = _SHEET_UNSAFE.sub("_", table.removeprefix("school_programs_"))[:28]
    title, number = base, 1
    while title.lower() in taken:
        number += 1
        title = f"{base[:25]}~{number}"
    taken.add(title.lower())
    return title


def _cell_value(value):
    """Cells as Excel keeps them: naive local datetimes, text for what has no cell type."""
    if value is None or isinstance(value, (bool, int, float, Decimal, datetime.date, datetime.time)):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        if isinstance(value, datetime.time) and value.tzinfo is not None:
            return value.replace(tzinfo=None)
        return value
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, (uuid.UUID, datetime.timedelta)):
        value = str(value)
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=_cell_value(value))
    if cell.data_type == "f":  # text that starts with «=» stays text (see nastavnik.tables.workbook_bytes)
        cell.data_type = "s"
    return cell


def school_export(*, school: School) -> bytes:
    """The XLSX of every table of the school's schema (write-only: rows stream through, FETCH at a time)."""
    quote = connection.ops.quote_name
    book = Workbook(write_only=True)
    contents = book.create_sheet(CONTENTS_TITLE)
    bold = Font(bold=True)
    header = [WriteOnlyCell(contents, value=text) for text in ("Лист", "Таблица", "Строк")]
    for cell in header:
        cell.font = bold
    contents.append([WriteOnlyCell(contents, value=f"{school.full_name} ({school.slug}), выгрузка "
                                   f"{timezone.localtime():%d.%m.%Y %H:%M}")])  # fmt: skip
    contents.append(header)
    summary = []
    taken = {CONTENTS_TITLE.lower()}
    for table in school_tables(school.schema_name):
        title = _sheet_title(table, taken)
        sheet = book.create_sheet(title)
        rows = 0
        with connection.chunked_cursor() as cursor:
            cursor.execute(f"SELECT * FROM {quote(school.schema_name)}.{quote(table)}")
            batch = cursor.fetchmany(FETCH)  # a server-side cursor describes its columns after a fetch
            sheet.append([_cell(sheet, column[0]) for column in cursor.description])
            while batch:
                for row in batch:
                    sheet.append([_cell(sheet, value) for value in row])
                rows += len(batch)
                batch = cursor.fetchmany(FETCH)
        summary.append((title, table, rows))
    for title, table, rows in summary:
        contents.append([title, table, rows])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def school_export_filename(school: School) -> str:
    return f"nastavnik-{school.slug}-{timezone.localdate():%Y-%m-%d}.xlsx"
