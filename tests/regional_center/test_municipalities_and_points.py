"""Municipalities and consultation points: created and changed by the regional administrator's services."""

import pytest
from django.core.exceptions import ValidationError

from consultation_points.services.points import point_create, point_set_active, point_update
from regional_center.models import Municipality, Region
from regional_center.services.municipalities import municipality_create, municipality_update


def test_a_municipality_is_added_to_the_region(world):
    created = municipality_create(
        region=world.region,
        name=" Новый район ",
        kind=Municipality.Kind.MUNICIPAL_OKRUG,
        education_department="УО",
    )
    assert (created.name, created.region) == ("Новый район", world.region)


def test_a_municipality_name_is_unique_in_the_region_whatever_the_case(world):
    with pytest.raises(ValidationError) as error:
        municipality_create(
            region=world.region, name="дальний район", kind=Municipality.Kind.MUNICIPAL_DISTRICT
        )
    assert error.value.message_dict == {"name": ["Муниципалитет «дальний район» в регионе уже есть."]}
    other_region = Region.objects.create(name="Другая область")
    assert municipality_create(
        region=other_region, name="Дальний район", kind=Municipality.Kind.MUNICIPAL_DISTRICT
    )


def test_a_municipality_is_renamed_but_not_onto_another(world):
    municipality_update(municipality=world.other_municipality, name="Дальний муниципальный округ")
    world.other_municipality.refresh_from_db()
    assert world.other_municipality.name == "Дальний муниципальный округ"
    with pytest.raises(ValidationError, match="уже есть"):
        municipality_update(municipality=world.other_municipality, name="Городской округ Тестовск")


def test_an_unknown_kind_is_refused_on_its_field(world):
    with pytest.raises(ValidationError) as error:
        municipality_create(region=world.region, name="Х", kind="village")
    assert "kind" in error.value.message_dict


def test_a_consultation_point_has_its_card(world):
    point = point_create(
        municipality=world.other_municipality,
        name="КП Дальнего района",
        host_organisation="МБОУ «СОШ № 2»",
        address="ул. Школьная, 2",
        schedule="вт, чт 14:00–17:00",
        head_name="Иванова Анна Петровна",
        phone="+7 900 000-00-00",
        email="kp@example.test",
    )
    point.refresh_from_db()
    assert (point.host_organisation, point.schedule, point.head_name) == (
        "МБОУ «СОШ № 2»",
        "вт, чт 14:00–17:00",
        "Иванова Анна Петровна",
    )


def test_a_point_name_is_unique_in_its_municipality_and_an_email_is_checked(world):
    with pytest.raises(ValidationError, match="уже есть"):
        point_create(municipality=world.municipality, name="кп тестовска")
    with pytest.raises(ValidationError) as error:
        point_create(municipality=world.municipality, name="КП-2", email="не почта")
    assert "email" in error.value.message_dict


def test_a_point_does_not_move_to_another_region(world):
    elsewhere = Municipality.objects.create(region=Region.objects.create(name="Третья область"), name="Там")
    with pytest.raises(ValidationError, match="другого региона"):
        point_update(point=world.point, municipality=elsewhere)
    point_update(point=world.point, municipality=world.other_municipality, schedule="пн 10–12")
    world.point.refresh_from_db()
    assert world.point.municipality == world.other_municipality and world.point.schedule == "пн 10–12"


def test_a_point_is_archived_and_reopened_but_not_twice(world):
    point_set_active(point=world.point, active=False)
    world.point.refresh_from_db()
    assert not world.point.is_active
    with pytest.raises(ValidationError, match="уже в архиве"):
        point_set_active(point=world.point, active=False)
    point_set_active(point=world.point, active=True)
    with pytest.raises(ValidationError, match="работает"):
        point_set_active(point=world.point, active=True)
