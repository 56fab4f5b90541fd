"""API of participants: list, create, card, update, consents, categories, parents, import."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context

from school_programs.models import Consent, Guardianship, Participant, SpecialDataAccess
from school_programs.models.choices import Category
from school_programs.services import imports
from tests.support import school as make

API = "/api/v1/schools/school-a"
API_B = "/api/v1/schools/school-b"
SIGNED = timezone.localdate() - datetime.timedelta(days=30)


def in_a(world):
    return schema_context(world.school_a.schema_name)


def test_the_list_is_filtered_and_paginated(world, client_of):
    with in_a(world):
        for n in range(55):
            make.student(f"Ученик{n:02d}", grade=7 if n % 2 else 8)
        make.teacher("Сидорова", consent=False)
    client = client_of("curator_a")
    page = client.get(f"{API}/participants/").json()
    assert page["count"] == 56 and len(page["results"]) == 50 and page["next"]
    assert client.get(f"{API}/participants/", {"offset": 50}).json()["results"][-1]["last_name"] == "Ученик54"
    teachers = client.get(f"{API}/participants/", {"kind": "teacher"}).json()
    assert [(p["last_name"], p["consent_state"]) for p in teachers["results"]] == [("Сидорова", "missing")]
    assert client.get(f"{API}/participants/", {"class_name": "7А"}).json()["count"] == 27
    bad = client.get(f"{API}/participants/", {"consent": "maybe"})
    assert bad.status_code == 400 and "consent" in bad.json()


def test_staff_create_a_participant_and_bad_input_is_a_400_in_russian(world, client_of):
    client = client_of("curator_a")
    bad = client.post(
        f"{API}/participants/",
        {"kind": "student", "last_name": "Иванов", "first_name": "Пётр", "grade": 12, "position": "директор"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    body = bad.json()
    assert body["birth_date"] == ["Укажите дату рождения обучающегося."]
    assert body["position"] == ["Это поле заполняется только для педагогов."]
    with in_a(world):
        assert not Participant.objects.filter(last_name="Иванов").exists()
    created = client.post(
        f"{API}/participants/",
        {
            "kind": "teacher",
            "last_name": "Сидорова",
            "first_name": "Ольга",
            "position": "учитель математики",
            "subjects": ["алгебра"],
            "qualification": "first",
            "is_methodist": True,
            "account": "mentor_a",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["subjects"] == ["алгебра"] and created.json()["is_methodist"] is True
    with in_a(world):
        assert Participant.objects.get(pk=created.json()["id"]).user_id == world.users["mentor_a"].pk
    assert client_of("mentor_a").post(f"{API}/participants/", {}).status_code == 403


def test_the_card_gives_special_categories_to_the_curator_only_and_logs_the_read(world, client_of):
    with in_a(world):
        programme = make.programme()
        me = make.teacher("Наставникова", user=world.users["mentor_a"])
        child = make.student("Орлов")
        mother = make.parent("Орлова", of=[child])
        make.consent(child, special=True, signed_on=SIGNED)
        child.categories.create(category=Category.PREVENTIVE_REGISTER)
        child.categories.create(category=Category.BEHAVIOUR)
        make.group(programme, make.mentor(programme, me), [make.mentee(programme, child)])
    card = client_of("curator_a").get(f"{API}/participants/{child.pk}/").json()
    assert card["special_categories"] == ["preventive_register"]
    assert card["categories"] == ["behaviour"]
    assert card["parents"] == [{"id": mother.pk, "full_name": mother.full_name, "class_name": ""}]
    assert {c["scope"] for c in card["consents"]} == {"personal_data", "special"}
    assert all(c["status"] == "valid" for c in card["consents"])
    with in_a(world):
        log = SpecialDataAccess.objects.get(participant=child)
    assert (log.user_id, log.where) == (world.users["curator_a"].pk, f"API {API}/participants/{child.pk}/")

    mentors_view = client_of("mentor_a").get(f"{API}/participants/{child.pk}/").json()
    assert mentors_view["categories"] == ["behaviour"]
    assert "special_categories" not in mentors_view and "consents" not in mentors_view
    with in_a(world):
        assert SpecialDataAccess.objects.filter(participant=child).count() == 1
    assert client_of("mentor_a").get(f"{API}/participants/{mother.pk}/").status_code == 404
    assert client_of("mentor_a").get(f"{API}/participants/").status_code == 403


def test_update_deactivate_and_the_kind_never_changes(world, client_of):
    with in_a(world):
        teacher = make.teacher("Сидорова")
    client = client_of("director_a")
    url = f"{API}/participants/{teacher.pk}/"
    changed = client.patch(url, {"experience_years": 7, "is_active": False}, content_type="application/json")
    assert changed.status_code == 200
    assert (changed.json()["experience_years"], changed.json()["is_active"]) == (7, False)
    refused = client.patch(url, {"grade": 7}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["grade"] == ["Это поле заполняется только для обучающихся."]
    with in_a(world):
        teacher.refresh_from_db()
    assert teacher.grade is None and teacher.experience_years == 7


def test_consents_are_recorded_and_withdrawn_through_the_api(world, client_of):
    with in_a(world):
        child = make.student("Петров", consent=False)
        mother = make.parent("Петрова", of=[child])
        stranger = make.parent("Чужая")
    client = client_of("curator_a")
    url = f"{API}/participants/{child.pk}/consents/"
    by_self = client.post(url, {"signed_on": SIGNED.isoformat()}, content_type="application/json")
    assert by_self.status_code == 400 and "несовершеннолетний" in by_self.json()["given_by"][0]
    by_stranger = client.post(
        url, {"signed_on": SIGNED.isoformat(), "representative": stranger.pk}, content_type="application/json"
    )
    assert "Чужая Родитель не связана с участником" in by_stranger.json()["representative"][0]
    electronic_special = client.post(
        url,
        {
            "signed_on": SIGNED.isoformat(),
            "representative": mother.pk,
            "scope": "special",
            "form": "electronic",
        },
        content_type="application/json",
    )
    assert "только письменно" in electronic_special.json()["form"][0]
    with in_a(world):
        assert not Consent.objects.filter(participant=child).exists()
    created = client.post(
        url, {"signed_on": SIGNED.isoformat(), "representative": mother.pk}, content_type="application/json"
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["given_by"], body["representative"], body["status"]) == (
        "representative",
        mother.pk,
        "valid",
    )

    withdraw = f"{API}/participants/{child.pk}/consents/{body['id']}/withdraw/"
    assert client.post(withdraw, {}, content_type="application/json").status_code == 400
    done = client.post(withdraw, {"reason": "заявление родителя"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"
    again = client.post(withdraw, {"reason": "ещё раз"}, content_type="application/json")
    assert again.status_code == 400 and "уже отозвано" in again.json()["withdrawn_on"][0]
    assert (
        client.get(f"{API}/participants/{child.pk}/")
        .json()["consent_problem"]
        .endswith("нет действующего согласия на обработку персональных данных.")
    )


def test_categories_are_set_and_a_special_one_needs_written_special_consent(world, client_of):
    with in_a(world):
        child = make.student("Орлов")
    client = client_of("curator_a")
    url = f"{API}/participants/{child.pk}/categories/"
    refused = client.put(url, {"categories": ["gifted", "disability"]}, content_type="application/json")
    assert refused.status_code == 400 and "специальных категорий" in refused.json()["categories"][0]
    with in_a(world):
        assert not child.categories.exists()
        make.consent(child, special=True, signed_on=SIGNED)
    accepted = client.put(url, {"categories": ["gifted", "disability"]}, content_type="application/json")
    assert accepted.json() == {"categories": ["disability", "gifted"]}
    assert client.put(url, {"categories": ["burnout"]}, content_type="application/json").status_code == 400


def test_parents_are_linked_and_unlinked(world, client_of):
    with in_a(world):
        child = make.student("Петров")
        mother = make.parent("Петрова")
        teacher = make.teacher("Учитель")
    client = client_of("curator_a")
    assert client.put(f"{API}/participants/{child.pk}/parents/{mother.pk}/").status_code == 204
    with in_a(world):
        assert Guardianship.objects.filter(parent=mother, child=child).exists()
    refused = client.put(f"{API}/participants/{child.pk}/parents/{teacher.pk}/")
    assert refused.status_code == 400 and "не родитель" in refused.json()["parent"][0]
    assert client.delete(f"{API}/participants/{child.pk}/parents/{mother.pk}/").status_code == 204
    assert client.delete(f"{API}/participants/{child.pk}/parents/{mother.pk}/").status_code == 400


def test_import_returns_counts_or_the_errors_per_row_and_writes_nothing_on_error(world, client_of):
    client = client_of("curator_a")
    broken = (
        "Код;Фамилия;Имя;Дата рождения;Класс\nS-1;Иванов;Пётр;31.02.2012;7А\nS-2;Петров;Иван;01.01.2013;7Щ\n"
    )
    response = client.post(
        f"{API}/participants/import/",
        {"kind": "student", "file": SimpleUploadedFile("s.csv", broken.encode())},
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "Дата рождения"), (3, "Класс")]
    assert (
        errors[0]["text"]
        == "Строка 2, столбец «Дата рождения»: «31.02.2012» — такой даты нет: в феврале 2012 года 29 дней"
    )
    with in_a(world):
        assert not Participant.objects.filter(external_id__in=["S-1", "S-2"]).exists()

    good = broken.replace("31.02.2012", "28.02.2012").replace("7Щ", "7Б")
    response = client.post(
        f"{API}/participants/import/", {"kind": "student", "file": SimpleUploadedFile("s.csv", good.encode())}
    )
    assert response.status_code == 200
    assert response.json() == {
        "kind": "student",
        "rows": 2,
        "created": 2,
        "updated": 0,
        "linked": 0,
        "ignored_columns": [],
    }
    again = client.post(
        f"{API}/participants/import/", {"kind": "student", "file": SimpleUploadedFile("s.csv", good.encode())}
    )
    assert (again.json()["created"], again.json()["updated"]) == (0, 2)
    template = client.get(f"{API}/participants/import/template/student/")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    assert client.get(f"{API}/participants/import/jobs/{'0' * 32}/").status_code == 404


def test_the_endpoints_are_in_the_openapi_schema(client, db):
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    prefix = "/api/v1/schools/{school}/participants"
    for suffix in (
        "/",
        "/{participant_id}/",
        "/{participant_id}/consents/",
        "/{participant_id}/consents/{consent_id}/withdraw/",
        "/{participant_id}/categories/",
        "/{child_id}/parents/{parent_id}/",
        "/import/",
        "/import/jobs/{job_id}/",
        "/import/template/{kind}/",
    ):
        assert prefix + suffix in paths, suffix


def test_school_b_sees_nothing_of_school_a(world, client_of):
    with in_a(world):
        child = make.student("Невидимкин")
        consent = child.consents.get()
    curator_b = client_of("curator_b")
    assert curator_b.get(f"{API}/participants/").status_code == 404
    assert curator_b.get(f"{API}/participants/{child.pk}/").status_code == 404
    assert (
        curator_b.patch(f"{API}/participants/{child.pk}/", {}, content_type="application/json").status_code
        == 404
    )
    assert curator_b.post(f"{API}/participants/{child.pk}/consents/{consent.pk}/withdraw/").status_code == 404
    assert curator_b.get(f"{API}/participants/import/template/student/").status_code == 404
    own = curator_b.get(f"{API_B}/participants/").json()
    assert all(p["last_name"] != "Невидимкин" for p in own["results"])
    assert curator_b.get(f"{API_B}/participants/{child.pk}/").status_code == 404


def test_filtering_by_a_special_category_logs_the_people_listed(world, client_of):
    with in_a(world):
        child = make.student("Орлов")
        make.consent(child, special=True, signed_on=SIGNED)
        child.categories.create(category=Category.DIFFICULT_SITUATION)
    listed = client_of("director_a").get(f"{API}/participants/", {"category": "difficult_situation"}).json()
    assert [p["id"] for p in listed["results"]] == [child.pk]
    with in_a(world):
        assert SpecialDataAccess.objects.filter(participant=child, action="list").count() == 1


def test_a_large_import_answers_202_with_a_job_to_poll(
    world, client_of, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(imports, "INLINE_LIMIT", 2)  # 300 rows in the product
    text = "Фамилия;Имя;Дата рождения;Класс\n" + "".join(f"Ученик{n};Имя;01.09.2012;7А\n" for n in range(3))
    client = client_of("curator_a")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(
            f"{API}/participants/import/",
            {"kind": "student", "file": SimpleUploadedFile("s.csv", text.encode())},
        )
    assert response.status_code == 202 and len(queued) == 1
    body = response.json()
    assert (body["state"], body["total"]) == ("queued", 3)
    polled = client.get(f"{API}/participants/import/jobs/{body['job']}/").json()
    assert polled["state"] == "queued"
    assert client_of("curator_b").get(f"{API_B}/participants/import/jobs/{body['job']}/").status_code == 404
