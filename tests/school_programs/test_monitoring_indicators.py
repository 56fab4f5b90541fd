"""Facts for the region: numerator and denominator per indicator for the school and a period."""

import datetime

import pytest

from analytics import registry
from school_programs import indicators
from school_programs.models import Construct, Distribution, Form
from tests.support import school as make
from tests.support import surveys as make_survey

YEAR = {"start": datetime.date(2026, 9, 1), "end": datetime.date(2027, 8, 31)}
NEXT_YEAR = {"start": datetime.date(2027, 9, 1), "end": datetime.date(2028, 8, 31)}


def placed_student(programme, name):
    person = make.student(name)
    mentor = make.mentor(programme, make.teacher(f"Наставник{name}"), forms=[Form.TEACHER_STUDENT])
    make.group(programme, mentor, [make.mentee(programme, person, form=Form.TEACHER_STUDENT)])
    return person


@pytest.fixture
def measured(in_school_a):
    """Competencies: 3 of 4 grew this year (a teacher by fewer deficits), one more measured next year.
    Self-education: 2 of 3 grew. Marks: 1 of 2 students improved."""
    programme = make.programme()
    version = make_survey.survey()
    competency = make_survey.question(version, construct=Construct.COMPETENCIES)
    self_education = make_survey.question(version, construct=Construct.SELF_EDUCATION)
    deficit = make_survey.question(version, construct=Construct.DEFICIT_METHODICAL, direction=-1)
    entry = make_survey.distribution(programme, version, Distribution.Wave.ENTRY)
    exit_ = make_survey.distribution(programme, version, Distribution.Wave.EXIT)
    # Поздний answers an exit wave of the next school year (a second mailing in September).
    late_exit = make_survey.distribution(
        programme, version, Distribution.Wave.EXIT, opens_on=datetime.date(2027, 9, 10)
    )
    people = {
        # name: entry answers, exit answers, day of the exit response
        "Растущий": ({competency: 2, self_education: 2}, {competency: 4, self_education: 4}, "2027-05-20"),
        "Второй": ({competency: 3, self_education: 3}, {competency: 4, self_education: 3}, "2027-05-21"),
        "Стоящий": ({competency: 3}, {competency: 3}, "2027-05-22"),
        "Поздний": ({competency: 1}, {competency: 5}, "2027-09-15"),
    }
    for name, (before, after, day) in people.items():
        person = placed_student(programme, name)
        make_survey.respond(entry, person, before)
        wave = late_exit if name == "Поздний" else exit_
        make_survey.respond(wave, person, after, on=datetime.date.fromisoformat(day))
    teacher = make.teacher("Методистова")
    make_survey.respond(entry, teacher, {deficit: 5, self_education: 2})
    make_survey.respond(exit_, teacher, {deficit: 3, self_education: 4}, on=datetime.date(2027, 5, 25))
    # Marks (the default academic rule: +0.30): one student up by 0.5, the other flat.
    for name, last in (("Отличник", 4.5), ("Ровный", 4)):
        student = placed_student(programme, name)
        make_survey.grade(student, "алгебра", "2025/26, год", datetime.date(2026, 5, 31), 4)
        make_survey.grade(student, "алгебра", "2026/27, год", datetime.date(2027, 5, 31), last)
    return programme


def test_competency_growth_counts_people_measured_at_both_waves_in_the_period(measured):
    # Растущий, Второй and Методистова (deficit 5 → 3) grew; Стоящий did not; Поздний is next year's.
    assert indicators.competency_growth(**YEAR) == (3, 4)
    assert indicators.competency_growth(**NEXT_YEAR) == (1, 1)


def test_a_late_exit_answer_counts_in_the_period_of_the_wave_it_answers(in_school_a):
    """Repro: the 2025/26 programme's exit answers, sent after the wave closed, showed up in 2026/27."""
    programme = make.programme()
    version = make_survey.survey()
    competency = make_survey.question(version, construct=Construct.COMPETENCIES)
    entry = make_survey.distribution(programme, version, Distribution.Wave.ENTRY)
    exit_ = make_survey.distribution(programme, version, Distribution.Wave.EXIT)  # 20.05–03.06.2027
    person = placed_student(programme, "Опоздавший")
    make_survey.respond(entry, person, {competency: 2})
    make_survey.respond(exit_, person, {competency: 4}, on=datetime.date(2027, 9, 15))

    assert indicators.competency_growth(**YEAR) == (1, 1)
    assert indicators.competency_growth(**NEXT_YEAR) == (0, 0)


def test_self_education_growth(measured):
    assert indicators.self_education_growth(**YEAR) == (2, 3)


def test_academic_improvement_counts_students_with_marks_at_entry_and_exit(measured):
    assert indicators.academic_improvement(**YEAR) == (1, 2)
    assert indicators.academic_improvement(**NEXT_YEAR) == (0, 0)


def test_an_empty_school_has_zero_over_zero(in_school_a):
    for code in indicators.INDICATORS:
        assert registry.indicator(code).compute(**YEAR) == (0, 0)


def test_facts_carry_counts_and_nothing_personal(measured):
    facts = indicators.indicator_facts(**YEAR)

    assert [(f["code"], f["numerator"], f["denominator"]) for f in facts] == [
        ("competency_growth", 3, 4),
        ("self_education_growth", 2, 3),
        ("academic_improvement", 1, 2),
    ]
    assert facts[0]["value"] == 75.0
    assert all(set(f) == {"code", "title", "unit", "numerator", "denominator", "value"} for f in facts)
    text = repr(facts)
    for name in ("Растущий", "Методистова", "Отличник", "Ученик"):
        assert name not in text


def test_the_school_app_registers_its_indicators_in_the_public_catalogue():
    codes = [indicator.code for indicator in registry.indicators()]
    assert set(indicators.INDICATORS) <= set(codes)
    assert registry.indicator("competency_growth").fn is indicators.competency_growth
    # Registering the same function again (a module reloaded) changes nothing; another one is refused.
    registry.register_indicator("competency_growth", "Доля", "%", indicators.competency_growth)
    with pytest.raises(ValueError, match="уже зарегистрирован"):
        registry.register_indicator("competency_growth", "Доля", "%", lambda *, start, end: (0, 0))
    assert registry.indicator("competency_growth").fn is indicators.competency_growth


def test_default_period_is_the_school_year():
    assert indicators.school_year(datetime.date(2027, 3, 1)) == (YEAR["start"], YEAR["end"])
    assert indicators.school_year(datetime.date(2026, 9, 1)) == (YEAR["start"], YEAR["end"])
