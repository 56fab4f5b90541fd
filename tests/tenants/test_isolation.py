"""Tenant isolation, the first security property: nobody sees a school they have no role in."""

import datetime

from django_tenants.utils import schema_context

from school_programs.models import Programme


def _programme_in(school, title):
    with schema_context(school.schema_name):
        return Programme.objects.create(
            title=title, start_date=datetime.date(2026, 9, 1), end_date=datetime.date(2027, 5, 31)
        )


def test_curator_of_school_a_sees_school_a(client_of, world):
    _programme_in(world.school_a, "Программа школы А")
    response = client_of("curator_a").get("/s/school-a/")
    assert response.status_code == 200
    assert "Программа школы А" in response.content.decode()


def test_curator_of_school_a_gets_404_for_every_page_of_school_b(client_of, world):
    _programme_in(world.school_b, "Тайная программа Б")
    client = client_of("curator_a")
    for url in ["/s/school-b/", "/s/school-b/anything/deeper/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Тайная программа Б" not in response.content.decode()


def test_curator_of_school_a_gets_404_for_the_api_of_school_b(client_of, world):
    _programme_in(world.school_b, "Тайная программа Б")
    client = client_of("curator_a")
    response = client.get("/api/v1/schools/school-b/programmes/")
    assert response.status_code == 404
    assert "Тайная" not in response.content.decode()
    response = client.post(
        "/api/v1/schools/school-b/programmes/",
        {"title": "Чужая", "start_date": "2026-09-01", "end_date": "2027-05-31"},
    )
    assert response.status_code == 404
    with schema_context(world.school_b.schema_name):
        assert not Programme.objects.filter(title="Чужая").exists()


def test_school_b_sees_nothing_of_school_a_through_its_own_api(client_of, world):
    _programme_in(world.school_a, "Программа школы А")
    response = client_of("curator_b").get("/api/v1/schools/school-b/programmes/")
    assert response.status_code == 200
    assert response.json() == []


def test_each_school_api_lists_only_its_own_rows(client_of, world):
    _programme_in(world.school_a, "А-программа")
    _programme_in(world.school_b, "Б-программа")
    assert [
        p["title"] for p in client_of("curator_a").get("/api/v1/schools/school-a/programmes/").json()
    ] == ["А-программа"]
    assert [
        p["title"] for p in client_of("curator_b").get("/api/v1/schools/school-b/programmes/").json()
    ] == ["Б-программа"]


def test_regional_staff_see_no_personal_data_of_any_school_by_default(client_of, world):
    _programme_in(world.school_a, "Программа школы А")
    for persona in ["regional_admin", "analyst", "coordinator", "point_consultant"]:
        client = client_of(persona)
        assert client.get("/s/school-a/").status_code == 404, persona
        assert client.get("/api/v1/schools/school-a/programmes/").status_code == 404, persona


def test_unknown_school_is_404_even_for_members_of_other_schools(client_of):
    assert client_of("curator_a").get("/s/no-such-school/").status_code == 404
    assert client_of("curator_a").get("/api/v1/schools/no-such-school/programmes/").status_code == 404


def test_anonymous_visitors_are_sent_to_login_and_refused_by_the_api(client, world):
    response = client.get("/s/school-a/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/s/school-a/")
    assert client.get("/api/v1/schools/school-a/programmes/").status_code in {401, 403}


def test_inactive_membership_gives_no_access(client_of, world):
    membership = world.users["mentor_a"].memberships.get()
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    assert client_of("mentor_a").get("/s/school-a/").status_code == 404


def test_archived_school_is_closed_to_its_own_members(client_of, world, monkeypatch):
    # The row goes back with the test's transaction; monkeypatch puts the shared object back too.
    monkeypatch.setattr(world.school_a, "status", "archived")
    world.school_a.save(update_fields=["status"])
    assert client_of("curator_a").get("/s/school-a/").status_code == 404
