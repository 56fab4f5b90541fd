"""Marks: import from the register (all rows or nothing, errors by row and column) and entry by hand."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from school_programs.models import Grade
from school_programs.services.grades import grade_set, grades_import_file, grades_template
from school_programs.services.imports import ImportFileError
from tests.support import school as make

HEADER = "Код;ФИО;Класс;Предмет;Период;Конец периода;Отметка"


def csv(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows]).encode("utf-8")


def errors_of(content: bytes, name="marks.csv") -> list[str]:
    with pytest.raises(ImportFileError) as caught:
        grades_import_file(name=name, content=content)
    return [str(e) for e in caught.value.row_errors]


def test_a_valid_file_writes_every_mark(in_school_a):
    coded = make.student("Кодов", external_id="501")
    named = make.student("Безкодов", first_name="Иван", letter="Б")

    result = grades_import_file(
        name="marks.csv",
        content=csv(
            "501;;;алгебра;2026/27, I четверть;31.10.2026;4",
            ";Безкодов Иван;7Б;алгебра;2026/27, I четверть;31.10.2026;3,5",
        ),
    )

    assert (result.rows, result.created, result.updated) == (2, 2, 0)
    assert Grade.objects.get(participant=coded).value == Decimal("4.00")
    assert Grade.objects.get(participant=named).value == Decimal("3.50")
    assert Grade.objects.get(participant=named).period_end == datetime.date(2026, 10, 31)


def test_a_second_import_updates_instead_of_duplicating(in_school_a):
    make.student("Повторов", external_id="777")
    grades_import_file(name="a.csv", content=csv("777;;;Алгебра;2026/27, I четверть;31.10.2026;3"))

    result = grades_import_file(name="b.csv", content=csv("777;;;алгебра;2026/27, I ЧЕТВЕРТЬ;31.10.2026;5"))

    assert (result.created, result.updated) == (0, 1)
    assert list(Grade.objects.values_list("subject", "value")) == [("Алгебра", Decimal("5.00"))]


def test_bad_date_and_bad_mark_are_reported_by_row_and_nothing_is_written(in_school_a):
    make.student("Ошибкин", external_id="900")
    make.student("Верный", external_id="901")

    errors = errors_of(
        csv(
            "901;;;алгебра;2026/27, I четверть;31.10.2026;5",
            "900;;;алгебра;2026/27, I четверть;31.13.2026;4",
            "900;;;физика;2026/27, I четверть;31.10.2026;6",
            "900;;;химия;2026/27, I четверть;31.10.2026;отл",
        )
    )

    assert errors == [
        "Строка 3, столбец «Конец периода»: «31.13.2026» — такой даты нет: месяца 13 нет, месяцы — с 1 по 12",
        "Строка 4, столбец «Отметка»: «6» — отметка должна быть числом от 1 до 5",
        "Строка 5, столбец «Отметка»: «отл» — отметка должна быть числом от 1 до 5",
    ]
    assert not Grade.objects.exists()


def test_students_who_cannot_be_found_are_reported(in_school_a):
    make.student("Двойник", first_name="Пётр", letter="А")
    make.student("Двойник", first_name="Пётр", letter="Б")
    make.teacher("Учителев", first_name="Иван", external_id="55")

    errors = errors_of(
        csv(
            "55;;;алгебра;I четверть;31.10.2026;4",
            ";Двойник Пётр;;алгебра;I четверть;31.10.2026;4",
            ";Нетакого Ученика;7А;алгебра;I четверть;31.10.2026;4",
            ";Двойник Пётр;14А;алгебра;I четверть;31.10.2026;4",
            ";;;алгебра;I четверть;31.10.2026;4",
        )
    )

    assert errors[0] == (
        "Строка 2, столбец «Код»: ученика с кодом «55» нет в базе — сначала загрузите обучающихся"
    )
    assert errors[1] == "Строка 3, столбец «ФИО»: несколько учеников «Двойник Пётр» — укажите класс или «Код»"
    assert errors[2] == "Строка 4, столбец «ФИО»: ученик «Нетакого Ученика» в классе «7А» не найден"
    assert errors[3] == "Строка 5, столбец «Класс»: «14А» — параллели 14 нет: классы с 1 по 11"
    assert errors[4] == "Строка 6, столбец «ФИО»: укажите «Код» или ФИО ученика"


def test_the_same_mark_twice_and_a_period_with_two_ends_are_errors(in_school_a):
    make.student("Дублев", external_id="300")
    make.student("Другой", external_id="301")
    Grade.objects.create(
        participant=make.student("Старый"),
        subject="алгебра",
        period="2025/26, год",
        period_end=datetime.date(2026, 5, 31),
        value=4,
    )

    errors = errors_of(
        csv(
            "300;;;алгебра;I четверть;31.10.2026;4",
            "300;;;Алгебра;I четверть;31.10.2026;5",
            "301;;;алгебра;I четверть;01.11.2026;5",
            "301;;;алгебра;2025/26, год;30.05.2026;5",
        )
    )

    assert errors == [
        "Строка 3, столбец «Предмет»: отметка по этому предмету за этот период уже есть в строке 2",
        "Строка 4, столбец «Конец периода»: у периода «I четверть» в строке 2 другой конец: 31.10.2026",
        "Строка 5, столбец «Конец периода»: период «2025/26, год» уже загружен с концом 31.05.2026",
    ]


def test_missing_columns_stop_the_import(in_school_a):
    assert errors_of("ФИО;Предмет\nИванов;алгебра".encode()) == [
        "Строка 1: нет обязательных столбцов: «Период», «Конец периода», «Отметка»"
    ]


def test_the_template_reads_back_as_an_import_file(in_school_a):
    book = load_workbook(io.BytesIO(grades_template()))
    header = [cell.value for cell in book["Отметки"][1]]
    assert header == ["Код", "ФИО", "Класс", "Предмет", "Период", "Конец периода", "Отметка"]
    make.student("Шаблонов", external_id="42")
    filled = Workbook()
    filled.active.append(header)
    filled.active.append(["42", "", "", "литература", "I четверть", "31.10.2026", "5"])
    buffer = io.BytesIO()
    filled.save(buffer)

    assert grades_import_file(name="marks.xlsx", content=buffer.getvalue()).created == 1


def test_a_mark_entered_by_hand_replaces_the_same_subject_and_period(in_school_a):
    student = make.student("Ручной")
    end = datetime.date(2026, 10, 31)
    grade_set(participant=student, subject="алгебра", period="I четверть", period_end=end, value="3")

    grade_set(participant=student, subject="Алгебра", period="I четверть", period_end=end, value="4,5")

    assert list(Grade.objects.filter(participant=student).values_list("value", flat=True)) == [
        Decimal("4.50")
    ]


def test_a_mark_by_hand_must_be_for_a_student_and_from_one_to_five(in_school_a):
    end = datetime.date(2026, 10, 31)
    with pytest.raises(ValidationError) as caught:
        grade_set(participant=make.teacher("Учитель"), subject="алгебра", period="I", period_end=end, value=4)
    assert caught.value.message_dict == {"participant": ["Отметки вносятся только обучающимся."]}
    with pytest.raises(ValidationError) as caught:
        grade_set(
            participant=make.student("Пятёрочник"), subject="алгебра", period="I", period_end=end, value=6
        )
    assert caught.value.message_dict == {"value": ["Отметка должна быть числом от 1 до 5."]}
    assert not Grade.objects.exists()
