"""The organisations pages: what each role sees and may do, and the onboarding upload's two paths."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consultation_points.models import ConsultationPoint
from regional_center.models import Municipality, SchoolYearStatus
from tenants.models import School
from tenants.services import onboarding

HEADER = "код;полное наименование;краткое наименование;муниципалитет\n"


def test_the_list_filters_and_offers_writes_to_the_administrator_only(world, client_of):
    page = client_of("regional_admin").get("/organisations/schools/", {"low_results": "1"}).content.decode()
    assert "Школа Б" in page and "Школа А" not in page
    assert "Загрузить из файла" in page
    analyst_page = client_of("analyst").get("/organisations/schools/").content.decode()
    assert "Школа А" in analyst_page and "Загрузить из файла" not in analyst_page


def test_a_coordinator_sees_their_municipality_s_schools_only(world, client_of):
    page = client_of("coordinator").get("/organisations/schools/").content.decode()
    assert "Школа А" in page and "Школа Б" not in page
    assert client_of("coordinator").get(f"/organisations/schools/{world.school_b.pk}/").status_code == 404


def test_creating_a_school_from_the_page_shows_a_taken_code_under_its_field(world, client_of):
    response = client_of("regional_admin").post(
        "/organisations/schools/new/",
        {
            "slug": "school-a",
            "full_name": "МБОУ «Дубль»",
            "short_name": "Дубль",
            "municipality": world.municipality.pk,
            "kind": "school",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"slug": ["Код «school-a» уже занят другой школой."]}


def test_the_year_flags_form_keeps_history_on_the_page(world, client_of):
    client = client_of("regional_admin")
    response = client.post(
        f"/organisations/schools/{world.school_a.pk}/flags/",
        {"start_year": 2026, "partner_school": "on", "reason": "Приказ № 7"},
    )
    assert response.status_code == 302
    assert SchoolYearStatus.objects.get(school=world.school_a, start_year=2026).partner_school
    page = client.get(f"/organisations/schools/{world.school_a.pk}/").content.decode()
    assert "Приказ № 7" in page and "Regional_Admin Т." in page


def test_archiving_offers_the_export_first_then_archives(world, client_of):
    client = client_of("regional_admin")
    confirm = client.get(f"/organisations/schools/{world.school_a.pk}/archive/").content.decode()
    assert f"/organisations/schools/{world.school_a.pk}/export.xlsx" in confirm
    assert client.post(f"/organisations/schools/{world.school_a.pk}/archive/").status_code == 302
    assert School.objects.get(pk=world.school_a.pk).status == School.Status.ARCHIVED
    assert client_of("director_a").get("/s/school-a/").status_code == 404
    client.post(f"/organisations/schools/{world.school_a.pk}/unarchive/")
    assert client_of("director_a").get("/s/school-a/").status_code == 200


def test_an_upload_with_a_wrong_row_lists_the_rows_and_creates_nothing(world, client_of):
    upload = SimpleUploadedFile(
        "s.csv", (HEADER + "ok-1;МБОУ «А»;А;Дальний район\nok-2;МБОУ «Б»;;Нигде\n").encode(), "text/csv"
    )
    page = (
        client_of("regional_admin").post("/organisations/schools/upload/", {"file": upload}).content.decode()
    )
    assert "Строка 3, столбец «краткое наименование»: обязательное поле не заполнено" in page
    assert "Строка 3, столбец «муниципалитет»: муниципалитет «Нигде» не найден в регионе" in page
    assert not School.objects.filter(slug="ok-1").exists()


def test_a_large_upload_goes_to_a_job_page_that_htmx_polls(world, client_of, monkeypatch):
    monkeypatch.setattr(onboarding, "INLINE_LIMIT", 0)
    monkeypatch.setattr(onboarding.current_app, "send_task", lambda *a, **k: None)
    client = client_of("regional_admin")
    upload = SimpleUploadedFile("s.csv", (HEADER + "job-1;МБОУ «А»;А;Дальний район\n").encode(), "text/csv")
    response = client.post("/organisations/schools/upload/", {"file": upload})
    assert response.status_code == 302
    job_url = response["Location"]
    partial = client.get(job_url, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-state="queued"' in partial and 'hx-trigger="every 1s"' in partial
    onboarding.onboarding_job_run(job_id=job_url.rstrip("/").rsplit("/", 1)[1])
    partial = client.get(job_url, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-state="done"' in partial and "hx-trigger" not in partial and "Подключено школ: 1." in partial
    assert client_of("analyst").get(job_url).status_code == 403


@pytest.mark.parametrize("persona", ["analyst", "coordinator", "curator_a"])
def test_only_the_administrator_writes(world, client_of, persona):
    assert client_of(persona).get("/organisations/schools/new/").status_code == 403
    assert client_of(persona).post("/organisations/municipalities/new/", {"name": "Х"}).status_code == 403


def test_municipalities_and_points_are_added_from_their_pages(world, client_of):
    client = client_of("regional_admin")
    response = client.post(
        "/organisations/municipalities/new/", {"name": "Озёрный округ", "kind": "municipal_okrug"}
    )
    assert response.status_code == 302
    municipality = Municipality.objects.get(name="Озёрный округ")
    response = client.post(
        "/organisations/consultation-points/new/",
        {
            "municipality": municipality.pk,
            "name": "КП Озёрного",
            "host_organisation": "МБОУ «СОШ № 3»",
            "schedule": "пн 10:00–12:00",
            "head_name": "Сидорова И. И.",
            "phone": "+7 900 000-00-02",
            "email": "kp3@example.test",
        },
    )
    assert response.status_code == 302
    point = ConsultationPoint.objects.get(name="КП Озёрного")
    assert point.head_name == "Сидорова И. И."
    page = client.get("/organisations/consultation-points/").content.decode()
    assert "КП Озёрного" in page and "пн 10:00–12:00" in page and "kp3@example.test" in page
    client.post(f"/organisations/consultation-points/{point.pk}/archive/")
    point.refresh_from_db()
    assert not point.is_active
