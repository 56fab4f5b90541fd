import datetime

from django_tenants.utils import schema_context

from school_programs.models import Programme, RoadmapItem


def _programme(world):
    from school_programs.services.programmes import programme_create

    with schema_context(world.school_a.schema_name):
        return programme_create(
            title="Наставничество 2026–2028",
            start_date=datetime.date(2026, 9, 1),
            end_date=datetime.date(2028, 5, 31),
            forms=["student_student", "teacher_teacher"],
        )


def test_curator_creates_a_programme_with_a_road_map_in_the_browser_forms(client_of, world):
    client = client_of("curator_a")
    response = client.post(
        "/s/school-a/programme/new/",
        {
            "title": "Программа 2026/27",
            "start_date": "2026-09-01",
            "end_date": "2027-05-31",
            "forms": ["student_student", "teacher_student"],
            "goals": "Повысить результаты",
        },
    )
    assert response.status_code == 302
    with schema_context(world.school_a.schema_name):
        programme = Programme.objects.get(title="Программа 2026/27")
        assert programme.forms == ["student_student", "teacher_student"]
        assert programme.roadmap.count() >= 7
    page = client.get(response["Location"]).content.decode()
    assert "Дорожная карта" in page
    assert "1. Подготовка условий для запуска программы" in page
    assert "ученик – ученик" in page


def test_a_programme_that_ends_before_it_starts_is_refused_on_the_form(client_of, world):
    response = client_of("curator_a").post(
        "/s/school-a/programme/new/",
        {
            "title": "Наоборот",
            "start_date": "2027-05-31",
            "end_date": "2026-09-01",
        },
    )
    assert response.status_code == 200
    assert "позже даты начала" in response.content.decode()
    with schema_context(world.school_a.schema_name):
        assert not Programme.objects.filter(title="Наоборот").exists()


def test_overdue_road_map_items_are_marked(client_of, world):
    programme = _programme(world)
    with schema_context(world.school_a.schema_name):
        item = programme.roadmap.order_by("order").first()
        item.deadline = datetime.date(2026, 9, 15)
        item.save()
    html = client_of("curator_a").get(f"/s/school-a/programme/?programme={programme.pk}").content.decode()
    assert "просрочено" in html
    home = client_of("director_a").get("/s/school-a/").content.decode()
    assert "Просроченные пункты дорожной карты" in home


def test_road_map_item_is_edited_inline_with_htmx(client_of, world):
    programme = _programme(world)
    with schema_context(world.school_a.schema_name):
        item = programme.roadmap.order_by("order").first()
    client = client_of("curator_a")
    form = client.get(f"/s/school-a/roadmap/{item.pk}/", HTTP_HX_REQUEST="true")
    assert "<form" in form.content.decode() and "<html" not in form.content.decode()
    row = client.post(
        f"/s/school-a/roadmap/{item.pk}/",
        {
            "activity": item.activity,
            "content": item.content,
            "deadline": "2026-09-30",
            "responsible": "куратор",
            "status": "done",
        },
        HTTP_HX_REQUEST="true",
    )
    assert row.status_code == 200
    assert "выполнено" in row.content.decode()
    with schema_context(world.school_a.schema_name):
        assert RoadmapItem.objects.get(pk=item.pk).status == "done"
    bad = client.post(
        f"/s/school-a/roadmap/{item.pk}/",
        {
            "activity": item.activity,
            "deadline": "2030-01-01",
            "responsible": "куратор",
            "status": "planned",
        },
        HTTP_HX_REQUEST="true",
    )
    assert "в пределах программы" in bad.content.decode()


def test_mentor_cannot_open_the_programme_pages(client_of, world):
    _programme(world)
    client = client_of("mentor_a")
    assert client.get("/s/school-a/programme/").status_code == 403
    assert client.get("/s/school-a/programme/new/").status_code == 403
    assert client.get("/s/school-a/").status_code == 200


def test_school_b_sees_nothing_of_school_a_programme(client_of, world):
    programme = _programme(world)
    client = client_of("curator_b")
    assert client.get("/s/school-a/programme/").status_code == 404
    assert client.get(f"/s/school-a/programme/{programme.pk}/edit/").status_code == 404
    assert "Наставничество 2026–2028" not in client.get("/s/school-b/programme/").content.decode()


def test_director_home_lists_orders_to_sign(client_of, world):
    programme = _programme(world)
    from school_programs.models import Order

    with schema_context(world.school_a.schema_name):
        Order.objects.create(
            programme=programme,
            kind=Order.Kind.REWARD_MENTORS,
            date=datetime.date(2026, 12, 20),
            title="О поощрении наставников",
        )
    html = client_of("director_a").get("/s/school-a/").content.decode()
    assert "Приказы на подпись" in html and "О поощрении наставников" in html
    assert "Приказы на подпись" not in client_of("curator_a").get("/s/school-a/").content.decode()


def test_role_models_are_editable_reference_data(client_of, world):
    from school_programs.models import RoleModel

    client = client_of("curator_a")
    page = client.get("/s/school-a/role-models/").content.decode()
    assert "успевающий – неуспевающий" in page
    response = client.post(
        "/s/school-a/role-models/new/",
        {
            "form": "student_student",
            "name": "Старший – младший",
            "goal": "Адаптация пятиклассников",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    duplicate = client.post(
        "/s/school-a/role-models/new/", {"form": "student_student", "name": "старший – младший"}
    )
    assert "уже есть" in duplicate.content.decode()
    with schema_context(world.school_a.schema_name):
        assert RoleModel.objects.filter(name="Старший – младший").count() == 1
    assert client_of("mentor_a").get("/s/school-a/role-models/new/").status_code == 403
    assert client_of("curator_b").get("/s/school-a/role-models/").status_code == 404
    assert "Старший – младший" not in client_of("curator_b").get("/s/school-b/role-models/").content.decode()
