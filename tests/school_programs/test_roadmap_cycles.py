"""The road map of a multi-year programme repeats its stages every school year (seed 001 §9), the
curator adds, moves and removes its lines, and the programme selectors name period and status."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from school_programs.models import Programme, RoadmapItem, Stage
from school_programs.selectors.programmes import current_programme
from school_programs.services.programmes import programme_create
from school_programs.services.roadmap import roadmap_item_create, roadmap_item_delete, roadmap_item_move
from tests.support import school as make

API = "/api/v1/schools/school-a/"


def _seed_programme() -> Programme:
    """The seed's four-year programme of МОУ СОШ № 14 (2024–2028)."""
    return programme_create(
        title="Целевая модель наставничества 2024–2028",
        start_date=datetime.date(2024, 9, 1),
        end_date=datetime.date(2028, 12, 31),
        forms=["student_student", "teacher_teacher"],
    )


def test_a_four_year_programme_repeats_the_yearly_stages_every_school_year(in_school_a):
    programme = _seed_programme()
    items = list(programme.roadmap.order_by("order"))
    informing = [i.deadline for i in items if i.activity.startswith("Информирование")]
    # «Август-сентябрь 2024-2028гг.»: once at the start of each of the five school years it touches.
    assert informing == [datetime.date(year, 10, 31) for year in range(2024, 2029)]
    decision = [i for i in items if i.activity.startswith("Изучение и систематизация")]
    assert len(decision) == 1 and decision[0].deadline == datetime.date(2024, 9, 30)
    for stage in Stage.values[1:]:
        years = {i.deadline.year for i in items if i.stage == stage}
        assert years >= {2025, 2026, 2027, 2028}, stage
    reports = [i.deadline for i in items if i.activity.startswith("Отчёты по итогам")]
    assert reports == [datetime.date(y, 8, 31) for y in (2025, 2026, 2027, 2028)] + [programme.end_date]
    assert all(programme.start_date <= i.deadline <= programme.end_date for i in items)
    assert [i.order for i in items] == list(range(1, len(items) + 1))


def test_a_one_year_programme_keeps_one_cycle(in_school_a):
    programme = programme_create(
        title="Год", start_date=datetime.date(2026, 9, 1), end_date=datetime.date(2027, 5, 31)
    )
    assert programme.cycles() == [(programme.start_date, programme.end_date)]
    assert programme.roadmap.count() == 13


def test_the_curator_adds_moves_and_removes_lines_of_a_stage(in_school_a):
    programme = programme_create(
        title="Год", start_date=datetime.date(2026, 9, 1), end_date=datetime.date(2027, 5, 31)
    )
    added = roadmap_item_create(
        programme=programme,
        stage=Stage.SELECTION,
        activity="Семинар для наставников",
        deadline=datetime.date(2026, 10, 15),
        responsible="куратор",
    )
    selection = list(programme.roadmap.filter(stage=Stage.SELECTION).order_by("order"))
    assert selection[-1] == added
    # The lines of later stages were moved down, not mixed with the new one.
    pairing = programme.roadmap.filter(stage=Stage.PAIRING).order_by("order").first()
    assert pairing.order == added.order + 1
    roadmap_item_move(item=added, direction="up")
    selection = list(programme.roadmap.filter(stage=Stage.SELECTION).order_by("order"))
    assert selection[-2] == added
    with pytest.raises(ValidationError, match="первый"):
        first = selection[0]
        roadmap_item_move(item=first, direction="up")
    with pytest.raises(ValidationError, match="в пределах программы"):
        roadmap_item_create(
            programme=programme,
            stage=Stage.WORK,
            activity="Слишком поздно",
            deadline=datetime.date(2027, 8, 1),
            responsible="куратор",
        )
    roadmap_item_delete(item=added)
    assert not RoadmapItem.objects.filter(pk=added.pk).exists()
    done = programme.roadmap.first()
    done.status = RoadmapItem.Status.DONE
    done.save()
    with pytest.raises(ValidationError, match="удалить нельзя"):
        roadmap_item_delete(item=done)


def test_the_api_adds_moves_and_deletes_road_map_lines(client_of, world):
    curator = client_of("curator_a")
    with schema_context(world.school_a.schema_name):
        programme = make.programme()
        from school_programs.services.roadmap import roadmap_generate

        roadmap_generate(programme=programme)
    url = API + f"programmes/{programme.pk}/roadmap/"
    body = {
        "stage": "work",
        "activity": "Фестиваль наставнических пар",
        "deadline": "2027-04-20",
        "responsible": "куратор",
    }
    created = curator.post(url, body, content_type="application/json")
    assert created.status_code == 201, created.content
    item = created.json()
    assert item["stage_display"].startswith("6.")
    late = curator.post(url, {**body, "deadline": "2027-07-01"}, content_type="application/json")
    assert late.status_code == 400 and "в пределах программы" in late.json()["deadline"][0]
    moved = curator.patch(
        API + f"roadmap/{item['id']}/",
        {"move": "up", "deadline": "2027-03-01"},
        content_type="application/json",
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["order"] < item["order"] and moved.json()["deadline"] == "2027-03-01"
    assert client_of("mentor_a").delete(API + f"roadmap/{item['id']}/").status_code == 403
    assert client_of("curator_b").delete(API + f"roadmap/{item['id']}/").status_code == 404
    assert curator.delete(API + f"roadmap/{item['id']}/").status_code == 204
    assert all(line["id"] != item["id"] for line in curator.get(url).json())


def test_the_page_adds_moves_and_removes_a_line(client_of, world):
    curator = client_of("curator_a")
    with schema_context(world.school_a.schema_name):
        programme = _seed_programme()
    response = curator.post(
        f"/s/school-a/programme/{programme.pk}/roadmap/new/",
        {
            "stage": "completion",
            "activity": "Итоговая конференция",
            "deadline": "2028-12-20",
            "responsible": "директор",
        },
    )
    assert response.status_code == 302
    with schema_context(world.school_a.schema_name):
        item = programme.roadmap.get(activity="Итоговая конференция")
        last_before = programme.roadmap.filter(stage="completion").order_by("-order")[1]
    page = curator.get(f"/s/school-a/programme/?programme={programme.pk}").content.decode()
    assert "Итоговая конференция" in page and "2026/27 уч. г." in page
    curator.post(f"/s/school-a/roadmap/{item.pk}/move/", {"direction": "up"})
    with schema_context(world.school_a.schema_name):
        item.refresh_from_db()
        assert item.order == last_before.order
    curator.post(f"/s/school-a/roadmap/{item.pk}/delete/")
    with schema_context(world.school_a.schema_name):
        assert not programme.roadmap.filter(activity="Итоговая конференция").exists()


def test_pages_default_to_the_programme_running_today_and_name_period_and_status(client_of, world):
    with schema_context(world.school_a.schema_name):
        running = make.programme(title="Наставничество", status=Programme.Status.ACTIVE)
        make.programme(
            title="Наставничество",
            start_date=datetime.date(2027, 9, 1),
            end_date=datetime.date(2028, 5, 31),
        )
        assert current_programme() == running
    page = client_of("curator_a").get("/s/school-a/programme/").content.decode()
    assert (
        f'<option value="{running.pk}" selected>Наставничество (01.09.2026 – 31.05.2027, реализуется)' in page
    )
    assert "(01.09.2027 – 31.05.2028, подготовка)" in page
