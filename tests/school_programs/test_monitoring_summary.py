"""The monitoring report opens with a summary a pedagogical council understands: what grew, for how
many, against which target (the region's, the municipality's, or the regional project's figure), met or
not — on the page, in the printed report, in the XLSX and in the API alike."""

import datetime
import io
from decimal import Decimal

import pandas as pd
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from analytics.models import Indicator, Target
from school_programs.analysis import ACADEMIC
from school_programs.models import Construct, Distribution, Programme
from school_programs.selectors import monitoring
from school_programs.selectors.monitoring_summary import SEED, TargetInForce, programme_summary
from tests.support import school as make
from tests.support import surveys as make_survey
from tests.support.clock import TODAY

A = "/s/school-a"
API_A = "/api/v1/schools/school-a"
SEED_COMPETENCIES = (
    "Цель — не меньше 60% (ориентир регионального проекта наставничества: регион не задал цель на "
    "2026/27 учебный год): достигнута."
)


def measured(grew_competencies: int, grew_self_education: int, people: int = 10):
    """`people` teachers answering at entry and exit; the first ones grow by 1 point on each scale."""
    programme = make.programme()
    version = make_survey.survey()
    competencies = make_survey.question(version, construct=Construct.COMPETENCIES)
    self_education = make_survey.question(version, construct=Construct.SELF_EDUCATION)
    entry = make_survey.distribution(programme, version, Distribution.Wave.ENTRY)
    exit_ = make_survey.distribution(programme, version, Distribution.Wave.EXIT)
    for n in range(people):
        person = make.teacher(f"Сводкина{n}")
        make_survey.respond(entry, person, {competencies: 3, self_education: 3})
        make_survey.respond(
            exit_,
            person,
            {
                competencies: 4 if n < grew_competencies else 3,
                self_education: 4 if n < grew_self_education else 3,
            },
        )
    return programme


def target(world, code: str, value: int, *, municipality=None, period="2026/27") -> Target:
    return Target.objects.create(
        indicator=Indicator.objects.get(code=code),
        scope=Target.Scope.MUNICIPALITY if municipality else Target.Scope.REGION,
        region=world.region,
        municipality=municipality,
        period=period,
        value=value,
        order_number="15-н",
        order_date=datetime.date(2026, 9, 1),
        order_title="Об установлении целевых значений",
    )


def lines(summary) -> dict:
    return {line.code: line for line in summary.lines}


def test_seven_of_ten_grown_meets_the_seed_target_of_sixty_and_seventy_misses_eighty(in_school_a):
    summary = monitoring.programme_report(measured(7, 7)).summary

    found = lines(summary)
    competencies, self_education, academic = (
        found["competency_growth"],
        found["self_education_growth"],
        found["academic_improvement"],
    )
    assert summary.period == "2026/27"
    assert summary.lead == (
        "Ответы на входе и на выходе сопоставлены у 10 участников; отметки до и после наставничества "
        "есть у 0 обучающихся."
    )
    assert (competencies.grew, competencies.n, competencies.share, competencies.status) == (
        7,
        10,
        70.0,
        "met",
    )
    assert competencies.sentence == (
        f"Профессиональные (предметные) компетенции выросли у 7 участников из 10 (70%). {SEED_COMPETENCIES}"
    )
    assert competencies.target.source == SEED and competencies.target.value == 60
    assert (self_education.status, self_education.status_label) == ("not_met", "не достигнута")
    assert self_education.sentence == (
        "Навыки самообразования закрепились у 7 участников из 10 (70%). Цель — не меньше 80% (ориентир "
        "регионального проекта наставничества: регион не задал цель на 2026/27 учебный год): не достигнута."
    )
    assert (academic.n, academic.status, academic.status_label) == (0, "no_data", "нет данных")
    assert academic.sentence.startswith(
        "Учебные результаты (средняя отметка): нет данных — ни у кого из обучающихся-наставляемых нет отметок"
    )
    assert academic.sentence.endswith(
        "не меньше 30% (ориентир регионального проекта наставничества: "
        "регион не задал цель на 2026/27 учебный год): нет данных."
    )
    assert summary.sentences[0] == summary.lead
    assert "Уилкоксона" in summary.sentences[-1]


def test_exactly_the_target_share_is_met_and_one_person_less_is_not(in_school_a):
    """6 of 10 is 60%: met, compared in whole numbers; 5 of 10 is not."""
    exactly = lines(monitoring.programme_report(measured(6, 8)).summary)
    less = lines(monitoring.programme_report(measured(5, 7)).summary)

    assert (exactly["competency_growth"].status, exactly["self_education_growth"].status) == ("met", "met")
    assert (less["competency_growth"].status, less["self_education_growth"].status) == ("not_met", "not_met")


def test_the_regions_target_for_the_school_year_is_used_and_named_with_its_order(world, in_school_a):
    target(world, "competency_growth", 75)
    target(world, "self_education_growth", 50, period="2025/26")  # another year's: not in force

    found = lines(monitoring.programme_report(measured(7, 7)).summary)

    competencies = found["competency_growth"]
    assert (competencies.target.source, competencies.target.value, competencies.status) == (
        "region",
        Decimal("75.00"),
        "not_met",
    )
    assert competencies.sentence.endswith(
        "Цель — не меньше 75% (задана регионом на 2026/27 учебный год, приказ от 01.09.2026 № 15-н): "
        "не достигнута."
    )
    assert found["self_education_growth"].target.source == SEED


def test_the_municipalitys_own_target_comes_before_the_regions(world, in_school_a):
    target(world, "competency_growth", 75)
    target(world, "competency_growth", 65, municipality=world.municipality)
    target(world, "competency_growth", 90, municipality=world.other_municipality)

    competencies = lines(monitoring.programme_report(measured(7, 7)).summary)["competency_growth"]

    assert (competencies.target.source, competencies.target.value, competencies.status) == (
        "municipality",
        Decimal("65.00"),
        "met",
    )
    assert "задана муниципалитетом «Городской округ Тестовск» на 2026/27 учебный год" in competencies.sentence


def test_counts_agree_with_their_numbers_and_a_small_group_is_flagged():
    programme = Programme(start_date=datetime.date(2026, 9, 1), end_date=datetime.date(2027, 5, 31))
    seed = {
        code: TargetInForce(Decimal(value), SEED, "ориентир")
        for code, value in (
            ("competency_growth", 60),
            ("self_education_growth", 80),
            ("academic_improvement", 30),
        )
    }
    rows = [(p, Construct.COMPETENCIES, 3.0, 4.0 if p < 21 else 3.0, 0.0) for p in range(22)]
    rows += [(100, Construct.SELF_EDUCATION, 3.0, 4.0, 1.0), (101, Construct.SELF_EDUCATION, 3.0, 3.0, 0.0)]
    rows += [(200, ACADEMIC, 3.0, 4.0, 1.0)]
    pairs = pd.DataFrame(rows, columns=["participant", "construct", "entry", "exit", "change"])
    pairs["change"] = pairs["exit"] - pairs["entry"]

    summary = programme_summary(programme=programme, pairs=pairs, thresholds={}, today=TODAY, targets=seed)

    found = lines(summary)
    assert "выросли у 21 участника из 22 (95,5%)" in found["competency_growth"].sentence
    assert "закрепились у 1 участника из 2 (50%)" in found["self_education_growth"].sentence
    assert "Измерено меньше 5 человек: вывод ненадёжен." in found["self_education_growth"].sentence
    assert "повысились у 1 обучающегося из 1 (100%)" in found["academic_improvement"].sentence
    assert summary.lead == (
        "Ответы на входе и на выходе сопоставлены у 24 участников; отметки до и после наставничества "
        "есть у 1 обучающегося."
    )


def test_a_programme_judged_after_its_end_uses_the_targets_of_its_last_school_year():
    finished = Programme(start_date=datetime.date(2024, 9, 1), end_date=datetime.date(2025, 5, 31))
    empty = pd.DataFrame(columns=["participant", "construct", "entry", "exit", "change"])
    targets = {
        code: TargetInForce(Decimal(50), SEED, "ориентир")
        for code in ("competency_growth", "self_education_growth", "academic_improvement")
    }

    summary = programme_summary(programme=finished, pairs=empty, thresholds={}, today=TODAY, targets=targets)

    assert summary.period == "2024/25"
    assert summary.lead.startswith("Пока не с чем сравнивать")
    assert {line.status for line in summary.lines} == {"no_data"}


def test_the_page_print_xlsx_and_api_open_with_the_same_summary(world, client_of):
    with schema_context(world.school_a.schema_name):
        programme = measured(7, 7)
    curator = client_of("curator_a")
    query = f"?programme={programme.pk}"

    page = curator.get(f"{A}/monitoring/{query}").content.decode()
    printed = curator.get(f"{A}/monitoring/print/{query}").content.decode()
    book = load_workbook(io.BytesIO(curator.get(f"{A}/monitoring/export.xlsx{query}").content))
    body = curator.get(f"{API_A}/monitoring/report/{query}").json()

    sentence = (
        f"Профессиональные (предметные) компетенции выросли у 7 участников из 10 (70%). {SEED_COMPETENCIES}"
    )
    # The summary comes before the statistics on the page and in the printed report.
    assert page.index(sentence) < page.index('id="constructs"')
    assert printed.index(sentence) < printed.index("Как считается")
    sheet = [list(row) for row in book["Определения"].iter_rows(values_only=True)]
    assert ["достигнута", sentence] in [row[:2] for row in sheet]
    summary = body["summary"]
    assert summary["period"] == "2026/27"
    competencies = summary["lines"][0]
    assert competencies == {
        "code": "competency_growth",
        "title": "Профессиональные (предметные) компетенции",
        "grew": 7,
        "n": 10,
        "share": 70.0,
        "target": "60.00",
        "target_source": "seed",
        "target_text": "ориентир регионального проекта наставничества: регион не задал цель на 2026/27 "
        "учебный год",
        "status": "met",
        "status_label": "достигнута",
        "sentence": sentence,
    }
    assert summary["sentences"][1] == sentence
    assert [line["status"] for line in summary["lines"]] == ["met", "not_met", "no_data"]
