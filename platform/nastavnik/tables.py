"""Spreadsheets people upload (school onboarding, the register's participants, grades): reading them
and naming what is wrong, row by row, in Russian. Shared by public and school apps."""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from pathlib import PurePath

import pandas as pd
from django.core.exceptions import ValidationError

MAX_FILE_BYTES = 5 * 1024 * 1024


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


def table_read(*, name: str, content: bytes) -> pd.DataFrame:
    """A CSV (UTF-8 or Windows-1251, comma or semicolon) or the first sheet of an XLSX, cells as text."""
    suffix = PurePath(name or "").suffix.lower()
    if len(content) > MAX_FILE_BYTES:
        raise TableFileError([RowError(1, "", "файл больше 5 МБ: разделите его на части")])
    try:
        if suffix in {".xlsx", ".xlsm"}:
            frame = pd.read_excel(io.BytesIO(content), dtype=str, keep_default_na=False, sheet_name=0)
        elif suffix == ".csv":
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = content.decode("cp1251")
            frame = pd.read_csv(
                io.StringIO(text), dtype=str, keep_default_na=False, sep=None, engine="python"
            )
        else:
            raise TableFileError([RowError(1, "", "файл должен быть в формате XLSX или CSV")])
    except TableFileError:
        raise
    except pd.errors.EmptyDataError as error:
        raise TableFileError([RowError(1, "", "файл пуст")]) from error
    except Exception as error:  # pandas and openpyxl raise many kinds for a damaged file
        message = f"файл не читается как {suffix[1:].upper()}: он повреждён или это другой формат"
        raise TableFileError([RowError(1, "", message)]) from error
    frame.columns = [str(column).strip() for column in frame.columns]
    frame = frame.astype(str).apply(lambda column: column.str.strip())
    # Spreadsheets often carry formatted but empty rows at the end.
    return frame[(frame != "").any(axis=1)]
