"""Names written into our XLSX files are text, never formulas: openpyxl made «=HYPERLINK(...)» in a
person's name a live formula in the curator's export (formula injection)."""

from __future__ import annotations

import io

from django_tenants.utils import schema_context
from openpyxl import Workbook, load_workbook

from nastavnik.tables import workbook_bytes
from school_programs.models import Participant
from tests.support import school as make
from tests.support import surveys as make_survey

A = "/s/school-a"
API_A = "/api/v1/schools/school-a"
EVIL = '=HYPERLINK("http://x","y")'


def cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_a_formula_in_text_is_written_as_the_text_typed():
    book = Workbook()
    book.active.append([EVIL, "+7 912 000-00-00", "-", "@x", 5])

    written = cells(workbook_bytes(book))

    assert [(cell.value, cell.data_type) for cell in written] == [
        (EVIL, "s"),
        ("+7 912 000-00-00", "s"),
        ("-", "s"),
        ("@x", "s"),
        (5, "n"),
    ]


def test_the_monitoring_xlsx_has_the_mentors_name_as_text(world, client_of):
    with schema_context(world.school_a.schema_name):
        data = make_survey.measured_programme()
        Participant.objects.filter(pk=data.groups[0].mentor.participant_id).update(last_name=EVIL)

    response = client_of("curator_a").get(f"{API_A}/monitoring/report.xlsx?programme={data.programme.pk}")

    assert response.status_code == 200
    written = cells(response.content)
    named = [cell for cell in written if isinstance(cell.value, str) and cell.value.startswith(EVIL)]
    assert named, "the mentor's name is in the export"
    assert {cell.data_type for cell in named} == {"s"}
    assert not [cell for cell in written if cell.data_type == "f"]


def test_the_monitoring_page_export_has_no_formula(world, client_of):
    with schema_context(world.school_a.schema_name):
        data = make_survey.measured_programme()
        Participant.objects.filter(pk=data.groups[0].mentor.participant_id).update(last_name=EVIL)

    response = client_of("curator_a").get(f"{A}/monitoring/export.xlsx?programme={data.programme.pk}")

    assert response.status_code == 200
    assert not [cell for cell in cells(response.content) if cell.data_type == "f"]


def test_the_participants_export_keeps_names_and_phones_as_typed(world, client_of):
    with schema_context(world.school_a.schema_name):
        make.student(EVIL, grade=7, letter="А", phone="+7 912 000-00-00")

    response = client_of("curator_a").get(f"{A}/participants/export.xlsx")

    assert response.status_code == 200
    written = cells(response.content)
    assert [cell.data_type for cell in written if cell.value == EVIL] == ["s"]
    assert [cell.data_type for cell in written if cell.value == "+7 912 000-00-00"] == ["s"]
    assert not [cell for cell in written if cell.data_type == "f"]
