"""The centre's pages and API (CENTRE, issue 9 §§1, 2, 7, 8): who sees what, the administrator's and the
analyst's different homes, coordinators read-only, agreements with scans through the API, and the
library's search; refused input answers 400 with the field named in Russian."""

from __future__ import annotations

import pytest

from regional_center.models import Agreement, PublishedPractice
from regional_center.services.agreements import agreement_create
from regional_center.services.practices import partner_practice_create
from regional_center.services.roadmap import milestone_create, stage_save
from tests.regional_center.centre_support import PDF, d, media, stored_files, university, upload

__all__ = ["media"]


@pytest.fixture
def centre(world):
    partner = university(world)
    stage = stage_save(region=world.region, kind="creative", starts_on=d(2026, 9, 1), ends_on=d(2027, 5, 31))
    milestone_create(stage=stage, title="Консультанты подобраны", due_on=d(2026, 12, 1))
    agreement = agreement_create(
        region=world.region,
        number="7-С",
        signed_on=d(2026, 1, 12),
        starts_on=d(2026, 1, 12),
        ends_on=d(2026, 12, 11),
        subject="Методическая поддержка",
        status=Agreement.Status.ACTIVE,
        partners=[partner],
    )
    practice = partner_practice_create(
        partner=partner,
        title="Студенты-наставники по математике",
        form="university_student",
        subject="maths",
        topic="подготовка к ОГЭ",
        description="Занятия студентов с девятиклассниками.",
    )
    return {"partner": partner, "agreement": agreement, "practice": practice}


def test_the_administrators_home_says_what_to_do(client_of, world, centre):
    html = client_of("regional_admin").get("/region/").content.decode()
    assert "Что сделать" in html
    assert "№ 7-С от 12.01.2026" in html  # expires within 30 days
    assert "Консультанты подобраны" in html  # milestone due
    assert "Тестовый центр наставничества" in html and "Городской округ Тестовск" in html
    assert "Regional_Admin" in html  # the centre's staff: users with a role in the region


def test_the_analysts_home_is_a_read_only_summary(client_of, world, centre):
    html = client_of("analyst").get("/region/").content.decode()
    assert "Сводка" in html and "Что сделать" not in html
    assert "Зарегистрировать соглашение" not in html
    assert client_of("analyst").get("/region/roadmap/").status_code == 200
    refused = client_of("analyst").post("/region/roadmap/stages/creative/", {})
    assert refused.status_code == 403


def test_a_coordinator_reads_the_region_and_the_library_but_not_agreements(client_of, centre):
    coordinator = client_of("coordinator")
    html = coordinator.get("/region/").content.decode()
    assert "Структура управления" in html and "Сводка" not in html and "Что сделать" not in html
    assert coordinator.get("/region/practices/").status_code == 200
    assert coordinator.get(f"/region/practices/{centre['practice'].pk}/").status_code == 200
    assert coordinator.get("/region/agreements/").status_code == 403
    assert coordinator.get("/region/practices/new/").status_code == 403
    assert (
        coordinator.post("/api/v1/centre/partners/create/", {"name": "X", "kind": "ngo"}).status_code == 403
    )


def test_school_staff_find_practices_but_see_nothing_else_of_the_centre(client_of, centre):
    curator = client_of("curator_a")
    assert curator.get("/region/").status_code == 403
    assert curator.get("/region/partners/").status_code == 403
    html = curator.get("/region/practices/?q=математика").content.decode()
    assert "Студенты-наставники по математике" in html


def test_the_library_is_searched_through_the_api(client_of, centre):
    api = client_of("analyst")
    found = api.get("/api/v1/centre/practices/", {"q": "математике", "subject": "maths"}).json()
    assert "Студенты-наставники по математике" in [p["title"] for p in found["results"]]
    assert (
        api.get("/api/v1/centre/practices/", {"q": "девятиклассниками", "subject": "chemistry"}).json()[
            "count"
        ]
        == 0
    )
    assert api.get("/api/v1/centre/practices/999999/").status_code == 404


def test_the_administrator_registers_a_partner_and_an_agreement_with_a_scan_through_the_api(
    client_of, world, media
):
    admin = client_of("regional_admin")
    created = admin.post(
        "/api/v1/centre/partners/create/",
        {"name": "Колледж", "kind": "college", "subjects": ["informatics"]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    partner_id = created.json()["id"]
    response = admin.post(
        "/api/v1/centre/agreements/create/",
        {
            "number": "15-С",
            "signed_on": "2026-11-16",
            "starts_on": "2027-01-11",
            "ends_on": "2027-12-31",
            "subject": "Профпробы",
            "status": "active",
            "partner_ids": [partner_id],
            "school_ids": [world.school_b.pk],
            "document": upload("скан.pdf", PDF),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["partner_ids"], body["school_ids"], body["has_document"]) == (
        [partner_id],
        [world.school_b.pk],
        True,
    )
    scan = admin.get(f"/api/v1/centre/agreements/{body['id']}/document/")
    assert scan.status_code == 200 and b"".join(scan.streaming_content) == PDF
    assert (
        client_of("coordinator").get(f"/api/v1/centre/agreements/{body['id']}/document/").status_code == 403
    )


def test_refused_agreements_name_the_field_and_write_nothing(client_of, world, media):
    admin = client_of("regional_admin")
    base = {"number": "1", "signed_on": "2026-01-01", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
            "subject": "Сотрудничество"}  # fmt: skip
    no_parties = admin.post(
        "/api/v1/centre/agreements/create/", {**base, "document": upload("скан.pdf", PDF)}
    )
    assert no_parties.status_code == 400
    assert "хотя бы одну сторону" in no_parties.json()["partners"][0]
    partner = university(world)
    wrong = admin.post(
        "/api/v1/centre/agreements/create/",
        {
            **base,
            "partner_ids": [partner.pk],
            "document": upload("скан.pdf", b"GIF89a not a scan", "image/gif"),
        },
    )
    assert wrong.status_code == 400 and "Скан соглашения: допустимы только" in wrong.json()["document"][0]
    inverted = admin.post(
        "/api/v1/centre/agreements/create/", {**base, "partner_ids": [partner.pk], "ends_on": "2025-12-31"}
    )
    assert inverted.status_code == 400 and "раньше даты начала" in inverted.json()["ends_on"][0]
    assert not Agreement.objects.filter(region=world.region).exists()
    assert stored_files(media) == []


def test_the_agreement_page_form_refuses_without_parties_and_keeps_the_input(client_of, world, media):
    page = client_of("regional_admin").post(
        "/region/agreements/new/",
        {"number": "9", "signed_on": "2026-01-01", "starts_on": "2026-01-01", "ends_on": "2026-12-31",
         "subject": "Сотрудничество", "status": "draft", "document": upload("скан.pdf", PDF)},
    )  # fmt: skip
    assert page.status_code == 400
    html = page.content.decode()
    assert "хотя бы одну сторону соглашения" in html and 'value="9"' in html
    assert not Agreement.objects.filter(region=world.region).exists()


def test_the_road_map_refuses_overlapping_stages_through_the_api(client_of, world):
    admin = client_of("regional_admin")
    first = admin.put(
        "/api/v1/centre/roadmap/stages/organisational/",
        {"starts_on": "2026-01-01", "ends_on": "2026-06-30", "status": "completed"},
        content_type="application/json",
    )
    assert first.status_code == 200, first.content
    overlapping = admin.put(
        "/api/v1/centre/roadmap/stages/creative/",
        {"starts_on": "2026-06-01", "ends_on": "2027-05-31"},
        content_type="application/json",
    )
    assert overlapping.status_code == 400
    assert "пересекается" in overlapping.json()["starts_on"][0]
    centre = client_of("coordinator").get("/api/v1/centre/").json()
    assert [s["kind"] for s in centre["roadmap"]] == ["organisational"]
    assert centre["chain"]["centre"] == "Тестовый центр наставничества"


def test_todo_is_the_administrators_and_summary_the_staffs(client_of, centre):
    assert (
        client_of("regional_admin").get("/api/v1/centre/todo/").json()["agreements_expiring"][0]["number"]
        == "7-С"
    )
    assert client_of("analyst").get("/api/v1/centre/todo/").status_code == 403
    summary = client_of("analyst").get("/api/v1/centre/summary/").json()
    assert summary["practices_total"] >= summary["practices_from_partners"] >= 1
    assert {"label": "действует", "count": 1} in summary["agreements_by_status"]
    assert client_of("coordinator").get("/api/v1/centre/summary/").status_code == 403


def test_a_partner_practice_is_added_on_the_page(client_of, centre):
    page = client_of("regional_admin").post(
        "/region/practices/new/",
        {"partner": centre["partner"].pk, "title": "Проектные недели", "form": "employer_student",
         "subject": "physics", "topic": "профориентация", "description": "Недели проектов на предприятии."},
    )  # fmt: skip
    assert page.status_code == 302
    practice = PublishedPractice.objects.get(title="Проектные недели")
    assert practice.partner == centre["partner"] and practice.form_label == "работодатель – ученик"
