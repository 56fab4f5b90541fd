"""Support of low-result schools: every rule and refusal of the services, and partner suggestions ranked
with known right answers."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from regional_center.models import (
    AntiRiskProgramme,
    OrganisationPair,
    PairVisit,
    RiskFactor,
    RiskLevel,
    SupportPlanItem,
    WorkStatus,
)
from regional_center.selectors_support import partner_suggestions, risk_profile
from regional_center.services import low_results as lr
from regional_center.services import org_pairs as op
from regional_center.vocabulary import Subject, SupportKind
from tenants.models import School

from .support_world import YEAR, school

D = datetime.date


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


@pytest.fixture
def schools(world):
    return {
        "strong": school("strong", world.municipality, partner=True, subjects=[Subject.MATHS]),
        "weak": school("weak", world.municipality, low_results=True),
        "weak2": school("weak2", world.other_municipality, low_results=True),
    }


def pair(schools, **fields):
    data = {
        "mentor_school": schools["strong"],
        "mentee_school": schools["weak"],
        "starts_on": D(2026, 9, 1),
        "ends_on": D(2027, 5, 31),
        "goals": "Поднять качество ВПР по математике",
    }
    data.update(fields)
    return op.pair_create(**data)


# --- Pairs --------------------------------------------------------------------------------------------


def test_an_organisation_is_not_paired_with_itself(schools):
    with pytest.raises(ValidationError) as excinfo:
        pair(schools, mentor_school=schools["weak"])
    assert "самой себе" in errors_of(excinfo)["mentee_school"][0]
    assert not OrganisationPair.objects.filter(mentee_school=schools["weak"]).exists()


def test_an_inverted_period_is_refused_naming_the_end(schools):
    with pytest.raises(ValidationError) as excinfo:
        pair(schools, starts_on=D(2027, 5, 31), ends_on=D(2026, 9, 1))
    assert "позже начала" in errors_of(excinfo)["ends_on"][0]


def test_a_year_outside_2000_2100_is_refused(schools):
    with pytest.raises(ValidationError) as excinfo:
        pair(schools, ends_on=D(2999, 1, 1))
    assert "2000–2100" in errors_of(excinfo)["ends_on"][0]


def test_goals_are_required(schools):
    with pytest.raises(ValidationError) as excinfo:
        pair(schools, goals="  ")
    assert "goals" in errors_of(excinfo)


def test_the_mentee_must_be_low_results_that_year(schools):
    with pytest.raises(ValidationError) as excinfo:
        pair(schools, mentee_school=school("ordinary", schools["weak"].municipality))
    assert "не в перечне ШНОР на 2026/27" in errors_of(excinfo)["mentee_school"][0]


def test_overlapping_periods_of_one_mentee_are_refused_and_touching_ones_too(schools):
    first = pair(schools)
    other_mentor = school("other-strong", schools["weak"].municipality, partner=True)
    with pytest.raises(ValidationError) as excinfo:
        pair(schools, mentor_school=other_mentor, starts_on=D(2027, 5, 31), ends_on=D(2027, 8, 31))
    message = errors_of(excinfo)["starts_on"][0]
    assert "периоды пересекаются" in message and "01.09.2026 – 31.05.2027" in message
    # A cancelled pair no longer holds the period; another mentee is no clash either.
    first.status = OrganisationPair.Status.CANCELLED
    first.save()
    assert pair(schools, mentor_school=other_mentor).pk
    assert pair(schools, mentee_school=schools["weak2"]).pk


def test_a_low_results_mentor_is_a_warning_allowed_with_a_written_reason(schools):
    mentor = school("weak-mentor", schools["weak"].municipality, low_results=True)
    with pytest.raises(ValidationError) as excinfo:
        pair(schools, mentor_school=mentor)
    error = excinfo.value.error_dict["mentor_low_results_reason"][0]
    assert error.code == op.MENTOR_IS_LOW_RESULTS
    assert "сама в перечне ШНОР" in error.messages[0]
    created = pair(schools, mentor_school=mentor, mentor_low_results_reason="Сильная кафедра математики")
    assert created.mentor_low_results_reason == "Сильная кафедра математики"


def test_a_reason_is_not_kept_for_a_mentor_that_is_not_low_results(schools):
    assert pair(schools, mentor_low_results_reason="лишнее").mentor_low_results_reason == ""


def test_an_archived_school_is_not_paired(schools):
    School.objects.filter(pk=schools["strong"].pk).update(status=School.Status.ARCHIVED)
    schools["strong"].refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        pair(schools)
    assert "в архиве" in errors_of(excinfo)["mentor_school"][0]


# --- Plan, visits, indicators, completion ---------------------------------------------------------------


def item(the_pair, **fields):
    data = {
        "pair": the_pair,
        "activity": "Взаимопосещение уроков математики",
        "support_kind": SupportKind.CONSULTATIVE,
        "deadline": D(2026, 12, 15),
        "mentor_responsible": "Иванова И. И., руководитель МО",
        "mentee_responsible": "Петрова П. П., завуч",
    }
    data.update(fields)
    return op.plan_item_add(**data)


def test_plan_items_are_due_within_the_pair_and_done_needs_a_result(schools):
    the_pair = pair(schools)
    with pytest.raises(ValidationError) as excinfo:
        item(the_pair, deadline=D(2027, 6, 1))
    assert "в периоде пары (01.09.2026 – 31.05.2027)" in errors_of(excinfo)["deadline"][0]
    with pytest.raises(ValidationError) as excinfo:
        item(the_pair, status=WorkStatus.DONE)
    assert "result" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        item(the_pair, mentee_responsible="")
    assert "mentee_responsible" in errors_of(excinfo)
    added = item(the_pair)
    op.plan_item_update(item=added, status=WorkStatus.DONE, result="Посещено 6 уроков")
    added.refresh_from_db()
    assert added.status == WorkStatus.DONE
    assert SupportPlanItem.objects.filter(pair=the_pair).count() == 1


def test_visits_happened_within_the_period_and_not_in_the_future(schools):
    the_pair = pair(schools)
    kind = PairVisit.Kind.VISIT_TO_MENTEE
    with pytest.raises(ValidationError) as excinfo:
        op.visit_add(pair=the_pair, date=D(2026, 12, 1), kind=kind, title="Выезд", summary="Посещены уроки")
    assert "ещё не состоялось" in errors_of(excinfo)["date"][0]
    with pytest.raises(ValidationError) as excinfo:
        op.visit_add(pair=the_pair, date=D(2026, 8, 1), kind=kind, title="Выезд", summary="Уроки")
    assert "в периоде пары" in errors_of(excinfo)["date"][0]
    assert op.visit_add(pair=the_pair, date=D(2026, 11, 10), kind=kind, title="Выезд", summary="Уроки").pk


def test_indicator_values_take_a_whole_fraction_and_compute_the_share(schools):
    the_pair = pair(schools)
    common = {"pair": the_pair, "code": "vpr_pass", "name": "Обученность по ВПР", "stage": "before"}
    with pytest.raises(ValidationError) as excinfo:
        op.indicator_value_set(**common, period_label="весна 2026", numerator=5)
    assert "denominator" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        op.indicator_value_set(**common, period_label="весна 2026", numerator=7, denominator=5)
    assert "numerator" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        op.indicator_value_set(**common, period_label="весна 2026")
    assert "value" in errors_of(excinfo)
    row = op.indicator_value_set(**common, period_label="весна 2026", numerator=2, denominator=3)
    assert row.value == Decimal("66.67")
    again = op.indicator_value_set(**common, period_label="весна 2026", value=Decimal("70"))
    assert again.pk == row.pk and again.value == Decimal("70") and again.denominator is None


def test_completion_names_open_items_and_then_closes_the_pair(schools):
    the_pair = pair(schools)
    open_item = item(the_pair)
    with pytest.raises(ValidationError) as excinfo:
        op.pair_complete(pair=the_pair, results="", conclusions="", completed_on=D(2026, 11, 20))
    assert {"results", "conclusions"} <= set(errors_of(excinfo))
    with pytest.raises(ValidationError) as excinfo:
        op.pair_complete(pair=the_pair, results="Р", conclusions="В", completed_on=D(2026, 12, 20))
    assert "ещё не наступила" in errors_of(excinfo)["completed_on"][0]
    with pytest.raises(ValidationError) as excinfo:
        op.pair_complete(pair=the_pair, results="Р", conclusions="В", completed_on=D(2026, 11, 20))
    assert "«Взаимопосещение уроков математики»" in excinfo.value.messages[0]
    op.plan_item_update(item=open_item, status=WorkStatus.CANCELLED)
    done = op.pair_complete(
        pair=the_pair, results="Рост на 8 п.п.", conclusions="Продолжить", completed_on=D(2026, 11, 20)
    )
    assert done.status == OrganisationPair.Status.COMPLETED and done.completed_on == D(2026, 11, 20)
    with pytest.raises(ValidationError):
        item(done)  # a completed pair's plan does not change


# --- Risk profile, self-diagnosis, anti-risk programme ----------------------------------------------------


def test_a_risk_profile_is_kept_for_low_results_schools_only(schools):
    with pytest.raises(ValidationError) as excinfo:
        lr.risk_factor_set(
            school=schools["strong"], start_year=YEAR, factor=RiskFactor.STAFF_SHORTAGE, level=2
        )
    assert "не в перечне ШНОР" in errors_of(excinfo)["school"][0]
    with pytest.raises(ValidationError) as excinfo:
        lr.risk_factor_set(school=schools["weak"], start_year=YEAR, factor="nonsense", level=2)
    assert "factor" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        lr.risk_factor_set(school=schools["weak"], start_year=YEAR, factor=RiskFactor.STAFF_SHORTAGE, level=5)
    assert "level" in errors_of(excinfo)
    row = lr.risk_factor_set(
        school=schools["weak"], start_year=YEAR, factor=RiskFactor.LOW_COMPETENCE, level=3, subjects=["maths"]
    )
    again = lr.risk_factor_set(
        school=schools["weak"], start_year=YEAR, factor=RiskFactor.LOW_COMPETENCE, level=2
    )
    assert again.pk == row.pk and again.level == 2


def test_self_diagnosis_differing_from_the_region_needs_a_comment(schools, world):
    weak = schools["weak"]
    lr.risk_factor_set(school=weak, start_year=YEAR, factor=RiskFactor.LOW_MOTIVATION, level=RiskLevel.HIGH)
    with pytest.raises(ValidationError) as excinfo:
        lr.self_diagnosis_set(school=weak, start_year=YEAR, factor=RiskFactor.LOW_MOTIVATION, level=1)
    assert "расходится с оценкой региона («высокий»)" in errors_of(excinfo)["comment"][0]
    lr.self_diagnosis_set(
        school=weak, start_year=YEAR, factor=RiskFactor.LOW_MOTIVATION, level=1, comment="Кружки работают"
    )
    lr.self_diagnosis_set(school=weak, start_year=YEAR, factor=RiskFactor.LOW_EQUIPMENT, level=2)
    rows = risk_profile(school=weak, start_year=YEAR)
    assert [row.factor for row in rows] == [RiskFactor.LOW_MOTIVATION, RiskFactor.LOW_EQUIPMENT]
    assert rows[0].regional.level == 3 and rows[0].own.level == 1 and rows[1].regional is None


def test_an_anti_risk_programme_is_one_a_year_and_its_measures_fall_in_that_year(schools):
    weak = schools["weak"]
    with pytest.raises(ValidationError) as excinfo:
        lr.antirisk_programme_create(
            school=weak, start_year=YEAR, title="П", status=AntiRiskProgramme.Status.APPROVED
        )
    assert "approved_on" in errors_of(excinfo)
    programme = lr.antirisk_programme_create(school=weak, start_year=YEAR, title="Антирисковая программа")
    with pytest.raises(ValidationError) as excinfo:
        lr.antirisk_programme_create(school=weak, start_year=YEAR, title="Ещё одна")
    assert "уже есть" in errors_of(excinfo)["start_year"][0]
    common = {
        "programme": programme,
        "title": "Курсы ПК",
        "factor": RiskFactor.LOW_COMPETENCE,
        "responsible": "Завуч",
    }
    with pytest.raises(ValidationError) as excinfo:
        lr.antirisk_measure_add(**common, deadline=D(2027, 9, 1))
    assert "2026/27 учебном году (01.09.2026 – 31.08.2027)" in errors_of(excinfo)["deadline"][0]
    measure = lr.antirisk_measure_add(**common, deadline=D(2027, 3, 1))
    with pytest.raises(ValidationError) as excinfo:
        lr.antirisk_measure_update(measure=measure, status=WorkStatus.DONE)
    assert "result" in errors_of(excinfo)
    with pytest.raises(ValidationError):
        lr.antirisk_programme_create(school=schools["strong"], start_year=YEAR, title="Не ШНОР")


# --- Partner suggestions: known right answers ------------------------------------------------------------


def test_partners_are_ranked_by_fit_then_municipality_then_load_with_reasons(world, schools):
    home, away = world.municipality, world.other_municipality
    weak = schools["weak"]
    lr.risk_factor_set(
        school=weak, start_year=YEAR, factor=RiskFactor.LOW_COMPETENCE, level=3, subjects=["maths"]
    )
    lr.risk_factor_set(
        school=weak,
        start_year=YEAR,
        factor=RiskFactor.STUDENTS_AT_RISK,
        level=2,
        subjects=["maths", "russian"],
    )
    lr.risk_factor_set(school=weak, start_year=YEAR, factor=RiskFactor.LOW_MOTIVATION, level=1)
    far_maths = school("far-maths", away, partner=True, subjects=[Subject.MATHS])  # fit 5, away, load 0
    near_russian = school("near-russian", home, partner=True, subjects=[Subject.RUSSIAN])  # fit 2
    near_general = school("near-general", home, subjects=[Subject.GENERAL])  # fit 1 (profile only, no flag)
    near_plain = school("near-plain", home, partner=True)  # partner flag, no subjects: fit 0
    school("near-weak", home, low_results=True, subjects=[Subject.MATHS])  # ШНОР: never suggested
    school("ordinary", home)  # neither a partner nor a profile: not a candidate
    # "strong" (maths, home) gets a pair with another school: fit 5, home, load 1 — ahead of far-maths,
    # because the municipality comes before the load.
    op.pair_create(
        mentor_school=schools["strong"],
        mentee_school=schools["weak2"],
        starts_on=D(2026, 9, 1),
        ends_on=D(2027, 5, 31),
        goals="Цели",
    )
    # The world's region's schools: the committed demo region has partner schools of its own.
    candidates = School.objects.filter(municipality__region=world.region)
    found = partner_suggestions(mentee_school=weak, start_year=YEAR, candidates=candidates)
    names = [s.school.slug for s in found]
    assert names == ["strong", "far-maths", "near-russian", "near-general", "near-plain"]
    assert [s.fit for s in found] == [5, 5, 2, 1, 0]
    assert [s.load for s in found] == [1, 0, 0, 0, 0]
    first, second = found[0].reason, found[1].reason
    assert first.startswith(
        "1-е место: сильные предметы совпадают с факторами риска школы (вес 5): математика"
    )
    assert "тот же муниципалитет; сейчас наставляет 1 школу." in first
    away.refresh_from_db()  # the session's world may have been renamed by an organisations test
    assert f"другой муниципалитет ({away.name}); сейчас никого не наставляет." in second
    assert "«низкая учебная мотивация обучающихся» (низкий)" in found[3].reason
    assert "сильные предметы школы-партнёра не указаны" in found[4].reason
    assert {far_maths, near_russian, near_general, near_plain} <= {s.school for s in found}
