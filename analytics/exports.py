"""XLSX of every dashboard table and the regional monitoring report for the ministry (DOCX and XLSX).

Schema: PUBLIC. Builds files from analytics.dashboards.Dashboard, the same object the pages show, so a
file and its page never disagree. Every XLSX goes through nastavnik.tables.workbook_bytes (no cell
reaches the reader as a formula, whatever a school's name holds).
"""

from __future__ import annotations

import io
from datetime import datetime

from django.utils import timezone
from docx import Document
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from nastavnik.tables import workbook_bytes

from .dashboards import Cell, Dashboard
from .models import Indicator

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def number(value: float | None) -> str:
    """A figure as people read it: one decimal, a comma; «—» for no data or a hidden value."""
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def unit_label(indicator: Indicator) -> str:
    return indicator.get_unit_display()


def _cell_texts(cell: Cell) -> list:
    if cell.suppressed:
        return ["скрыто", "скрыто", "скрыто"]
    value = None if cell.value is None else round(cell.value, 1)
    return [cell.numerator, cell.denominator, value]


def _target_texts(cell: Cell) -> list:
    if cell.target is None:
        return [None, ""]
    return [float(cell.target.value), cell.target.order_text]


# --- The tables of the pages ---------------------------------------------------------------------

TABLES = {
    "indicators": "Показатели",
    "units": "Муниципалитеты или школы",
    "off_track": "Школы, отстающие от цели",
    "effect": "Эффект пар «организация – организация»",
}


def table(dashboard: Dashboard, name: str) -> tuple[list[str], list[list]]:
    """(header, rows) of one table of a dashboard, as shown on its page."""
    if name == "indicators":
        header = [
            "Код",
            "Показатель",
            "Единица",
            "Числитель",
            "Знаменатель",
            "Значение",
            "Цель",
            "Приказ",
            "Статус",
        ]
        rows = [
            [
                r.indicator.code,
                r.indicator.name,
                unit_label(r.indicator),
                *_cell_texts(r.cell),
                *_target_texts(r.cell),
                r.cell.status_label if r.cell.target else "",
            ]
            for r in dashboard.rows
        ]
        for label in ("municipality", "region"):
            if any(label in r.others for r in dashboard.rows):
                title = "муниципалитет" if label == "municipality" else "регион"
                header.append(f"Значение: {title}")
                for row, r in zip(rows, dashboard.rows, strict=True):
                    other = r.others.get(label)
                    row.append(None if other is None or other.shown is None else round(other.shown, 1))
        return header, rows
    if name == "units":
        header = ["Наименование"]
        for indicator in dashboard.targeted:
            header += [f"{indicator.name}: значение", "цель", "статус"]
        rows = []
        for unit in dashboard.units:
            row = [str(unit.unit)]
            for indicator in dashboard.targeted:
                cell = unit.cells[indicator.code]
                row += [
                    None if cell.shown is None else round(cell.shown, 1),
                    None if cell.target is None else float(cell.target.value),
                    cell.status_label,
                ]
            rows.append(row)
        return header, rows
    if name == "off_track":
        header = ["Школа", "Муниципалитет", "Показатель", "Значение", "Цель"]
        rows = [
            [
                item.school.short_name,
                item.municipality.name,
                indicator.name,
                round(cell.value, 1),
                float(cell.target.value),
            ]
            for item in dashboard.off_track
            for indicator, cell in item.indicators
        ]
        return header, rows
    if name == "effect":
        header = [
            "Показатель",
            "Школ с парой",
            "Школ без пары",
            "С парой: до",
            "С парой: после",
            "Без пары: до",
            "Без пары: после",
            "Разница изменений, п. п.",
            "95 % ДИ: от",
            "95 % ДИ: до",
            "Вывод",
        ]
        rows = [
            [
                indicator.name,
                e.treated_schools,
                e.control_schools,
                *[
                    _round(v)
                    for v in (
                        e.treated_before,
                        e.treated_after,
                        e.control_before,
                        e.control_after,
                        e.difference,
                        e.low,
                        e.high,
                    )
                ],
                e.sentence(indicator.name),
            ]
            for indicator, e in dashboard.effects
        ]
        return header, rows
    raise KeyError(name)


def _round(value):
    return None if value is None else round(value, 1)


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list], *, first: bool = False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    return sheet


def table_xlsx(dashboard: Dashboard, name: str) -> bytes:
    header, rows = table(dashboard, name)
    book = Workbook()
    sheet = _sheet(book, TABLES[name], header, rows, first=True)
    sheet.insert_rows(1, 2)
    sheet["A1"] = f"{dashboard.title}, {dashboard.period} учебный год"
    sheet["A2"] = f"Данные рассчитаны: {_when(dashboard.computed_at)}"
    return workbook_bytes(book)


def _when(at: datetime | None) -> str:
    return "расчёта ещё не было" if at is None else timezone.localtime(at).strftime("%d.%m.%Y %H:%M")


# --- The ministry report ---------------------------------------------------------------------------


def report_filename(dashboard: Dashboard, extension: str) -> str:
    return f"monitoring-{dashboard.period.replace('/', '-')}.{extension}"


def report_xlsx(dashboard: Dashboard) -> bytes:
    book = Workbook()
    about = book.active
    about.title = "Отчёт"
    for line in _report_preamble(dashboard):
        about.append([line])
    _sheet(book, "Показатели", *table(dashboard, "indicators"))
    _sheet(
        book,
        "Определения",
        ["Код", "Показатель", "Числитель", "Знаменатель", "Единица", "Направление", "Источник"],
        [
            [
                r.indicator.code,
                r.indicator.name,
                r.indicator.numerator_definition,
                r.indicator.denominator_definition,
                unit_label(r.indicator),
                r.indicator.get_direction_display(),
                r.indicator.get_source_display(),
            ]
            for r in dashboard.rows
        ],
    )
    _sheet(book, "Муниципалитеты", *table(dashboard, "units"))
    _sheet(book, "Отстающие школы", *table(dashboard, "off_track"))
    if dashboard.effects:
        _sheet(book, "Эффект пар", *table(dashboard, "effect"))
    return workbook_bytes(book)


def _report_preamble(dashboard: Dashboard) -> list[str]:
    return [
        f"Мониторинг целевой модели наставничества: {dashboard.region.name}",
        f"{dashboard.region.centre_name}".strip(),
        f"Учебный год: {dashboard.period}",
        f"Дата расчёта показателей: {_when(dashboard.computed_at)}",
        f"Отчёт сформирован: {timezone.localtime():%d.%m.%Y %H:%M}",
        dashboard.rollup_rule,
        dashboard.suppression_rule,
        dashboard.status_rule,
    ]


def report_docx(dashboard: Dashboard) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    document.add_heading(f"Мониторинг целевой модели наставничества: {dashboard.region.name}", level=1)
    for line in _report_preamble(dashboard)[1:5]:
        if line:
            document.add_paragraph(line)

    document.add_heading("1. Показатели и целевые значения", level=2)
    header = ["Показатель", "Значение", "Цель", "Статус"]
    table_ = document.add_table(rows=1, cols=len(header))
    table_.style = "Table Grid"
    for cell, text in zip(table_.rows[0].cells, header, strict=True):
        cell.text = text
    for r in dashboard.rows:
        cells = table_.add_row().cells
        cells[0].text = f"{r.indicator.name}, {unit_label(r.indicator)}"
        cells[1].text = number(r.cell.shown) if not r.cell.suppressed else "скрыто"
        cells[2].text = "—" if r.cell.target is None else number(float(r.cell.target.value))
        cells[3].text = r.cell.status_label if r.cell.target is not None else "цель не задана"

    document.add_heading("2. Целевые значения и основания", level=2)
    for r in dashboard.rows:
        if r.cell.target is not None:
            document.add_paragraph(
                f"{r.indicator.name}: {number(float(r.cell.target.value))} — {r.cell.target.order_text}.",
                style="List Bullet",
            )

    document.add_heading("3. Муниципалитеты", level=2)
    header, rows = table(dashboard, "units")
    _docx_table(document, header, rows)

    document.add_heading("4. Школы, отстающие от цели", level=2)
    if not dashboard.off_track:
        document.add_paragraph("Отстающих школ нет.")
    for item in dashboard.off_track:
        reasons = "; ".join(
            f"{indicator.name} — {number(cell.value)} при цели {number(float(cell.target.value))}"
            for indicator, cell in item.indicators
        )
        document.add_paragraph(
            f"{item.school.short_name} ({item.municipality.name}): {reasons}.", style="List Bullet"
        )

    if dashboard.effects:
        document.add_heading("5. Эффект наставничества «организация – организация» для ШНОР", level=2)
        for indicator, e in dashboard.effects:
            document.add_paragraph(e.sentence(indicator.name))

    document.add_heading("Определения показателей", level=2)
    for r in dashboard.rows:
        document.add_paragraph(
            f"{r.indicator.name} ({r.indicator.code}). Числитель: {r.indicator.numerator_definition}. "
            f"Знаменатель: {r.indicator.denominator_definition}. "
            f"{r.indicator.get_direction_display().capitalize()}."
        )
    document.add_heading("Правила расчёта", level=2)
    for line in (dashboard.rollup_rule, dashboard.suppression_rule, dashboard.status_rule):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_table(document, header, rows):
    grid = document.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.text = str(text)
    for row in rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "—" if value is None else (number(value) if isinstance(value, float) else str(value))
