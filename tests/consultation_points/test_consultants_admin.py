"""The regional centre's consultants: the list with this month's load, enrolment and the profile's edit,
through the pages and the API; coordinators read their points' consultants only."""

import pytest

from consultation_points.models import Consultant, ConsultationPoint
from consultation_points.services.requests import consultant_assign
from tenants.models import Membership, Role

pytestmark = pytest.mark.django_db

PROFILE = {
    "selected_on": "2026-05-01",
    "training_programme": "ДПП ПК «Методическое сопровождение» (72 ч)",
    "certificate": "№ 123 от 20.06.2026",
    "subjects": ["maths", "physics"],
    "deficit_areas": ["assessment"],
    "teacher_categories": ["subject"],
    "formats": ["online"],
    "monthly_capacity": 5,
    "active_from": "2026-09-01",
}


def test_the_administrator_enrols_a_new_person_through_the_page(world, client_of):
    response = client_of("regional_admin").post(
        "/consultations/consultants/new/",
        {
            **PROFILE,
            "last_name": "Новикова",
            "first_name": "Ольга",
            "email": "novikova@example.test",
            "points": [world.point.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()
    consultant = Consultant.objects.get(user__email="novikova@example.test")
    assert consultant.subjects == ["maths", "physics"] and consultant.monthly_capacity == 5
    assert list(consultant.points.all()) == [world.point]
    assert Membership.objects.filter(
        user=consultant.user, role=Role.CONSULTANT, consultation_point=world.point, is_active=True
    ).exists()
    page = client_of("regional_admin").get("/consultations/consultants/").content.decode()
    assert "Новикова" in page and "0 из 5" in page


def test_an_existing_account_becomes_the_consultant_without_a_second_account(world, client_of):
    person = world.users["mentor_a"]
    response = client_of("regional_admin").post(
        "/api/v1/consultations/consultants/create/",
        {
            **PROFILE,
            "last_name": "Х",
            "first_name": "Х",
            "email": person.email.upper(),
            "points": [world.point.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["full_name"] == person.full_name
    assert Consultant.objects.get(pk=response.json()["id"]).user == person


def test_bad_profiles_are_refused_in_russian_and_nothing_is_written(world, client_of):
    admin = client_of("regional_admin")
    before = Consultant.objects.count()
    response = admin.post(
        "/api/v1/consultations/consultants/create/",
        {
            **PROFILE,
            "active_to": "2026-08-01",
            "last_name": "Поздняя",
            "first_name": "Анна",
            "email": "late@example.test",
            "points": [world.point.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "раньше даты начала" in str(response.json())
    assert Consultant.objects.count() == before
    assert not Membership.objects.filter(user__email="late@example.test").exists()
    response = admin.post(
        "/consultations/consultants/new/",
        {**PROFILE, "last_name": "Б", "first_name": "Б", "email": "b@example.test", "points": []},
    )
    assert response.status_code == 200 and "Обязательное поле" in response.content.decode()
    response = admin.post(
        "/api/v1/consultations/consultants/create/",
        {**PROFILE, "last_name": "Б", "first_name": "Б", "email": "b@example.test", "points": [999999]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "Пункт не найден: 999999" in str(response.json())


def test_the_profile_is_edited_and_the_load_shown(world, client_of, make_consultant, make_request):
    consultant = make_consultant("Редактируемая", monthly_capacity=2)
    consultant_assign(
        request=make_request(), consultant=consultant, by=world.users["coordinator"], notify=False
    )
    admin = client_of("regional_admin")
    row = admin.get(f"/api/v1/consultations/consultants/{consultant.pk}/").json()
    assert (row["month_load"], row["monthly_capacity"]) == (1, 2)
    response = admin.patch(
        f"/api/v1/consultations/consultants/{consultant.pk}/update/",
        {"monthly_capacity": 6, "formats": ["in_person"]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    consultant.refresh_from_db()
    assert (consultant.monthly_capacity, consultant.formats) == (6, ["in_person"])
    response = admin.post(
        f"/consultations/consultants/{consultant.pk}/edit/",
        {**PROFILE, "monthly_capacity": 0, "points": [world.point.pk]},
    )
    assert response.status_code == 200  # the form shows the error; nothing saved
    consultant.refresh_from_db()
    assert consultant.monthly_capacity == 6


def test_who_sees_and_who_changes_consultants(world, client_of, make_consultant):
    here = make_consultant("Местная")
    elsewhere = ConsultationPoint.objects.create(municipality=world.other_municipality, name="КП другого")
    there = make_consultant("Чужая", points=[elsewhere])
    coordinator = client_of("coordinator")
    ids = {row["id"] for row in coordinator.get("/api/v1/consultations/consultants/").json()["results"]}
    assert here.pk in ids and there.pk not in ids
    assert coordinator.get(f"/api/v1/consultations/consultants/{there.pk}/").status_code == 404
    assert coordinator.get("/consultations/consultants/new/").status_code == 403
    assert (
        coordinator.patch(
            f"/api/v1/consultations/consultants/{here.pk}/update/", {}, content_type="application/json"
        ).status_code
        == 403
    )
    assert client_of("analyst").get("/consultations/consultants/new/").status_code == 403
    for persona in ("curator_a", "point_consultant", "mentor_a"):
        assert client_of(persona).get("/consultations/consultants/").status_code == 403, persona
    region = {
        row["id"] for row in client_of("analyst").get("/api/v1/consultations/consultants/").json()["results"]
    }
    assert {here.pk, there.pk} <= region
    filtered = client_of("analyst").get(f"/api/v1/consultations/consultants/?point={elsewhere.pk}").json()
    assert [row["id"] for row in filtered["results"]] == [there.pk]
