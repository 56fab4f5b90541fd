"""The monitoring report as files: an XLSX workbook and a printable page for the pedagogical council.

Both open with the report's plain-language summary (what grew, for how many, against which target),
then state the definitions and the growth rules, so that no share is read without what it means, and
give every share with the count behind it. Built from selectors.monitoring's report:
nothing here queries the database.
"""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from nastavnik.tables import workbook_bytes

from .analysis import ChangeSummary
from .charts import report_charts

SUMMARY_HEADER = [
    "Участников с входом и выходом (n)",
    "Выросли",
    "Доля выросших, %",
    "Выросли из n",
    "Среднее на входе",
    "Среднее на выходе",
    "Среднее изменение",
    "95% ДИ, нижняя граница",
    "95% ДИ, верхняя граница",
    "p (критерий Уилкоксона)",
    "Примечание к тесту",
    "Эффект r (ранговая бисериальная)",
    "Эффект dz (Коэн)",
    "Порог роста",
]
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _summary_cells(summary: ChangeSummary) -> list:
    return [
        summary.n,
        summary.grew,
        summary.share,
        summary.count_text,
        summary.mean_entry,
        summary.mean_exit,
        summary.mean_change,
        summary.ci_low,
        summary.ci_high,
        summary.p_value,
        summary.test_note,
        summary.rank_biserial,
        summary.cohen_dz,
        summary.threshold,
    ]


def _sheet(book: Workbook, title: str, header: list[str]):
    name = SHEET_NAME_FORBIDDEN.sub(" ", title)[:31]
    taken = set(book.sheetnames)
    number = 2
    while name in taken:
        suffix = f" ({number})"
        name = name[: 31 - len(suffix)] + suffix
        number += 1
    sheet = book.create_sheet(name)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    for number in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(number)].width = 16
    sheet.column_dimensions["A"].width = 40
    return sheet


def report_xlsx(report, *, school_name: str) -> bytes:
    """The programme report (selectors.monitoring.MonitoringReport) as an XLSX workbook."""
    book = Workbook()
    about = book.active
    about.title = "Определения"
    about.column_dimensions["A"].width = 45
    about.column_dimensions["B"].width = 110
    bold = Font(bold=True)
    programme = report.programme
    about.append(["Отчёт мониторинга программы наставничества"])
    about["A1"].font = Font(bold=True, size=13)
    about.append(["Школа", school_name])
    about.append(["Программа", programme.title])
    about.append(["Сроки программы", f"{programme.start_date:%d.%m.%Y} — {programme.end_date:%d.%m.%Y}"])
    about.append(["Отчёт сформирован", timezone.localtime().strftime("%d.%m.%Y %H:%M")])
    about.append([])
    # The plain-language summary first, as on the page: the statistics follow for those who want them.
    about.append(["Кратко: что дала программа", report.summary.lead])
    about.cell(row=about.max_row, column=1).font = bold
    for line in report.summary.lines:
        about.append([line.status_label, line.sentence])
    about.append(["", report.summary.details])
    about.append([])
    about.append(["Ответили на входе", report.counts["entry"]])
    about.append(["Ответили на выходе", report.counts["exit"]])
    about.append(["Есть и вход, и выход (сопоставлены)", report.counts["paired"]])
    about.append(["Анонимных ответов (не сопоставляются)", report.counts["anonymous"]])
    about.append(["Обучающихся с отметками на входе и выходе", report.counts["academic"]])
    about.append([])
    about.append(["Определения"])
    about.cell(row=about.max_row, column=1).font = bold
    for number, text in enumerate(report.definitions, start=1):
        about.append([f"{number}.", text])
    about.append([])
    about.append(["Правила роста, действующие в отчёте"])
    about.cell(row=about.max_row, column=1).font = bold
    for rule in report.rules:
        about.append([rule.label, f"рост — изменение не меньше {rule.threshold:g}. {rule.note}".strip()])
    for row in about.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    programme_sheet = _sheet(book, "Программа", ["Показатель", *SUMMARY_HEADER])
    for row in report.all_constructs:
        programme_sheet.append([row.label, *_summary_cells(row.summary)])

    for breakdown in (report.by_form, report.by_role_model):
        sheet = _sheet(
            book, breakdown.title, ["Показатель", "Место", breakdown.title, *SUMMARY_HEADER, "Примечание"]
        )
        for _, label, rows in breakdown.by_construct:
            for row in rows:
                sheet.append([label, row.rank, row.label, *_summary_cells(row.summary), row.note])
        sheet.append([])
        sheet.append(["По всем показателям (измерения участник × показатель)"])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.append(
            ["Место", breakdown.title, "Участников", "Измерений", "С ростом", "Доля, %", "Примечание"]
        )
        for ranking in breakdown.overall:
            sheet.append(
                [
                    ranking.rank,
                    ranking.label,
                    ranking.participants,
                    ranking.measured,
                    ranking.grew,
                    ranking.share,
                    ranking.note,
                ]
            )

    # A sheet per form: its constructs side by side, for the form's own discussion at the council.
    by_form: dict[str, list] = {}
    for _, label, rows in report.by_form.by_construct:
        for row in rows:
            by_form.setdefault(row.label, []).append((label, row))
    for form_label, rows in by_form.items():
        sheet = _sheet(book, f"Форма {form_label}", ["Показатель", *SUMMARY_HEADER, "Примечание"])
        for label, row in rows:
            sheet.append([label, *_summary_cells(row.summary), row.note])

    groups = _sheet(
        book,
        "Пары и группы",
        ["Пара / группа", "Форма", "Ролевая модель", "Наставляемых", "Измерений", "С ростом", "Выросли из"],
    )
    for line in report.groups:
        groups.append(
            [
                line.label,
                line.form,
                line.role_model,
                line.participants,
                line.measured,
                line.grew,
                line.count_text,
            ]
        )

    spread = _sheet(book, "Распределения", ["Показатель", "Балл", "Вход, человек", "Выход, человек"])
    for row in report.all_constructs:
        for point, entry, exit_ in zip(row.points, row.entry_counts, row.exit_counts, strict=True):
            spread.append([row.label, point, entry, exit_])

    return workbook_bytes(book)


def report_print_html(report, *, school_name: str) -> str:
    """A self-contained page with print CSS (A4, no menus) for the pedagogical council."""
    return render_to_string(
        "school_programs/monitoring/print.html",
        {
            "report": report,
            "school_name": school_name,
            "charts": report_charts(report),
            "generated": timezone.localtime(),
        },
    )
