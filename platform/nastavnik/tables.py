"""Spreadsheets people upload (school onboarding, the register's participants, grades): reading them
and naming what is wrong, row by row, in Russian; and the one function every XLSX we write goes
through (`workbook_bytes`: no formula reaches the person opening it). Shared by public and school apps.

Reading is streaming and bounded. An XLSX is a zip: 173 KB can hold two million cells, and reading
the whole sheet before counting its rows took 24 s of a web worker. So the file's size and its
unpacked size are checked first, the sheet's declared size next, and the rows are then read one by
one, stopping at the first row past the row, column or cell limit — the rest of the file is never
parsed. Callers read the file outside any transaction; only their writes are atomic.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import PurePath

import pandas as pd
from django.core.exceptions import ValidationError

from .russian import plural

MAX_FILE_BYTES = 5 * 1024 * 1024
# An XLSX unpacks to XML many times its size; more than this is no school's spreadsheet but a bomb.
MAX_UNPACKED_BYTES = 32 * 1024 * 1024
DEFAULT_MAX_ROWS = 10_000
MAX_COLUMNS = 100
# Cells parsed, empty or not: bounds the time one upload can take whatever its shape. openpyxl's
# streaming parser reads roughly 100,000 cells a second here, so this is a few seconds at worst.
MAX_CELLS = 300_000


@dataclass(frozen=True)
class RowError:
    row: int  # as the user sees it in the spreadsheet: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Строка {self.row}" + (f", столбец «{self.column}»" if self.column else "")
        return f"{where}: {self.message}"

    def as_dict(self) -> dict:
        return {**asdict(self), "text": str(self)}


class TableFileError(ValidationError):
    """The file cannot be taken; `row_errors` says where and why, row by row."""

    def __init__(self, errors: list[RowError]):
        # By row; within a row in the order the checks found them.
        self.row_errors = sorted(errors, key=lambda e: e.row)
        super().__init__([str(e) for e in self.row_errors])


def _refuse(row: int, message: str) -> TableFileError:
    return TableFileError([RowError(row, "", message)])


def _too_many_rows(max_rows: int) -> TableFileError:
    return _refuse(
        max_rows + 2,
        f"в файле больше {max_rows} {plural(max_rows, 'строки', 'строк', 'строк')}: разделите его на части",
    )


def _too_many_columns(row: int) -> TableFileError:
    return _refuse(row, f"в файле больше {MAX_COLUMNS} столбцов: оставьте только нужные столбцы")


def _too_many_cells(row: int) -> TableFileError:
    return _refuse(row, f"в файле больше {MAX_CELLS:,} ячеек".replace(",", " ") + ": разделите его на части")


# --- Reading ------------------------------------------------------------------------------------------


def _cell_text(value) -> str:
    """A cell as the text a person typed, as pandas' read_excel(dtype=str) gave it before."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet_rows(source, *, strings, book) -> Iterator[tuple[int, list, int]]:
    """(row number, values of the first MAX_COLUMNS + 1 columns, cells parsed) for each row present.

    Straight from openpyxl's streaming parser rather than `iter_rows`: iter_rows pads every row to
    the declared width and hides how many cells a row really held, so a row of 16,384 cells would
    cost their parsing without counting. Here every parsed cell counts against MAX_CELLS."""
    from openpyxl.worksheet._reader import WorkSheetParser

    parser = WorkSheetParser(
        source,
        strings,
        data_only=True,
        epoch=book.epoch,
        date_formats=book._date_formats,
        timedelta_formats=book._timedelta_formats,
    )
    for number, cells in parser.parse():
        width = min(max((cell["column"] for cell in cells), default=0), MAX_COLUMNS + 1)
        values = [None] * width
        for cell in cells:
            if cell["column"] <= width:
                values[cell["column"] - 1] = cell["value"]
        yield number, values, len(cells)


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list, int]]:
    """The rows of the first worksheet, streamed: one row in memory at a time.

    Not `load_workbook(read_only=True)`, which pandas used: opening a sheet that declares no size
    (<dimension>) makes openpyxl parse the whole sheet to look for it — the 24 s of the 173 KB file.
    The reader's steps are taken here up to the styles (dates need them), and the sheet is parsed once."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise _refuse(1, "файл слишком велик в распакованном виде: разделите его на части")
    reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        targets = [
            rel.target
            for _, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        ]
        if not targets:
            raise _refuse(1, "в файле нет ни одного листа с таблицей")
        with reader.archive.open(targets[0]) as source:
            yield from _sheet_rows(source, strings=reader.shared_strings, book=reader.wb)
    finally:
        reader.archive.close()


def _csv_rows(content: bytes) -> Iterator[tuple[int, list, int]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1251")
    first = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ";" if ";" in first else ","
    for number, values in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        yield number, values[: MAX_COLUMNS + 1], len(values)


def _bounded(rows: Iterable[tuple[int, list, int]], *, max_rows: int) -> list[tuple[int, list[str]]]:
    """(row number in the file, cells as text) with trailing empty cells dropped and blank rows
    skipped; stops at the first row past a limit (the header is the first row and does not count)."""
    taken: list[tuple[int, list[str]]] = []
    cells = 0
    for number, values, parsed in rows:
        cells += parsed
        if cells > MAX_CELLS:
            raise _too_many_cells(number)
        texts = [_cell_text(value) for value in values]
        while texts and not texts[-1].strip():
            texts.pop()
        if not texts:
            continue  # spreadsheets often carry formatted but empty rows
        if len(texts) > MAX_COLUMNS:
            raise _too_many_columns(number)
        if len(taken) > max_rows:  # the header and max_rows data rows are already taken
            raise _too_many_rows(max_rows)
        taken.append((number, texts))
    return taken


def _unique(names: list[str]) -> list[str]:
    """Column names as pandas made them: empty ones «Unnamed: i», repeats «name.1», «name.2»."""
    seen: dict[str, int] = {}
    result = []
    for index, name in enumerate(names):
        name = name.strip() or f"Unnamed: {index}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        result.append(name)
    return result


def table_read(*, name: str, content: bytes, max_rows: int = DEFAULT_MAX_ROWS) -> pd.DataFrame:
    """A CSV (UTF-8 or Windows-1251, comma or semicolon) or the first sheet of an XLSX, cells as text.

    Refuses (TableFileError) a file over 5 MB, over `max_rows` data rows, over MAX_COLUMNS columns or
    MAX_CELLS cells without reading past the first row beyond the limit."""
    suffix = PurePath(name or "").suffix.lower()
    if len(content) > MAX_FILE_BYTES:
        raise _refuse(1, "файл больше 5 МБ: разделите его на части")
    try:
        if suffix in {".xlsx", ".xlsm"}:
            rows = _bounded(_xlsx_rows(content), max_rows=max_rows)
        elif suffix == ".csv":
            rows = _bounded(_csv_rows(content), max_rows=max_rows)
        else:
            raise _refuse(1, "файл должен быть в формате XLSX или CSV")
    except TableFileError:
        raise
    except Exception as error:  # zipfile, openpyxl and csv raise many kinds for a damaged file
        message = f"файл не читается как {suffix[1:].upper()}: он повреждён или это другой формат"
        raise _refuse(1, message) from error
    if not rows:
        raise _refuse(1, "файл пуст")
    width = max(len(cells) for _, cells in rows)
    (header_number, header), data = rows[0], rows[1:]
    # The index keeps each row's place in the file: callers report row index + 2 (header = row 1),
    # which stays right when blank rows were skipped in between.
    frame = pd.DataFrame(
        [cells + [""] * (width - len(cells)) for _, cells in data],
        columns=_unique(header + [""] * (width - len(header))),
        index=pd.Index([number - header_number - 1 for number, _ in data], dtype="int64"),
        dtype=str,
    )
    frame.columns = [str(column).strip() for column in frame.columns]
    return frame.astype(str).apply(lambda column: column.str.strip())


# --- Writing ------------------------------------------------------------------------------------------


def workbook_bytes(book) -> bytes:
    """Every XLSX we hand out goes through here: no cell is a formula, then the file.

    openpyxl turns any text starting with «=» into a formula, so a pupil named
    «=HYPERLINK("http://…","…")» would become a live link (or worse) in the curator's export. Such
    cells are stored back as text, exactly as typed: in XLSX a text cell is never evaluated, so text
    starting with «+», «-», «@» is safe already and is left alone — a phone «+7 912 …» stays as it
    is and the export can be imported again unchanged. (A CSV has no cell types: a CSV writer would
    have to prefix such cells with «'» instead; we write none.) None of our exports uses formulas."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
