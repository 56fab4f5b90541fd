"""Messages in correct Russian: dates that do not exist, words in a person's gender, counts with nouns."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from nastavnik.russian import FEMALE, MALE, counted, gender_of
from nastavnik.tables import _too_many_rows
from school_programs.dates import cell_problem
from school_programs.models import Consent
from school_programs.selectors.consents import consent_problem
from school_programs.services.consents import consent_record
from tests.support import school as make


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "1 школа"),
        (4, "4 школы"),
        (5, "5 школ"),
        (11, "11 школ"),
        (12, "12 школ"),
        (14, "14 школ"),
        (21, "21 школа"),
        (22, "22 школы"),
        (25, "25 школ"),
        (100, "100 школ"),
        (101, "101 школа"),
        (111, "111 школ"),
        (0, "0 школ"),
    ],
)
def test_a_count_agrees_with_its_number(number, expected):
    assert counted(number, "школа", "школы", "школ") == expected


def test_templates_count_with_the_same_rule():
    template = Template('{% load russian_tags %}{{ n|counted:"участник,участника,участников" }}')
    shown = [template.render(Context({"n": n})) for n in (1, 3, 5, 21, 13)]
    assert shown == ["1 участник", "3 участника", "5 участников", "21 участник", "13 участников"]


def test_a_too_long_file_is_refused_in_agreeing_words():
    assert "больше 21 строки:" in _too_many_rows(21).messages[0]
    assert "больше 5000 строк:" in _too_many_rows(5000).messages[0]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("31.02.2010", "такой даты нет: в феврале 2010 года 28 дней"),
        ("29.02.2011", "такой даты нет: в феврале 2011 года 28 дней"),
        ("31.04.2012", "такой даты нет: в апреле 2012 года 30 дней"),
        ("32.01.2012", "такой даты нет: в январе 2012 года 31 день"),
        ("2012-02-30", "такой даты нет: в феврале 2012 года 29 дней"),
        ("01.13.2012", "такой даты нет: месяца 13 нет, месяцы — с 1 по 12"),
        ("2010/02/01", "не дата (нужен формат ДД.ММ.ГГГГ)"),
        ("вчера", "не дата (нужен формат ДД.ММ.ГГГГ)"),
    ],
)
def test_a_cell_in_the_right_format_naming_no_real_day_is_told_the_date_does_not_exist(cell, expected):
    assert cell_problem(cell) == expected


@pytest.mark.parametrize(
    ("last_name", "middle_name", "expected"),
    [
        ("Иванова", "Петровна", FEMALE),
        ("Ким", "Ильинична", FEMALE),
        ("Ким", "Сергеевич", MALE),
        ("Алиева", "Рашид кызы", FEMALE),
        ("Смирнова", "", FEMALE),
        ("Белая", "", FEMALE),
        ("Кузнецов", "", MALE),
        ("Ким", "", None),
    ],
)
def test_a_persons_gender_comes_from_the_patronymic_or_else_the_surname(last_name, middle_name, expected):
    assert gender_of(last_name=last_name, middle_name=middle_name) == expected


def test_a_girls_consent_refusal_calls_her_a_minor_in_the_feminine(in_school_a):
    girl = make.student("Смирнова", first_name="Анна", middle_name="Олеговна", consent=False)
    boy = make.student("Смирнов", first_name="Олег", middle_name="Олегович", consent=False)
    signed = datetime.date(2026, 10, 1)
    with pytest.raises(ValidationError) as error:
        consent_record(participant=girl, signed_on=signed)
    assert error.value.message_dict["given_by"][0].startswith("Смирнова А.О. — несовершеннолетняя на дату")
    with pytest.raises(ValidationError) as error:
        consent_record(participant=boy, signed_on=signed)
    assert error.value.message_dict["given_by"][0].startswith("Смирнов О.О. — несовершеннолетний на дату")


def test_the_consent_check_names_a_girl_who_consented_herself_in_the_feminine(in_school_a):
    girl = make.student("Орлова", first_name="Мария", middle_name="Ивановна", consent=False)
    Consent.objects.create(
        participant=girl,
        scope=Consent.Scope.PERSONAL_DATA,
        given_by=Consent.GivenBy.SELF,
        signed_on=datetime.date(2026, 9, 1),
    )
    assert consent_problem(girl) == (
        "Орлова М.И.: несовершеннолетняя — согласие должно дать родитель (законный представитель)."
    )


def test_a_person_of_unknown_gender_gets_both_forms_rather_than_a_guess(in_school_a):
    person = make.student("Ким", first_name="Саша", consent=False)
    assert person.agreed("отобран", "отобрана") == "отобран(а)"
    assert person.agreed("несовершеннолетний", "несовершеннолетняя") == (
        "несовершеннолетний / несовершеннолетняя"
    )
