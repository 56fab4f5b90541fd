"""API of monitoring: JSON report, exports, stage-1 summaries, growth rules, marks, indicators, isolation."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from school_programs.models import Construct, Form, Grade, GrowthRule
from tests.support import school as make
from tests.support import surveys as make_survey

API_A = "/api/v1/schools/school-a"
API_B = "/api/v1/schools/school-b"


def build(world):
    with schema_context(world.school_a.schema_name):
        return make_survey.measured_programme()


def in_a(world, function):
    with schema_context(world.school_a.schema_name):
        return function()


def test_the_report_gives_every_share_with_its_count_test_and_rule(world, client_of):
    data = build(world)

    body = client_of("curator_a").get(f"{API_A}/monitoring/report/?programme={data.programme.pk}").json()

    assert body["programme"] == {"id": data.programme.pk, "title": data.programme.title}
    assert body["counts"] == {"entry": 6, "exit": 6, "anonymous": 0, "paired": 6, "academic": 1}
    constructs = {row["construct"]: row for row in body["constructs"]}
    competencies = constructs[Construct.COMPETENCIES]["summary"]
    assert (competencies["grew"], competencies["n"], competencies["count_text"]) == (6, 6, "6 из 6 (100%)")
    assert competencies["p_value"] == 0.03125
    assert (competencies["ci_low"], competencies["ci_high"]) == (1.0, 1.0)
    assert constructs[Construct.ANXIETY]["reversed"] is True
    assert constructs[Construct.ANXIETY]["summary"]["count_text"] == "0 из 6 (0%)"
    assert body["academic"]["summary"]["count_text"] == "1 из 1 (100%)"
    assert [rule["construct"] for rule in body["rules"]] == ["competencies", "anxiety", "academic"]
    assert any("выход − вход" in text for text in body["definitions"])
    assert body["by_form"]["overall"][0]["key"] == Form.TEACHER_STUDENT
    assert body["by_form"]["by_construct"][0]["rows"][0]["summary"]["n"] == 6
    assert len(body["groups"]) == 6


def test_a_school_without_a_programme_gets_a_russian_404(world, client_of):
    response = client_of("curator_b").get(f"{API_B}/monitoring/report/")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("В школе нет программы")


def test_the_xlsx_export(world, client_of):
    build(world)
    response = client_of("director_a").get(f"{API_A}/monitoring/report.xlsx")
    assert response.status_code == 200
    assert "Программа" in load_workbook(io.BytesIO(response.content)).sheetnames


def test_a_pair_report_and_stage_one_summaries(world, client_of):
    data = build(world)
    curator = client_of("curator_a")

    pair = curator.get(f"{API_A}/monitoring/groups/{data.groups[0].pk}/").json()
    sendings = curator.get(f"{API_A}/monitoring/surveys/").json()
    summary = curator.get(f"{API_A}/monitoring/surveys/{data.once.pk}/").json()

    assert [m["name"] for m in pair["mentees"]] == [data.people[0].full_name]
    assert pair["mentees"][0]["changes"]["competencies"] == {
        "entry": 3.0,
        "exit": 4.0,
        "change": 1.0,
        "grew": True,
    }
    assert {s["wave"]: s["responses"] for s in sendings} == {"once": 2, "exit": 6, "entry": 6}
    questions = {q["text"]: q for q in summary["questions"]}
    assert [(o["label"], o["count"]) for o in questions["Полезно ли?"]["options"]] == [("да", 1), ("нет", 1)]
    assert questions["Что улучшить?"]["texts"] == [
        {"text": "Больше встреч с наставником", "name": data.people[0].full_name},
        {"text": "Анонимное мнение", "name": None},
    ]


def test_growth_rules_are_read_by_readers_and_changed_by_staff_all_or_nothing(world, client_of):
    url = f"{API_A}/monitoring/growth-rules/"
    assert client_of("director_a").get(url).status_code == 200
    assert client_of("mentor_a").get(url).status_code == 403
    curator = client_of("curator_a")

    refused = curator.put(
        url, {"thresholds": {"competencies": "0.8", "anxiety": "0"}}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json() == {"anxiety": ["Порог роста — число больше 0 и не больше 9."]}
    assert in_a(world, lambda: GrowthRule.objects.get(construct="competencies").threshold) == 0.5
    unknown = curator.put(url, {"thresholds": {"happiness": "1"}}, content_type="application/json")
    assert unknown.status_code == 400 and "Неизвестные показатели: happiness." in str(unknown.json())

    saved = curator.put(url, {"thresholds": {"competencies": "0.8"}}, content_type="application/json")
    assert saved.status_code == 200
    assert {r["construct"]: r["threshold"] for r in saved.json()}["competencies"] == 0.8


def test_marks_import_reports_rows_and_writes_nothing_on_error(world, client_of):
    in_a(world, lambda: make.student("Апиев", external_id="800"))
    curator = client_of("curator_a")
    bad = "Код;Предмет;Период;Конец периода;Отметка\n800;алгебра;I;31.10.2026;5\n800;химия;I;31.10.2026;0\n"

    response = curator.post(
        f"{API_A}/monitoring/grades/import/", {"file": SimpleUploadedFile("m.csv", bad.encode())}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "row": 3,
            "column": "Отметка",
            "message": "«0» — отметка должна быть числом от 1 до 5",
            "text": "Строка 3, столбец «Отметка»: «0» — отметка должна быть числом от 1 до 5",
        }
    ]
    assert in_a(world, lambda: Grade.objects.count()) == 0
    good = curator.post(
        f"{API_A}/monitoring/grades/import/",
        {"file": SimpleUploadedFile("m.csv", "\n".join(bad.splitlines()[:2]).encode())},
    )
    assert good.status_code == 200 and good.json()["created"] == 1
    assert curator.get(f"{API_A}/monitoring/grades/import/template.xlsx").status_code == 200
    assert client_of("mentor_a").get(f"{API_A}/monitoring/grades/import/template.xlsx").status_code == 403


def test_a_students_marks_and_a_mark_by_hand(world, client_of):
    data = build(world)
    student = data.people[0]
    url = f"{API_A}/monitoring/grades/{student.pk}/"
    curator = client_of("curator_a")

    body = curator.get(url).json()
    assert [g["period"] for g in body["grades"]] == ["2025/26, год", "2026/27, год"]
    assert body["changes"][0]["grew"] is True and body["changes"][0]["change"] == 1.0

    refused = curator.post(
        url,
        {"subject": "химия", "period": "I", "period_end": "2026-10-31", "value": "пять"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json() == {"value": ["Отметка должна быть числом от 1 до 5."]}
    created = curator.post(
        url,
        {"subject": "химия", "period": "I", "period_end": "2026-10-31", "value": "4,5"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["value"] == "4.50"
    deleted = curator.delete(f"{url}{created.json()['id']}/")
    assert deleted.status_code == 204
    assert in_a(world, lambda: Grade.objects.filter(subject="химия").exists()) is False


def test_indicators_return_counts_only(world, client_of):
    build(world)

    response = client_of("curator_a").get(f"{API_A}/monitoring/indicators/?start=2026-09-01&end=2027-08-31")

    facts = {f["code"]: f for f in response.json()}
    assert (facts["competency_growth"]["numerator"], facts["competency_growth"]["denominator"]) == (6, 6)
    assert (facts["academic_improvement"]["numerator"], facts["academic_improvement"]["denominator"]) == (
        1,
        1,
    )
    assert set(facts["self_education_growth"]) == {
        "code",
        "title",
        "unit",
        "numerator",
        "denominator",
        "value",
    }
    assert "Измеренный" not in response.content.decode()
    bad = client_of("curator_a").get(f"{API_A}/monitoring/indicators/?start=2027-09-01&end=2026-09-01")
    assert bad.status_code == 400 and bad.json() == {"end": ["Конец периода раньше начала."]}


def test_school_b_gets_404_on_school_a_and_never_sees_its_results(world, client_of):
    data = build(world)
    other = client_of("curator_b")
    student, group, once = data.people[0], data.groups[0], data.once
    for url in (
        "monitoring/report/",
        "monitoring/report.xlsx",
        f"monitoring/groups/{group.pk}/",
        "monitoring/surveys/",
        f"monitoring/surveys/{once.pk}/",
        "monitoring/growth-rules/",
        "monitoring/indicators/",
        "monitoring/grades/import/template.xlsx",
        f"monitoring/grades/{student.pk}/",
    ):
        assert other.get(f"{API_A}/{url}").status_code == 404, url
    assert (
        other.put(
            f"{API_A}/monitoring/growth-rules/",
            {"thresholds": {"anxiety": "2"}},
            content_type="application/json",
        ).status_code
        == 404
    )
    with schema_context(world.school_b.schema_name):
        make.programme(title="Программа школы Б")
    report = other.get(f"{API_B}/monitoring/report/").json()
    assert report["counts"] == {"entry": 0, "exit": 0, "anonymous": 0, "paired": 0, "academic": 0}
    assert report["constructs"] == [] and report["groups"] == []
    facts = other.get(f"{API_B}/monitoring/indicators/?start=2026-09-01&end=2027-08-31").json()
    assert all(f["denominator"] == 0 for f in facts)
    assert other.get(f"{API_B}/monitoring/surveys/{once.pk}/").status_code == 404
