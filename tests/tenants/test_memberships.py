import pytest
from django.db import IntegrityError, transaction

from tenants import access
from tenants.models import Membership, Role, User


def test_the_database_refuses_a_school_role_scoped_to_the_region(world):
    user = User.objects.create(username="someone", last_name="Некто", first_name="Тест")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.CURATOR, region=world.region)


def test_the_database_refuses_a_membership_with_two_scopes(world):
    user = User.objects.create(username="someone", last_name="Некто", first_name="Тест")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.CURATOR, school=world.school_a, region=world.region)


def test_the_same_role_in_the_same_scope_is_held_once(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=world.users["curator_a"], role=Role.CURATOR, school=world.school_a)


def test_region_scoped_roles_are_not_unique_by_accident(world):
    # A regional membership has NULL school/municipality: NULLs must still count as equal.
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=world.users["analyst"], role=Role.REGIONAL_ANALYST, region=world.region
        )


def test_school_roles_are_those_held_in_that_school_only(world):
    curator = world.users["curator_a"]
    assert access.school_roles(curator, world.school_a) == {Role.CURATOR}
    assert access.school_roles(curator, world.school_b) == set()
    assert access.school_roles(world.users["analyst"], world.school_a) == set()


def test_visible_schools_follow_the_scope(world):
    assert set(access.visible_schools(world.users["analyst"])) >= {world.school_a, world.school_b}
    assert list(access.visible_schools(world.users["coordinator"])) == [world.school_a]
    assert list(access.visible_schools(world.users["point_consultant"])) == [world.school_a]
    assert list(access.visible_schools(world.users["curator_b"])) == [world.school_b]


@pytest.mark.parametrize(
    ("persona", "home"),
    [
        ("regional_admin", "/region/"),
        ("analyst", "/analytics/region/"),  # issue 11: the analyst opens on the region's dashboard
        ("coordinator", "/analytics/municipalities/{municipality}/"),  # and the coordinator on theirs
        ("point_consultant", "/consultation-points/{point}/"),
        ("director_a", "/s/school-a/"),
        ("curator_a", "/s/school-a/"),
        ("mentor_a", "/s/school-a/"),
        ("curator_b", "/s/school-b/"),
    ],
)
def test_each_role_lands_on_its_home_page(client_of, world, persona, home):
    expected = home.format(municipality=world.municipality.pk, point=world.point.pk)
    client = client_of(persona)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == expected
    page = client.get(expected)
    assert page.status_code == 200
    assert 'lang="ru"' in page.content.decode()


def test_a_user_with_two_places_chooses_where_to_go(client_of, world):
    Membership.objects.create(user=world.users["curator_a"], role=Role.MENTOR, school=world.school_b)
    response = client_of("curator_a").get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/s/school-a/" in html and "/s/school-b/" in html


def test_municipal_coordinator_sees_own_municipality_only(client_of, world):
    client = client_of("coordinator")
    assert client.get(f"/municipalities/{world.municipality.pk}/").status_code == 200
    assert client.get(f"/municipalities/{world.other_municipality.pk}/").status_code == 404
    # The region's page (the centre's home, issue 9) is read-only for a coordinator ("centre.read").
    region_page = client.get("/region/")
    assert region_page.status_code == 200
    assert "Что сделать" not in region_page.content.decode()


def test_school_staff_do_not_see_the_regional_pages(client_of, world):
    # The role table refuses them (403); the scope checks of tenants/access.py come after it.
    client = client_of("curator_a")
    assert client.get("/region/").status_code == 403
    assert client.get(f"/municipalities/{world.municipality.pk}/").status_code == 403
    assert client.get(f"/consultation-points/{world.point.pk}/").status_code == 403


def test_regional_page_shows_the_network(client_of, world):
    html = client_of("analyst").get("/region/").content.decode()
    assert "Тестовый центр наставничества" in html
    assert "Городской округ Тестовск" in html


def test_deleting_a_user_from_public_never_reaches_into_school_schemas(world):
    """School rows link to users without a database foreign key; a delete must not try to cascade
    into tables that exist only in school schemas."""
    from django_tenants.utils import schema_context

    from school_programs.models import Participant

    user = User.objects.create(username="leaver", last_name="Уходящий", first_name="Тест")
    with schema_context(world.school_a.schema_name):
        person = Participant.objects.create(
            kind="teacher", last_name="Уходящий", first_name="Тест", user_id=user.pk
        )
    user_id = user.pk
    user.delete()
    assert not User.objects.filter(username="leaver").exists()
    with schema_context(world.school_a.schema_name):
        assert Participant.objects.filter(pk=person.pk, user_id=user_id).exists()
