"""ВПР, ГИА and teachers' categories entered from a file: checked by row, all or nothing."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from analytics.models import EnteredValue, Indicator, IndicatorFact
from analytics.services import entered
from nastavnik.tables import TableFileError


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = ["Код школы", "Показатель", "Учебный год", "Числитель", "Знаменатель"]


def test_the_region_imports_values_for_its_schools_and_facts_follow(world):
    analyst = world.users["analyst"]
    content = xlsx(
        [
            HEADER,
            ["school-a", "vpr_pass_rate", "2025/26", 80, 100],
            ["SCHOOL-B", "ВПР: качество (доля работ с отметками «4» и «5»)", "2025/26", "31", "62"],
        ]
    )
    result = entered.entered_values_import(name="впр.xlsx", content=content, by=analyst)
    assert (result.rows, result.created, result.updated) == (2, 2, 0)
    value = EnteredValue.objects.get(school=world.school_b, indicator__code="vpr_quality")
    assert (value.numerator, value.denominator, value.entered_by, value.source_file) == (
        31,
        62,
        analyst,
        "впр.xlsx",
    )
    fact = IndicatorFact.objects.get(school=world.school_a, indicator__code="vpr_pass_rate", period="2025/26")
    assert (fact.numerator, fact.denominator, fact.value) == (80, 100, 80.0)

    again = xlsx([HEADER, ["school-a", "vpr_pass_rate", "2025/26", 85, 100]])
    result = entered.entered_values_import(name="впр-2.xlsx", content=again, by=analyst)
    assert (result.created, result.updated) == (0, 1)
    # The world's schools only: the demo region, committed by other tests, has facts of its own.
    ours = IndicatorFact.objects.filter(school__in=(world.school_a, world.school_b))
    assert ours.filter(indicator__code="vpr_pass_rate").count() == 1
    assert ours.get(indicator__code="vpr_pass_rate").numerator == 85


def test_every_wrong_row_is_named_and_nothing_is_written(world):
    content = xlsx(
        [
            HEADER,
            ["school-a", "vpr_pass_rate", "2025/26", 80, 100],  # right, but not written
            ["school-x", "vpr_quality", "2025/26", 1, 2],
            ["school-a", "competency_growth", "2025/26", 1, 2],
            ["school-a", "gia_above_threshold", "2025-26", 1, 2],
            ["school-a", "teachers_first_highest_category", "2025/26", 12, 10],
            ["school-a", "vpr_quality", "2025/26", "много", 0],
            ["school-a", "vpr_pass_rate", "2025/26", 70, 100],
            ["school-a", "vpr_quality", "2031/32", 1, 2],
        ]
    )
    with pytest.raises(TableFileError) as refused:
        entered.entered_values_import(name="f.xlsx", content=content)
    messages = refused.value.messages
    assert messages == [
        "Строка 3, столбец «Код школы»: школы с кодом «school-x» нет среди ваших школ",
        "Строка 4, столбец «Показатель»: «competency_growth» — не вносимый показатель; допустимые коды: "
        "vpr_pass_rate, vpr_quality, gia_above_threshold, teachers_first_highest_category",
        "Строка 5, столбец «Учебный год»: «2025-26» — укажите учебный год в виде «2026/27»",
        "Строка 6, столбец «Числитель»: 12 больше знаменателя 10",
        "Строка 7, столбец «Числитель»: «много» — нужно целое число не меньше нуля",
        "Строка 7, столбец «Знаменатель»: должен быть больше нуля",
        "Строка 8, столбец «Показатель»: повтор строки 2: та же школа, показатель и год",
        "Строка 9, столбец «Учебный год»: «2031/32» — учебный год ещё не начался",
    ]
    # The world's schools only: the demo region, committed by other tests, has values and facts.
    ours = (world.school_a, world.school_b)
    assert not EnteredValue.objects.filter(school__in=ours).exists()
    assert not IndicatorFact.objects.filter(school__in=ours).exists()


def test_a_school_s_own_file_may_name_only_that_school(world):
    content = xlsx(
        [
            ["Показатель", "Учебный год", "Числитель", "Знаменатель", "Код школы"],
            ["vpr_pass_rate", "2025/26", 9, 10, "school-b"],
            ["vpr_quality", "2025/26", 5, 10, "school-a"],
        ]
    )
    with pytest.raises(TableFileError) as refused:
        entered.entered_values_import(name="f.xlsx", content=content, school=world.school_b)
    assert refused.value.messages == [
        "Строка 3, столбец «Код школы»: «school-a» — в файле школы можно указать только её код"
    ]
    only_own = xlsx(
        [["Показатель", "Учебный год", "Числитель", "Знаменатель"], ["vpr_pass_rate", "2025/26", 9, 10]]
    )
    entered.entered_values_import(name="f.xlsx", content=only_own, school=world.school_b)
    # Of the world's schools, exactly one value, and it is school B's (the demo has values of its own).
    ours = EnteredValue.objects.filter(school__in=(world.school_a, world.school_b))
    assert ours.get().school == world.school_b


def test_a_region_file_is_limited_to_the_schools_given(world):
    content = xlsx([HEADER, ["school-b", "vpr_pass_rate", "2025/26", 9, 10]])
    with pytest.raises(TableFileError, match="school-b"):
        entered.entered_values_import(name="f.xlsx", content=content, schools=[world.school_a])


def test_a_file_without_the_columns_is_refused_by_name(world):
    with pytest.raises(TableFileError) as refused:
        entered.entered_values_import(name="f.csv", content="Показатель;Числитель\nvpr_quality;1\n".encode())
    assert refused.value.messages == ["Строка 1: нет столбцов: «Учебный год», «Знаменатель», «Код школы»"]


def test_one_value_from_a_form_is_checked_by_field(world):
    vpr = Indicator.objects.get(code="vpr_pass_rate")
    with pytest.raises(ValidationError) as refused:
        entered.entered_value_set(
            school=world.school_a, indicator=vpr, period="2025/26", numerator=5, denominator=0
        )
    assert refused.value.message_dict == {"denominator": ["Знаменатель должен быть больше нуля."]}
    computed = Indicator.objects.get(code="competency_growth")
    with pytest.raises(ValidationError) as refused:
        entered.entered_value_set(
            school=world.school_a, indicator=computed, period="2025/26", numerator=1, denominator=2
        )
    assert "indicator" in refused.value.message_dict
    value = entered.entered_value_set(
        school=world.school_a, indicator=vpr, period="2025/26", numerator=5, denominator=8
    )
    assert IndicatorFact.objects.get(school=world.school_a, indicator=vpr).numerator == value.numerator == 5


def test_the_template_lists_the_entered_indicators(world):
    book = load_workbook(io.BytesIO(entered.entered_template()))
    rows = list(book["Значения"].values)
    assert rows[0] == tuple(HEADER)
    assert [row[1] for row in rows[1:]] == [
        "vpr_pass_rate", "vpr_quality", "gia_above_threshold", "teachers_first_highest_category"
    ]  # fmt: skip
    assert rows[1][2] == "2026/27"
    school_book = load_workbook(io.BytesIO(entered.entered_template(school=world.school_b)))
    assert next(iter(school_book["Значения"].values)) == tuple(HEADER[1:])
