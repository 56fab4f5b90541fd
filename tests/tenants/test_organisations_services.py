"""Schools as organisations: creating (and its refusals), editing, archiving, the full export."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.http import Http404
from django_tenants.utils import schema_context, schema_exists
from openpyxl import load_workbook

from regional_center.models import Municipality, Region, SchoolYearStatus
from school_programs.models import Programme
from tenants import access
from tenants.models import School
from tenants.services.organisations import school_archive, school_unarchive, school_update
from tenants.services.provisioning import SchoolData, school_create
from tenants.services.school_export import CONTENTS_TITLE, school_export, school_tables


def _data(world, slug="org-new", **extra):
    return SchoolData(
        slug=slug,
        full_name="МБОУ «Новая школа»",
        short_name="Новая школа",
        municipality=world.municipality,
        **extra,
    )


def test_create_school_names_a_taken_slug_once_and_in_russian(world):
    """Reproduction (issue 8): the error read «…с таким Schema name уже существует.; …с таким Код в
    адресе уже существует.» — half English, the same clash twice."""
    with pytest.raises(CommandError) as error:
        call_command(
            "create_school",
            slug="school-a",
            name="МБОУ «Дубль»",
            short_name="Дубль",
            municipality="Городской округ Тестовск",
            verbosity=0,
        )
    assert str(error.value) == "Код «school-a» уже занят другой школой."


def test_a_taken_slug_is_one_error_on_the_slug_field(world):
    with pytest.raises(ValidationError) as error:
        school_create(data=_data(world, slug="school-b"))
    assert error.value.message_dict == {"slug": ["Код «school-b» уже занят другой школой."]}


def test_a_school_cannot_be_both_low_results_and_partner(world):
    with pytest.raises(ValidationError) as error:
        school_create(data=_data(world, low_results=True, partner_school=True))
    assert "не может быть школой-партнёром" in str(error.value)
    assert not School.objects.filter(slug="org-new").exists()


def test_a_wrong_inn_is_refused(world):
    with pytest.raises(ValidationError, match="ИНН «12345»: ожидается 10 или 12 цифр"):
        school_create(data=_data(world, inn="12345"))


def test_a_new_school_starts_its_flag_history_with_the_current_year(world):
    school = school_create(data=_data(world, low_results=True))
    [status] = SchoolYearStatus.objects.filter(school=school)
    assert (status.start_year, status.low_results, status.partner_school) == (2026, True, False)
    assert status.year_label == "2026/27"


def test_the_card_is_edited_but_the_slug_stays(world):
    school = school_update(school=world.school_a, short_name="  Школа А (новое имя) ", inn="1215000000")
    school.refresh_from_db()
    assert school.short_name == "Школа А (новое имя)" and school.inn == "1215000000"
    assert school.slug == "school-a"


def test_a_school_does_not_move_to_another_region(world):
    elsewhere = Municipality.objects.create(region=Region.objects.create(name="Другая область"), name="Там")
    with pytest.raises(ValidationError, match="другого региона"):
        school_update(school=world.school_a, municipality=elsewhere)


def test_an_empty_name_is_refused_on_its_field(world):
    with pytest.raises(ValidationError) as error:
        school_update(school=world.school_a, short_name=" ")
    assert "short_name" in error.value.message_dict


def test_archiving_keeps_the_schema_and_its_data_and_closes_the_door(world):
    with schema_context(world.school_a.schema_name):
        Programme.objects.create(title="Остаётся", start_date="2026-09-01", end_date="2027-05-31")
    curator = world.users["curator_a"]
    assert access.access_school(curator, "school-a") == world.school_a

    school_archive(school=world.school_a)

    assert School.objects.get(slug="school-a").status == School.Status.ARCHIVED
    assert schema_exists(world.school_a.schema_name)
    with schema_context(world.school_a.schema_name):
        assert Programme.objects.filter(title="Остаётся").exists()
    access.forget_memberships(curator)
    with pytest.raises(Http404):
        access.access_school(curator, "school-a")
    assert world.users["curator_a"].memberships.filter(school=world.school_a).exists()


def test_an_archived_school_page_is_not_found_for_its_own_curator(world, client_of):
    school_archive(school=world.school_a)
    assert client_of("curator_a").get("/s/school-a/").status_code == 404
    assert client_of("curator_a").get("/api/v1/schools/school-a/programmes/").status_code == 404


def test_archiving_twice_and_unarchiving_an_active_school_are_refused(world):
    school_archive(school=world.school_a)
    with pytest.raises(ValidationError, match="уже в архиве"):
        school_archive(school=world.school_a)
    school_unarchive(school=world.school_a)
    assert access.access_school(world.users["curator_a"], "school-a")
    with pytest.raises(ValidationError, match="не в архиве"):
        school_unarchive(school=world.school_a)


def test_the_full_export_has_every_table_of_the_schema_with_every_row(world):
    with schema_context(world.school_a.schema_name):
        Programme.objects.create(title='=HYPERLINK("x")', start_date="2026-09-01", end_date="2027-05-31")
        Programme.objects.create(title="Вторая", start_date="2026-09-01", end_date="2027-05-31")
    book = load_workbook(io.BytesIO(school_export(school=world.school_a)))
    contents = list(book[CONTENTS_TITLE].iter_rows(min_row=3, values_only=True))
    tables = school_tables(world.school_a.schema_name)
    assert [row[1] for row in contents] == tables
    assert len(tables) > 20
    counts = {table: rows for _, table, rows in contents}
    assert counts["school_programs_programme"] == 2
    sheet_of = {table: sheet for sheet, table, _ in contents}
    sheet = book[sheet_of["school_programs_programme"]]
    rows = list(sheet.iter_rows(values_only=True))
    assert "title" in rows[0]
    titles = {row[rows[0].index("title")] for row in rows[1:]}
    assert titles == {'=HYPERLINK("x")', "Вторая"}
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    # Every table's sheet has its header and as many rows as the table.
    for sheet_name, table, count in contents:
        assert book[sheet_name].max_row == count + 1, table
