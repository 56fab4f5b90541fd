def _create(client, **extra):
    body = {
        "title": "Программа",
        "start_date": "2026-09-01",
        "end_date": "2027-05-31",
        "forms": ["student_student"],
        **extra,
    }
    return client.post("/api/v1/schools/school-a/programmes/", body, content_type="application/json")


def test_programme_is_created_with_its_road_map_through_the_api(client_of):
    client = client_of("curator_a")
    response = _create(client)
    assert response.status_code == 201, response.content
    programme_id = response.json()["id"]
    roadmap = client.get(f"/api/v1/schools/school-a/programmes/{programme_id}/roadmap/").json()
    assert len(roadmap) >= 7
    assert roadmap[0]["stage_display"].startswith("1. Подготовка")
    detail = client.get(f"/api/v1/schools/school-a/programmes/{programme_id}/").json()
    assert detail["summary"]["groups_active"] == 0


def test_unknown_form_and_bad_dates_are_400_in_russian(client_of):
    client = client_of("curator_a")
    response = _create(client, forms=["nonsense"])
    assert response.status_code == 400
    response = _create(client, end_date="2026-01-01")
    assert response.status_code == 400
    assert "позже даты начала" in response.json()["end_date"][0]


def test_road_map_item_update_checks_the_period(client_of):
    client = client_of("curator_a")
    programme_id = _create(client).json()["id"]
    item = client.get(f"/api/v1/schools/school-a/programmes/{programme_id}/roadmap/").json()[0]
    response = client.patch(
        f"/api/v1/schools/school-a/roadmap/{item['id']}/",
        {"deadline": "2031-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "в пределах программы" in response.json()["deadline"][0]
    response = client.patch(
        f"/api/v1/schools/school-a/roadmap/{item['id']}/", {"status": "done"}, content_type="application/json"
    )
    assert response.json()["status"] == "done" and response.json()["done_on"]


def test_mentor_reads_no_road_map_and_school_b_sees_nothing(client_of):
    programme_id = _create(client_of("curator_a")).json()["id"]
    assert (
        client_of("mentor_a").get(f"/api/v1/schools/school-a/programmes/{programme_id}/roadmap/").status_code
        == 403
    )
    client_b = client_of("curator_b")
    assert client_b.get(f"/api/v1/schools/school-a/programmes/{programme_id}/").status_code == 404
    assert client_b.get("/api/v1/schools/school-b/programmes/").json() == []


def test_role_models_through_the_api(client_of):
    client = client_of("curator_a")
    names = [rm["name"] for rm in client.get("/api/v1/schools/school-a/role-models/").json()]
    assert "опытный учитель – молодой специалист" in names
    body = {"form": "teacher_teacher", "name": "Наставник-методист – учитель", "goal": ""}
    created = client.post("/api/v1/schools/school-a/role-models/", body, content_type="application/json")
    assert created.status_code == 201
    again = client.post("/api/v1/schools/school-a/role-models/", body, content_type="application/json")
    assert again.status_code == 400 and "уже есть" in again.json()["name"][0]
    assert (
        client_of("mentor_a")
        .post("/api/v1/schools/school-a/role-models/", body, content_type="application/json")
        .status_code
        == 403
    )
    assert "Наставник-методист – учитель" not in str(
        client_of("curator_b").get("/api/v1/schools/school-b/role-models/").json()
    )
