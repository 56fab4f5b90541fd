"""Word (DOCX) formatting shared by the school's documents.

Office-work conventions for Russian organisational documents (ГОСТ Р 7.0.97-2016): A4, margins
30 mm left, 15 mm right, 20 mm top and bottom; Times New Roman 14 pt for the text, 12 pt in tables;
justified paragraphs with a 1.25 cm first-line indent.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
TEXT_SIZE = 14
TABLE_SIZE = 12
FIRST_LINE_INDENT = Cm(1.25)
LEFT_MARGIN, RIGHT_MARGIN = Mm(30), Mm(15)
PAGE_WIDTH = Mm(210)
TEXT_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN

CENTER = WD_ALIGN_PARAGRAPH.CENTER
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT


def _set_font(target, size: int) -> None:
    """Name the font for every script: Word takes Cyrillic from the complex-script and East Asian slots
    when only the Latin one is set, and then prints another typeface."""
    target.font.name = FONT
    target.font.size = Pt(size)
    properties = target.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)


def new_document(*, landscape: bool = False):
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin, section.right_margin = LEFT_MARGIN, RIGHT_MARGIN
    section.top_margin = section.bottom_margin = Mm(20)
    normal = document.styles["Normal"]
    _set_font(normal, TEXT_SIZE)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    document.core_properties.language = "ru-RU"
    return document


def text_width(document) -> int:
    section = document.sections[-1]
    return section.page_width - section.left_margin - section.right_margin


def paragraph(
    document,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    align=None,
    size: int | None = None,
    indent: bool = False,
    space_before: int = 0,
    space_after: int = 0,
    keep_with_next: bool = False,
):
    """A paragraph of one run; `indent` gives the first-line indent of running text."""
    made = document.add_paragraph()
    run = made.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if align is not None:
        made.alignment = align
    layout = made.paragraph_format
    if indent:
        layout.first_line_indent = FIRST_LINE_INDENT
    layout.space_before, layout.space_after = Pt(space_before), Pt(space_after)
    layout.keep_with_next = keep_with_next
    return made


def heading(document, text: str, *, space_before: int = 0, space_after: int = 6, size: int | None = None):
    return paragraph(
        document,
        text,
        bold=True,
        align=CENTER,
        size=size,
        space_before=space_before,
        space_after=space_after,
        keep_with_next=True,
    )


def spread(document, left: str, right: str, *, bold: bool = False, space_after: int = 0):
    """One line with text at the left margin and text flush right (date and number, signature lines)."""
    made = document.add_paragraph()
    made.paragraph_format.tab_stops.add_tab_stop(text_width(document), WD_TAB_ALIGNMENT.RIGHT)
    made.paragraph_format.space_after = Pt(space_after)
    run = made.add_run(f"{left}\t{right}")
    run.bold = bold
    return made


def _cell_text(cell, text: str, *, bold: bool = False, size: int = TABLE_SIZE, align=None) -> None:
    cell.text = ""
    lines = str(text).split("\n") or [""]
    first = cell.paragraphs[0]
    for index, line in enumerate(lines):
        target = first if index == 0 else cell.add_paragraph()
        run = target.add_run(line)
        run.bold = bold
        run.font.size = Pt(size)
        if align is not None:
            target.alignment = align


def _repeat_as_header(row) -> None:
    """Repeat the column headings on every page a long table runs over."""
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def table(
    document,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths: Sequence[float] | None = None,
    size: int = TABLE_SIZE,
):
    """A bordered table with bold repeated headings; `widths` are shares of the text width."""
    made = document.add_table(rows=1, cols=len(headers))
    made.style = "Table Grid"
    made.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title in zip(made.rows[0].cells, headers, strict=True):
        _cell_text(cell, title, bold=True, size=size, align=CENTER)
    _repeat_as_header(made.rows[0])
    for values in rows:
        cells = made.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            _cell_text(cell, value, size=size)
    if widths:
        # Word reads the cell widths, LibreOffice the table grid: set both, and keep them fixed.
        made.autofit = False
        full = text_width(document)
        for column, share in zip(made.columns, widths, strict=True):
            column.width = int(full * share)
            for cell in column.cells:
                cell.width = int(full * share)
    return made


def merged_row(made, text: str, *, bold: bool = True, size: int = TABLE_SIZE) -> None:
    """A row spanning every column, e.g. «Раздел 1. …» inside a plan table."""
    cells = made.add_row().cells
    spanning = cells[0].merge(cells[-1])
    _cell_text(spanning, text, bold=bold, size=size)


def page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
