"""Dates people type are range-checked in one place (school_programs.dates): year 0035 is a typo.

Programme-like dates lie within 2000–2100, birth dates within 1900–today; the message names the field
(forms, API) or the row and column (imports); the main tables refuse such a date in the database too.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django_tenants.utils import schema_context

from school_programs.dates import BIRTH, DateInRange, parse_cell
from school_programs.models import Grade, Meeting, MeetingKind, Participant, Programme
from school_programs.services.grades import grades_import_file
from school_programs.services.imports import ImportFileError, import_read, participants_import
from school_programs.services.meetings import meeting_log
from tests.support import school as make

PROGRAMMES = "/api/v1/schools/school-a/programmes/"


def _post_programme(client, **dates):
    body = {"title": "Опечатка в годе", "start_date": "2026-09-01", "end_date": "2027-05-31", **dates}
    return client.post(PROGRAMMES, body, content_type="application/json")


def test_it_refuses_year_0035_for_a_programme_through_the_api_naming_the_field(client_of, world):
    response = _post_programme(client_of("curator_a"), start_date="0035-09-01")

    assert response.status_code == 400, response.content
    assert response.json()["start_date"] == ["Дата начала: год 0035 вне допустимого диапазона 2000–2100."]
    with schema_context(world.school_a.schema_name):
        assert not Programme.objects.filter(title="Опечатка в годе").exists()


def test_it_refuses_a_far_future_end_through_the_api_patch(client_of, world):
    client = client_of("curator_a")
    programme_id = _post_programme(client).json()["id"]

    response = client.patch(
        f"{PROGRAMMES}{programme_id}/", {"end_date": "2999-05-31"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["end_date"] == ["Дата окончания: год 2999 вне допустимого диапазона 2000–2100."]
    with schema_context(world.school_a.schema_name):
        assert Programme.objects.get(pk=programme_id).end_date == datetime.date(2027, 5, 31)


def test_it_shows_the_error_under_the_field_of_the_programme_page_form(client_of, world):
    response = client_of("curator_a").post(
        "/s/school-a/programme/new/",
        {"title": "Опечатка на странице", "start_date": "0035-09-01", "end_date": "2027-05-31"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["start_date"] == [
        "Дата начала: год 0035 вне допустимого диапазона 2000–2100."
    ]
    assert "Дата начала: год 0035 вне допустимого диапазона 2000–2100." in response.content.decode()
    with schema_context(world.school_a.schema_name):
        assert not Programme.objects.filter(title="Опечатка на странице").exists()


def test_a_meeting_in_year_2999_is_refused_by_the_service(in_school_a):
    programme = make.programme()
    entry = make.mentor(programme, make.student("Наставникова", grade=10))
    group = make.group(programme, entry, [make.mentee(programme, make.student("Учеников", grade=6))])
    people = [group.mentor.participant_id, *group.mentees.values_list("request__participant_id", flat=True)]

    with pytest.raises(ValidationError) as error:
        meeting_log(
            group=group, kind=MeetingKind.ACQUAINTANCE, held_on=datetime.date(2999, 10, 2), attendance=people
        )

    assert error.value.message_dict["held_on"] == [
        "Дата встречи: год 2999 вне допустимого диапазона 2000–2100."
    ]
    assert not Meeting.objects.exists()


def test_an_import_row_with_year_0035_is_reported_with_its_row_and_column(in_school_a):
    text = (
        "Код;Фамилия;Имя;Дата рождения;Класс\n"
        "S-1;Иванов;Пётр;15.03.2013;7А\n"
        "S-2;Смирнова;Анна;01.01.0035;7Б\n"
    )

    with pytest.raises(ImportFileError) as error:
        participants_import(kind="student", frame=import_read(name="s.csv", content=text.encode()))

    assert [str(e) for e in error.value.row_errors] == [
        "Строка 3, столбец «Дата рождения»: «01.01.0035» — год 0035 вне допустимого диапазона 1900–2026"
    ]
    assert not Participant.objects.filter(external_id__in=["S-1", "S-2"]).exists()


def test_a_grades_row_with_year_0035_is_reported_with_its_row_and_column(in_school_a):
    make.student("Датов", external_id="950")
    content = (
        "Код;ФИО;Класс;Предмет;Период;Конец периода;Отметка\n"
        "950;;;алгебра;2026/27, I четверть;31.10.2026;4\n"
        "950;;;физика;2026/27, II четверть;01.01.0035;5\n"
    ).encode()

    with pytest.raises(ImportFileError) as error:
        grades_import_file(name="marks.csv", content=content)

    assert [str(e) for e in error.value.row_errors] == [
        "Строка 3, столбец «Конец периода»: «01.01.0035» — год 0035 вне допустимого диапазона 2000–2100"
    ]
    assert not Grade.objects.exists()


def test_the_database_refuses_a_raw_insert_of_a_year_35_programme(in_school_a):
    with pytest.raises(IntegrityError, match="programme_dates_in_range"), transaction.atomic():
        Programme.objects.create(
            title="Мимо сервисов", start_date=datetime.date(35, 9, 1), end_date=datetime.date(2027, 5, 31)
        )


def test_the_database_refuses_out_of_range_group_meeting_and_order_dates(in_school_a):
    programme = make.programme()
    entry = make.mentor(programme, make.student("Наставникова", grade=10))
    group = make.group(programme, entry, [make.mentee(programme, make.student("Учеников", grade=6))])

    with pytest.raises(IntegrityError, match="group_dates_in_range"), transaction.atomic():
        type(group).objects.filter(pk=group.pk).update(end_date=datetime.date(2999, 5, 31))
    with pytest.raises(IntegrityError, match="meeting_date_in_range"), transaction.atomic():
        Meeting.objects.create(
            group=group, kind=MeetingKind.ACQUAINTANCE, held_on=datetime.date(1999, 12, 31)
        )
    with pytest.raises(IntegrityError, match="order_dates_in_range"), transaction.atomic():
        programme.orders.create(kind="approve_programme", date=datetime.date(35, 1, 1), title="Приказ")


def test_valid_dates_are_still_accepted_at_the_edges_of_the_range(client_of, world):
    response = _post_programme(client_of("curator_a"), start_date="2000-01-01", end_date="2100-12-31")

    assert response.status_code == 201, response.content
    with schema_context(world.school_a.schema_name):
        programme = Programme.objects.get(pk=response.json()["id"])
        assert (programme.start_date, programme.end_date) == (
            datetime.date(2000, 1, 1),
            datetime.date(2100, 12, 31),
        )


def test_birth_dates_run_from_1900_to_today_whatever_the_day(time_machine):
    time_machine.move_to(datetime.datetime(2031, 3, 1, 12, tzinfo=datetime.UTC))
    birth = DateInRange("Дата рождения", BIRTH)

    birth(datetime.date(1900, 1, 1))
    birth(datetime.date(2031, 3, 1))
    with pytest.raises(
        ValidationError, match=r"Дата рождения: год 1899 вне допустимого диапазона 1900–2031\."
    ):
        birth(datetime.date(1899, 12, 31))
    with pytest.raises(ValidationError, match=r"Дата рождения: 02\.03\.2031 — дата в будущем\."):
        birth(datetime.date(2031, 3, 2))


def test_a_participant_born_in_year_0035_is_refused_through_the_api(client_of, world):
    response = client_of("curator_a").post(
        "/api/v1/schools/school-a/participants/",
        {"kind": "student", "last_name": "Древний", "first_name": "Пётр", "birth_date": "0035-03-15"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["birth_date"][0].startswith(
        "Дата рождения: год 0035 вне допустимого диапазона 1900–"
    )
    with schema_context(world.school_a.schema_name):
        assert not Participant.objects.filter(last_name="Древний").exists()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("15.03.2013", datetime.date(2013, 3, 15)),
        ("01.01.0035", datetime.date(35, 1, 1)),
        ("2015-02-10", datetime.date(2015, 2, 10)),
        ("2015-02-10 00:00:00", datetime.date(2015, 2, 10)),
        ("31.02.2012", None),
        ("1.1.35", None),
        ("", None),
    ],
)
def test_spreadsheet_cells_parse_any_year_so_the_range_check_can_name_it(cell, expected):
    assert parse_cell(cell) == expected
