"""Pages of monitoring: the programme report, pairs, stage-1 summaries, rules, marks, exports, isolation."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from school_programs.models import Construct, Grade, GrowthRule
from tests.support import school as make
from tests.support import surveys as make_survey

A = "/s/school-a"
B = "/s/school-b"


def build(world, **options):
    with schema_context(world.school_a.schema_name):
        return make_survey.measured_programme(**options)


def in_a(world, function):
    with schema_context(world.school_a.schema_name):
        return function()


def test_the_report_shows_shares_with_counts_rules_and_charts(world, client_of):
    data = build(world)

    response = client_of("curator_a").get(f"{A}/monitoring/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "6 из 6 (100%)" in page  # competencies
    assert "0 из 6 (0%)" in page  # anxiety
    assert "Как считается" in page and "Вход — ответы участника" in page
    assert "<svg" in page and "вход (n=6)" in page
    assert "p = 0,031" in page  # six equal positive changes: exact two-sided Wilcoxon 2/64
    assert "1 из 1 (100%)" in page  # marks of the first student, 3 → 4
    assert f"{A}/monitoring/groups/{data.groups[0].pk}/" in page
    assert "http://" not in page.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org", "")


def test_the_report_names_the_best_form_and_flags_small_ones(world, client_of):
    build(world, mentees=3)

    page = client_of("curator_a").get(f"{A}/monitoring/").content.decode()

    assert "мало данных (n &lt; 5)" in page
    assert "недостаточно данных" in page


def test_a_school_without_a_programme_gets_a_clear_page(world, client_of):
    response = client_of("curator_b").get(f"{B}/monitoring/")
    assert response.status_code == 200
    assert "ещё нет программы" in response.content.decode()


def test_only_readers_see_monitoring(world, client_of):
    build(world)
    assert client_of("mentor_a").get(f"{A}/monitoring/").status_code == 403
    assert client_of("director_a").get(f"{A}/monitoring/").status_code == 200


def test_the_pair_page_lists_each_mentee(world, client_of):
    data = build(world)

    response = client_of("curator_a").get(f"{A}/monitoring/groups/{data.groups[1].pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert data.people[1].full_name in page
    assert data.people[0].full_name not in page
    assert "1 из 1 (100%)" in page


def test_the_pair_page_of_a_pair_without_answers_says_so(world, client_of):
    def pair_without_answers():
        programme = make.programme()
        mentor = make.mentor(programme, make.teacher("Безответный"))
        return make.group(programme, mentor, [make.mentee(programme, make.student("Новичок"))])

    group = in_a(world, pair_without_answers)

    response = client_of("curator_a").get(f"{A}/monitoring/groups/{group.pk}/")

    assert response.status_code == 200
    assert "Пока нет наставляемых, ответивших и на входе, и на выходе." in response.content.decode()


def test_stage_one_summary_lists_answers_and_hides_anonymous_names(world, client_of):
    data = build(world)
    curator = client_of("curator_a")

    listing = curator.get(f"{A}/monitoring/surveys/").content.decode()
    summary = curator.get(f"{A}/monitoring/surveys/{data.once.pk}/").content.decode()

    assert "Качество программы" in listing
    assert "Больше встреч с наставником" in summary and data.people[0].full_name in summary
    assert "Анонимное мнение" in summary
    assert "1 (50%)" in summary


def test_the_export_is_a_workbook_with_definitions_and_sheets_per_form(world, client_of):
    data = build(world)

    response = client_of("curator_a").get(f"{A}/monitoring/export.xlsx?programme={data.programme.pk}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:3] == ["Определения", "Программа", "Формы наставничества"]
    assert "Форма учитель – ученик" in book.sheetnames
    rows = {row[0]: row for row in book["Программа"].iter_rows(min_row=2, values_only=True)}
    competencies = rows[Construct.COMPETENCIES.label]
    assert competencies[1:5] == (6, 6, 100.0, "6 из 6 (100%)")
    definitions = [row[1] for row in book["Определения"].iter_rows(values_only=True)]
    assert any("Изменение = выход − вход" in str(text) for text in definitions)


def test_the_printable_report_is_a_page_of_its_own(world, client_of):
    build(world)

    page = client_of("curator_a").get(f"{A}/monitoring/print/").content.decode()

    assert "@media print" in page and "@page" in page
    assert "Результаты мониторинга программы наставничества" in page
    assert "Как считается" in page and "6 из 6 (100%)" in page
    assert "school-nav" not in page


def test_staff_change_a_growth_rule_and_reports_state_it(world, client_of):
    build(world)
    curator = client_of("curator_a")
    form = dict.fromkeys(Construct.values, "0,5")

    response = curator.post(f"{A}/monitoring/rules/", {**form, Construct.COMPETENCIES: "1,5"})

    assert response.status_code == 302
    assert in_a(world, lambda: GrowthRule.objects.get(construct=Construct.COMPETENCIES).threshold) == 1.5
    note = in_a(world, lambda: GrowthRule.objects.get(construct=Construct.COMPETENCIES).note)
    assert "1,5" in note
    page = curator.get(f"{A}/monitoring/").content.decode()
    assert "0 из 6 (0%)" in page and "6 из 6 (100%)" not in page


def test_a_bad_threshold_is_refused_and_nothing_changes(world, client_of):
    form = dict.fromkeys(Construct.values, "0,5")
    response = client_of("curator_a").post(f"{A}/monitoring/rules/", {**form, Construct.ANXIETY: "-1"})

    assert response.status_code == 400
    assert "Порог роста должен быть больше 0." in response.content.decode()
    assert in_a(world, lambda: GrowthRule.objects.get(construct=Construct.ANXIETY).threshold) == 0.5
    assert client_of("director_a").get(f"{A}/monitoring/rules/").status_code == 200


def test_marks_import_page_shows_errors_by_row_and_writes_nothing(world, client_of):
    in_a(world, lambda: make.student("Журналов", external_id="700"))
    curator = client_of("curator_a")
    assert curator.get(f"{A}/monitoring/grades/template.xlsx").status_code == 200
    content = (
        "Код;Предмет;Период;Конец периода;Отметка\n"
        "700;алгебра;I четверть;31.10.2026;5\n"
        "700;физика;I четверть;32.10.2026;5\n"
        "700;химия;I четверть;31.10.2026;7\n"
    ).encode()

    response = curator.post(
        f"{A}/monitoring/grades/import/", {"file": SimpleUploadedFile("marks.csv", content)}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "«32.10.2026» — такой даты нет: в октябре 2026 года 31 день" in page
    assert "«7» — отметка должна быть числом от 1 до 5" in page
    assert in_a(world, lambda: Grade.objects.count()) == 0
    good = content.decode().splitlines()[:2]
    response = curator.post(
        f"{A}/monitoring/grades/import/",
        {"file": SimpleUploadedFile("marks.csv", "\n".join(good).encode())},
    )
    assert response.status_code == 200 and "новых отметок: 1" in response.content.decode()


def test_a_students_marks_page_and_a_mark_entered_by_hand(world, client_of):
    data = build(world)
    student = data.people[0]
    curator = client_of("curator_a")
    url = f"{A}/monitoring/grades/{student.pk}/"

    page = curator.get(url).content.decode()
    assert "2025/26, год" in page and "улучшились" in page

    refused = curator.post(
        url, {"subject": "химия", "period": "2026/27, год", "period_end": "2027-05-31", "value": "9"}
    )
    assert refused.status_code == 400
    assert "Отметка — число от 1 до 5." in refused.content.decode()
    saved = curator.post(
        url, {"subject": "химия", "period": "2026/27, год", "period_end": "2027-05-31", "value": "4,5"}
    )
    assert saved.status_code == 302
    assert in_a(world, lambda: Grade.objects.get(participant=student, subject="химия").value) == 4.5
    teacher = in_a(world, lambda: make.teacher("Неученик"))
    assert curator.get(f"{A}/monitoring/grades/{teacher.pk}/").status_code == 404


def test_the_indicators_page_shows_numerators_and_denominators(world, client_of):
    build(world)

    response = client_of("curator_a").get(f"{A}/monitoring/indicators/?start=2026-09-01&end=2027-08-31")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<tr data-code="competency_growth">' in page
    assert "<td>6</td><td>6</td>" in page
    bad = client_of("curator_a").get(f"{A}/monitoring/indicators/?start=2027-09-01&end=2026-09-01")
    assert bad.status_code == 400 and "Конец периода раньше начала." in bad.content.decode()


def test_school_b_gets_404_on_school_a_monitoring_and_never_sees_its_results(world, client_of):
    data = build(world)
    group, student, once = data.groups[0], data.people[0], data.once
    other = client_of("curator_b")
    for url in (
        f"{A}/monitoring/",
        f"{A}/monitoring/export.xlsx",
        f"{A}/monitoring/print/",
        f"{A}/monitoring/groups/{group.pk}/",
        f"{A}/monitoring/surveys/",
        f"{A}/monitoring/surveys/{once.pk}/",
        f"{A}/monitoring/rules/",
        f"{A}/monitoring/indicators/",
        f"{A}/monitoring/grades/import/",
        f"{A}/monitoring/grades/{student.pk}/",
    ):
        assert other.get(url).status_code == 404, url
    with schema_context(world.school_b.schema_name):
        make.programme(title="Программа школы Б")
    page = other.get(f"{B}/monitoring/").content.decode()
    assert "Программа школы Б" in page
    assert "6 из 6" not in page and student.last_name not in page
    assert other.get(f"{B}/monitoring/groups/{group.pk}/").status_code == 404
    assert other.get(f"{B}/monitoring/surveys/{once.pk}/").status_code == 404
    assert other.get(f"{B}/monitoring/grades/{student.pk}/").status_code == 404
