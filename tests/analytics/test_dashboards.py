"""The dashboards on facts whose answers are known: every level, statuses, the drill-down, who sees
what (a school never another school by name), the XLSX tables and the ministry report."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from .support import PERIOD, bare_school, fact, known_region, target

pytestmark = pytest.mark.django_db

Q = f"?period={PERIOD}"


def test_the_analyst_sees_the_region_against_its_target_and_each_municipality(world, client_of):
    known_region(world)
    html = client_of("analyst").get(f"/analytics/region/{Q}").content.decode()
    row = html[html.index('data-indicator="competency_growth"') :][:1500]
    assert "45,1" in row and "97 из 215" in row and "60,0" in row
    assert 'data-status="off_track"' in row
    units = html[html.index('data-testid="units"') :]
    assert "46,7" in units  # 7/15, not (60 + 20) / 2
    assert "45,0" in units
    assert "Школа Х" in html[html.index('data-testid="off-track"') :]
    assert "прогноз на конец периода" in html  # the rule is on the page


def test_drill_down_to_a_municipality_shows_its_schools(world, client_of):
    known_region(world)
    html = client_of("analyst").get(f"/analytics/municipalities/{world.municipality.pk}/{Q}").content.decode()
    assert "46,7" in html and "Школа А" in html and "Школа Х" in html
    assert "Школа Б" not in html and "Школа У" not in html
    assert 'data-status="met"' in html  # school A: 60 % of 60 %


def test_a_school_sees_itself_and_the_totals_but_no_other_school(world, client_of):
    known_region(world)
    html = client_of("director_a").get(f"/analytics/schools/{world.school_a.pk}/{Q}").content.decode()
    row = html[html.index('data-indicator="competency_growth"') :][:2000]
    assert "60,0" in row and 'data-status="met"' in row
    # 7/15 − 6/10 = 1/5 would be school Х's own figure: the municipal value is hidden from school A.
    assert "скрыто" in row
    assert "45,1" in row  # the region
    for other in ("Школа Х", "Школа Б", "Школа У"):
        assert other not in html


def test_scopes_are_kept(world, client_of):
    known_region(world)
    assert client_of("director_a").get(f"/analytics/schools/{world.school_b.pk}/").status_code == 404
    assert (
        client_of("coordinator").get(f"/analytics/municipalities/{world.other_municipality.pk}/").status_code
        == 404
    )
    assert client_of("coordinator").get("/analytics/region/").status_code == 403
    assert client_of("mentor_a").get(f"/analytics/schools/{world.school_a.pk}/").status_code == 403
    assert client_of("coordinator").get("/analytics/").status_code == 302


def test_every_dashboard_table_downloads_as_xlsx_without_formulas(world, client_of):
    x, _ = known_region(world)
    x.short_name = '=HYPERLINK("http://evil.example","x")'
    x.save()
    client = client_of("analyst")
    for table in ("indicators", "units", "off_track"):
        response = client.get(f"/analytics/region/{Q}&export={table}")
        assert response.status_code == 200, table
        book = load_workbook(io.BytesIO(response.content))
        cells = [cell for row in book.active.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for cell in cells)
    off = load_workbook(io.BytesIO(client.get(f"/analytics/region/{Q}&export=off_track").content)).active
    assert any(str(cell.value).startswith("=HYPERLINK") for row in off.iter_rows() for cell in row)


def test_the_ministry_report_has_figures_definitions_targets_date_and_schools_off_track(world, client_of):
    known_region(world)
    client = client_of("analyst")
    response = client.get(f"/analytics/report.docx{Q}")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    tables = "\n".join(
        c.text for t in Document(io.BytesIO(response.content)).tables for r in t.rows for c in r.cells
    )
    assert "Дата расчёта показателей" in text
    assert "45,1" in tables and "отстаёт" in tables
    assert "Школа Х" in text and "Числитель:" in text and "приказ от 28.08.2026 № 45-од" in text
    book = load_workbook(io.BytesIO(client.get(f"/analytics/report.xlsx{Q}").content))
    assert {"Отчёт", "Показатели", "Определения", "Муниципалитеты", "Отстающие школы"} <= set(book.sheetnames)
    assert client_of("coordinator").get(f"/analytics/report.docx{Q}").status_code == 403


def test_the_api_gives_the_same_roll_ups_and_sets_targets(world, client_of):
    known_region(world)
    client = client_of("analyst")
    data = client.get(f"/api/v1/analytics/rollups/region/{Q}").json()
    row = next(r for r in data["rows"] if r["indicator"] == "competency_growth")
    assert round(row["cell"]["value"], 1) == 45.1 and row["cell"]["status"] == "off_track"
    municipal = next(u for u in data["units"] if u["id"] == world.municipality.pk)
    assert round(municipal["cells"]["competency_growth"]["value"], 1) == 46.7
    school = client_of("director_a").get(f"/api/v1/analytics/rollups/schools/{world.school_a.pk}/{Q}").json()
    row = next(r for r in school["rows"] if r["indicator"] == "competency_growth")
    assert row["municipality"]["suppressed"] and row["municipality"]["numerator"] is None
    created = client.post(
        "/api/v1/analytics/targets/set/",
        {
            "indicator": "students_10_18_in_mentoring",
            "period": PERIOD,
            "value": "70",
            "order_number": "1",
            "order_date": "2026-08-01",
            "order_title": "Приказ",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert client_of("coordinator").post("/api/v1/analytics/targets/set/", {}).status_code == 403
    refused = client.post(
        "/api/v1/analytics/targets/set/",
        {
            "indicator": "competency_growth",
            "period": PERIOD,
            "value": "160",
            "order_number": "1",
            "order_date": "2026-08-01",
            "order_title": "Приказ",
        },
        content_type="application/json",
    )
    assert refused.status_code == 400 and "value" in refused.json().get("errors", refused.json())
    codes = [i["code"] for i in client.get("/api/v1/analytics/indicators/").json()]
    assert "competency_growth" in codes
    facts = client_of("coordinator").get(f"/api/v1/analytics/facts/{Q}").json()["results"]
    assert {f["school_name"] for f in facts} == {"Школа А", "Школа Х"}


def test_a_municipal_target_overrides_the_regional_one_for_its_schools(world, client_of):
    known_region(world)
    target(world.region, "competency_growth", 40, municipality=world.municipality)
    html = (
        client_of("coordinator")
        .get(f"/analytics/municipalities/{world.municipality.pk}/{Q}")
        .content.decode()
    )
    row = html[html.index('data-indicator="competency_growth"') :][:1500]
    assert 'data-status="met"' in row  # 46.7 % against the municipality's 40 %


def test_the_effect_of_pairs_is_on_the_regional_page(world, client_of):
    from regional_center.models.support import OrganisationPair

    mentor = bare_school(slug="school-m", name="Школа-наставник", municipality=world.municipality)
    treated, control = [], []
    for n in range(4):
        s = bare_school(
            slug=f"t{n}", name=f"ШНОР с парой {n}", municipality=world.municipality, low_results=True
        )
        fact(s, "competency_growth", 40, 100, period="2025/26")
        fact(s, "competency_growth", 60, 100)
        OrganisationPair.objects.create(
            mentor_school=mentor, mentee_school=s, starts_on="2026-09-01", ends_on="2027-06-30", goals="цели"
        )
        treated.append(s)
    for n in range(4):
        s = bare_school(
            slug=f"c{n}", name=f"ШНОР без пары {n}", municipality=world.municipality, low_results=True
        )
        fact(s, "competency_growth", 40, 100, period="2025/26")
        fact(s, "competency_growth", 45, 100)
        control.append(s)
    html = client_of("analyst").get(f"/analytics/region/{Q}").content.decode()
    effects = html[html.index('data-testid="effects"') :]
    assert "+15,0 п. п." in effects and "с парой — 4" in effects


def test_a_long_off_track_list_is_paged_and_the_xlsx_keeps_every_school(world, client_of):
    """A region where most schools lag would print thousands of rows: the page shows 50 at a time."""
    known_region(world)
    for n in range(55):
        lagging = bare_school(slug=f"lagging-{n}", name=f"Отстающая {n:02d}", municipality=world.municipality)
        fact(lagging, "competency_growth", 1, 10)
    client = client_of("analyst")
    first = client.get(f"/analytics/region/{Q}").content.decode()
    section = first[first.index('data-testid="off-track-section"') :]
    section = section[: section.index("</section>")]
    assert "Отстают 58 школ; показаны 1–50" in section  # the 55, Школа Х, A and B (school Y is 40 %)
    assert section.count("<tr><td>") == 50
    assert "стр. 1 из 2" in section and "off_track_page=2" in section
    second = client.get(f"/analytics/region/{Q}&off_track_page=2").content.decode()
    rest = second[second.index('data-testid="off-track-section"') :]
    assert rest[: rest.index("</section>")].count("<tr><td>") == 8
    book = load_workbook(io.BytesIO(client.get(f"/analytics/region/{Q}&export=off_track").content)).active
    names = [str(row[0]) for row in book.iter_rows(values_only=True) if row[0]]
    assert sum(name.startswith("Отстающая") for name in names) == 55
