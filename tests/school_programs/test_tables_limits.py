"""Uploaded spreadsheets are read streaming and refused at the first row past a limit: a small XLSX
holding two million cells used to be parsed whole (24 s) inside the request before the row limit was
checked."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from nastavnik import tables
from nastavnik.tables import MAX_CELLS, MAX_COLUMNS, TableFileError, table_read
from school_programs.services import grades, imports

API_A = "/api/v1/schools/school-a"
SHEET = "xl/worksheets/sheet1.xml"


def xlsx(rows, *, columns: int, refs: bool = True) -> bytes:
    """An XLSX whose first sheet holds `rows` rows of `columns` cells, written straight as XML
    (openpyxl would take a minute to write two million cells; the file is small once zipped).

    With refs, every cell is «1» with its reference (<c r="B7"><v>1</v></c>); without, as in the
    173 KB file of the issue, the first cell of a row is «1» and the others are bare <c/>, which
    spreadsheet readers must still parse one by one."""
    book = Workbook()
    book.active["A1"] = 1
    plain = io.BytesIO()
    book.save(plain)
    letters = [_letter(n) for n in range(1, columns + 1)]
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != SHEET:
                target.writestr(item, source.read(item))
        with target.open(SHEET, "w") as sheet:
            sheet.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            bare = "<c><v>1</v></c>" + "<c/>" * (columns - 1)
            for number in range(1, rows + 1):
                if refs:
                    cells = "".join(f'<c r="{letter}{number}"><v>1</v></c>' for letter in letters)
                    sheet.write(f'<row r="{number}">{cells}</row>'.encode())
                else:
                    sheet.write(f"<row>{bare}</row>".encode())
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def _letter(number: int) -> str:
    text = ""
    while number:
        number, rest = divmod(number - 1, 26)
        text = chr(65 + rest) + text
    return text


@pytest.fixture
def rows_parsed(monkeypatch) -> list[int]:
    """How many rows the reader pulled out of the XLSX parser (one item per row)."""
    pulled: list[int] = []
    original = tables._sheet_rows

    def counting(source, **context):
        for row in original(source, **context):
            pulled.append(row[0])
            yield row

    monkeypatch.setattr(tables, "_sheet_rows", counting)
    return pulled


def test_two_million_cells_in_a_small_file_are_refused_at_the_row_limit(rows_parsed):
    content = xlsx(100_000, columns=20, refs=False)  # 2,000,000 cells
    assert len(content) < 200_000

    started = time.monotonic()
    with pytest.raises(TableFileError) as error:
        table_read(name="bomb.xlsx", content=content, max_rows=imports.MAX_ROWS)

    assert str(error.value.row_errors[0]) == (
        f"Строка {imports.MAX_ROWS + 2}: в файле больше {imports.MAX_ROWS} строк: разделите его на части"
    )
    # The header, MAX_ROWS rows and the one past the limit; the other 95,000 rows were never parsed.
    assert len(rows_parsed) == imports.MAX_ROWS + 2
    assert time.monotonic() - started < 10  # a guard only: the structural check is the one above


def test_the_cell_limit_stops_reading_before_the_row_limit_of_a_wide_file(rows_parsed):
    content = xlsx(40_000, columns=MAX_COLUMNS, refs=False)

    with pytest.raises(TableFileError) as error:
        table_read(name="wide.xlsx", content=content, max_rows=grades.MAX_ROWS)

    assert "ячеек: разделите его на части" in str(error.value.row_errors[0])
    assert len(rows_parsed) == MAX_CELLS // MAX_COLUMNS + 1


def test_a_row_wider_than_the_column_limit_is_refused_at_that_row(rows_parsed):
    content = xlsx(5, columns=MAX_COLUMNS + 1)

    with pytest.raises(TableFileError) as error:
        table_read(name="wide.xlsx", content=content)

    assert str(error.value.row_errors[0]) == (
        f"Строка 1: в файле больше {MAX_COLUMNS} столбцов: оставьте только нужные столбцы"
    )
    assert rows_parsed == [1]


def test_two_million_cells_with_their_references_are_refused_before_reading_a_row(rows_parsed):
    content = xlsx(100_000, columns=20)  # ~50 MB of XML once unpacked
    assert len(content) < tables.MAX_FILE_BYTES

    with pytest.raises(TableFileError) as error:
        table_read(name="bomb.xlsx", content=content, max_rows=imports.MAX_ROWS)

    assert "слишком велик в распакованном виде" in str(error.value)
    assert rows_parsed == []


def test_a_file_that_unpacks_too_large_is_refused_before_reading_a_row(rows_parsed, monkeypatch):
    monkeypatch.setattr(tables, "MAX_UNPACKED_BYTES", 100_000)

    with pytest.raises(TableFileError) as error:
        table_read(name="bomb.xlsx", content=xlsx(1000, columns=20))

    assert "слишком велик в распакованном виде" in str(error.value)
    assert rows_parsed == []


def test_a_csv_past_the_row_limit_is_refused():
    content = ("Фамилия;Имя\n" + "Иванов;Иван\n" * 11).encode()

    with pytest.raises(TableFileError) as error:
        table_read(name="s.csv", content=content, max_rows=10)

    assert str(error.value.row_errors[0]) == "Строка 12: в файле больше 10 строк: разделите его на части"


def test_cells_are_text_as_typed_and_blank_rows_keep_the_row_numbers():
    book = Workbook()
    sheet = book.active
    sheet.append(["Фамилия", "Балл", "", "Фамилия"])
    sheet.append([" Иванов ", 4.0, None, "x"])
    sheet.append([])
    sheet.append(["Петров", 4.5, None, "y"])
    content = io.BytesIO()
    book.save(content)

    frame = table_read(name="a.xlsx", content=content.getvalue())

    assert list(frame.columns) == ["Фамилия", "Балл", "Unnamed: 2", "Фамилия.1"]
    assert frame["Фамилия"].tolist() == ["Иванов", "Петров"]
    assert frame["Балл"].tolist() == ["4", "4.5"]
    assert [int(index) + 2 for index in frame.index] == [2, 4]


def test_the_participants_import_api_refuses_the_bomb_with_the_row(world, client_of):
    upload = SimpleUploadedFile("students.xlsx", xlsx(100_000, columns=20, refs=False))

    response = client_of("curator_a").post(
        f"{API_A}/participants/import/", {"kind": "student", "file": upload}
    )

    assert response.status_code == 400
    assert f"в файле больше {imports.MAX_ROWS} строк" in response.content.decode()
