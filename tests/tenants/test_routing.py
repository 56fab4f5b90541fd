import datetime

from django.db import connection
from django.urls import reverse
from django_tenants.utils import schema_context

from school_programs.models import Programme
from tenants.routing import school_reverse, school_slug_from_path


def test_school_slug_is_read_from_page_and_api_paths():
    assert school_slug_from_path("/s/school-a/") == "school-a"
    assert school_slug_from_path("/s/school-a") == "school-a"
    assert school_slug_from_path("/api/v1/schools/school-a/programmes/") == "school-a"
    assert school_slug_from_path("/region/") is None
    assert school_slug_from_path("/api/v1/me/") is None
    assert school_slug_from_path("/s/School_A/") is None


def test_school_urls_are_reversed_with_the_slug_written_in():
    assert school_reverse("school-a", "school:home") == "/s/school-a/"
    assert school_reverse("school-b", "school_api:programme-list") == "/api/v1/schools/school-b/programmes/"
    assert reverse("regional_center:home") == "/region/"


def test_a_school_request_runs_in_the_school_schema_and_leaves_public_behind(client_of, world):
    response = client_of("curator_a").post(
        "/api/v1/schools/school-a/programmes/",
        {"title": "Наставничество 2026/27", "start_date": "2026-09-01", "end_date": "2027-05-31"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert connection.schema_name == "public"
    with schema_context(world.school_a.schema_name):
        assert Programme.objects.filter(title="Наставничество 2026/27").exists()
    with schema_context(world.school_b.schema_name):
        assert not Programme.objects.filter(title="Наставничество 2026/27").exists()


def test_links_inside_a_school_page_stay_in_that_school(client_of, world):
    with schema_context(world.school_a.schema_name):
        Programme.objects.create(
            title="П", start_date=datetime.date(2026, 9, 1), end_date=datetime.date(2027, 6, 1)
        )
    html = client_of("curator_a").get("/s/school-a/").content.decode()
    assert "/s/school-b/" not in html


def test_api_write_is_validated_with_russian_messages(client_of):
    response = client_of("curator_a").post(
        "/api/v1/schools/school-a/programmes/",
        {"title": "Наоборот", "start_date": "2027-05-31", "end_date": "2026-09-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "позже даты начала" in response.json()["end_date"][0]


def test_only_curator_or_director_may_create_a_programme(client_of):
    response = client_of("mentor_a").post(
        "/api/v1/schools/school-a/programmes/",
        {"title": "Моя", "start_date": "2026-09-01", "end_date": "2027-05-31"},
        content_type="application/json",
    )
    assert response.status_code == 403
