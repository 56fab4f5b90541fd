"""The organisations API (/api/v1/organisations/…): schools, their year flags, archive and export,
onboarding by file, municipalities and consultation points — each as the role table says."""

import io

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from regional_center.models import Municipality, Region
from tenants.models import School
from tenants.services import onboarding
from tests.support.openapi import validate

API = "/api/v1/organisations/"


def _csv(*rows: str) -> SimpleUploadedFile:
    header = "код;полное наименование;краткое наименование;муниципалитет;тип;ШНОР;школа-партнёр\n"
    return SimpleUploadedFile("schools.csv", (header + "\n".join(rows) + "\n").encode(), "text/csv")


# --- Schools -------------------------------------------------------------------------------------


def test_the_regional_staff_list_every_school_of_the_region(client_of):
    response = client_of("analyst").get(API + "schools/")
    assert response.status_code == 200
    assert [s["slug"] for s in response.json()["results"]] == ["school-a", "school-b"]
    validate(response, path=API + "schools/", method="GET")


def test_a_coordinator_lists_only_their_municipality_and_gets_404_elsewhere(world, client_of):
    client = client_of("coordinator")
    assert [s["slug"] for s in client.get(API + "schools/").json()["results"]] == ["school-a"]
    assert client.get(f"{API}schools/{world.school_b.pk}/").status_code == 404
    assert client.get(f"{API}schools/{world.school_a.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ({"low_results": "true"}, ["school-b"]),
        ({"low_results": "false"}, ["school-a"]),
        ({"q": "школа б"}, ["school-b"]),
        ({"q": "school-a"}, ["school-a"]),
        ({"kind": "lyceum"}, []),
        ({"status": "archived"}, []),
    ],
)
def test_schools_are_searched_and_filtered(client_of, query, slugs):
    response = client_of("regional_admin").get(API + "schools/", query)
    assert [s["slug"] for s in response.json()["results"]] == slugs


def test_the_list_filters_by_municipality(world, client_of):
    response = client_of("regional_admin").get(
        API + "schools/", {"municipality": world.other_municipality.pk}
    )
    assert [s["slug"] for s in response.json()["results"]] == ["school-b"]


@pytest.mark.parametrize("persona", ["curator_a", "director_a", "point_consultant"])
def test_school_staff_and_consultants_may_not_read_the_region_s_schools(client_of, persona):
    assert client_of(persona).get(API + "schools/").status_code == 403


def test_anonymous_gets_401(client):
    assert client.get(API + "schools/").status_code == 401


def test_the_administrator_creates_a_school_with_its_year_flags(world, client_of):
    response = client_of("regional_admin").post(
        API + "schools/create/",
        {
            "slug": "api-school",
            "full_name": "МБОУ «Школа из API»",
            "short_name": "Из API",
            "municipality": world.municipality.pk,
            "low_results": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["low_results"] and body["status"] == "active"
    assert [(h["year_label"], h["low_results"]) for h in body["history"]] == [("2026/27", True)]
    assert body["history"][0]["set_by"] == world.users["regional_admin"].full_name
    validate(response, path=API + "schools/create/", method="POST")


def test_a_taken_slug_is_one_russian_error_on_the_slug(world, client_of):
    response = client_of("regional_admin").post(
        API + "schools/create/",
        {
            "slug": "school-a",
            "full_name": "Дубль",
            "short_name": "Дубль",
            "municipality": world.municipality.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"slug": ["Код «school-a» уже занят другой школой."]}


def test_a_school_cannot_be_created_in_another_region_s_municipality(client_of):
    elsewhere = Municipality.objects.create(
        region=Region.objects.create(name="Чужая область"), name="Чужой район"
    )
    response = client_of("regional_admin").post(
        API + "schools/create/",
        {"slug": "alien", "full_name": "Чужая", "short_name": "Чужая", "municipality": elsewhere.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "municipality" in response.json()
    assert not School.objects.filter(slug="alien").exists()


def test_the_analyst_reads_but_does_not_create(world, client_of):
    response = client_of("analyst").post(
        API + "schools/create/",
        {"slug": "nope", "full_name": "Н", "short_name": "Н", "municipality": world.municipality.pk},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_the_card_is_updated(world, client_of):
    response = client_of("regional_admin").patch(
        f"{API}schools/{world.school_a.pk}/update/",
        {"address": "ул. Ленина, 1"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["address"] == "ул. Ленина, 1"


def test_flags_are_set_per_year_and_listed(world, client_of):
    client = client_of("regional_admin")
    url = f"{API}schools/{world.school_a.pk}/flags/"
    client.post(
        url,
        {"start_year": 2025, "low_results": True, "partner_school": False},
        content_type="application/json",
    )
    response = client.post(
        url,
        {"start_year": 2026, "low_results": False, "partner_school": True, "reason": "Приказ № 1"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["partner_school"] and not body["low_results"]
    assert [(h["start_year"], h["low_results"], h["partner_school"]) for h in body["history"]] == [
        (2026, False, True),
        (2025, True, False),
    ]


def test_both_flags_at_once_are_refused_with_the_field(world, client_of):
    response = client_of("regional_admin").post(
        f"{API}schools/{world.school_a.pk}/flags/",
        {"start_year": 2026, "low_results": True, "partner_school": True},
        content_type="application/json",
    )
    assert response.status_code == 400 and "partner_school" in response.json()


def test_archive_then_unarchive(world, client_of):
    admin = client_of("regional_admin")
    response = admin.post(f"{API}schools/{world.school_a.pk}/archive/")
    assert response.status_code == 200 and response.json()["status"] == "archived"
    assert client_of("curator_a").get("/s/school-a/").status_code == 404
    assert admin.post(f"{API}schools/{world.school_a.pk}/archive/").status_code == 400
    assert admin.post(f"{API}schools/{world.school_a.pk}/unarchive/").json()["status"] == "active"
    assert client_of("curator_a").get("/s/school-a/").status_code == 200


def test_the_export_is_the_administrator_s_only(world, client_of):
    response = client_of("regional_admin").get(f"{API}schools/{world.school_a.pk}/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="nastavnik-school-a-')
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert "Оглавление" in book.sheetnames and len(book.sheetnames) > 20
    assert client_of("analyst").get(f"{API}schools/{world.school_a.pk}/export/").status_code == 403


# --- Onboarding ----------------------------------------------------------------------------------


def test_a_small_file_is_onboarded_at_once(world, client_of):
    response = client_of("regional_admin").post(
        API + "onboarding/",
        {
            "file": _csv(
                "up-1;МБОУ «СОШ № 1»;СОШ № 1;Городской округ Тестовск;школа;нет;да",
                "up-2;МБОУ «Лицей № 2»;Лицей № 2;Дальний район;лицей;да;нет",
            )
        },
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "job_id": None,
        "state": "done",
        "done": 2,
        "total": 2,
        "schools": ["up-1", "up-2"],
    }
    assert School.objects.get(slug="up-2").year_statuses.get().low_results


def test_a_wrong_row_creates_nothing_and_every_error_is_named(world, client_of):
    response = client_of("regional_admin").post(
        API + "onboarding/",
        {
            "file": _csv(
                "up-1;МБОУ «СОШ № 1»;СОШ № 1;Городской округ Тестовск;школа;нет;да",
                "school-a;Дубль;Дубль;Атлантида;школа;нет;нет",
            )
        },
    )
    assert response.status_code == 400
    texts = [e["text"] for e in response.json()["errors"]]
    assert "Строка 3, столбец «муниципалитет»: муниципалитет «Атлантида» не найден в регионе" in texts
    assert not School.objects.filter(slug="up-1").exists()
    validate(response, path=API + "onboarding/", method="POST")


def test_a_large_file_is_queued_after_commit_and_reports_its_progress(
    world, client_of, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(onboarding, "INLINE_LIMIT", 1)
    sent = []
    monkeypatch.setattr(
        onboarding.current_app, "send_task", lambda name, args, task_id: sent.append((name, args))
    )
    client = client_of("regional_admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            API + "onboarding/",
            {
                "file": _csv(
                    "big-1;МБОУ «СОШ № 1»;СОШ № 1;Городской округ Тестовск;школа;нет;нет",
                    "big-2;МБОУ «СОШ № 2»;СОШ № 2;Дальний район;школа;нет;нет",
                )
            },
        )
    assert response.status_code == 202
    job_id = response.json()["job_id"]
    assert sent == [(onboarding.TASK_NAME, [job_id])]
    assert not School.objects.filter(slug__startswith="big-").exists()
    assert client.get(f"{API}onboarding/{job_id}/").json()["state"] == "queued"

    onboarding.onboarding_job_run(job_id=job_id)  # the task's body (regional_center.tasks)

    job = client.get(f"{API}onboarding/{job_id}/").json()
    assert (job["state"], job["done"], job["total"], job["schools"]) == ("done", 2, 2, ["big-1", "big-2"])
    assert School.objects.filter(slug__startswith="big-").count() == 2
    assert client_of("analyst").get(f"{API}onboarding/{job_id}/").status_code == 403


def test_a_job_hit_by_a_transient_error_is_retried_without_recreating_its_schools(
    world, client_of, monkeypatch
):
    from django.db import OperationalError

    monkeypatch.setattr(onboarding, "INLINE_LIMIT", 1)
    monkeypatch.setattr(onboarding.current_app, "send_task", lambda *a, **k: None)
    response = client_of("regional_admin").post(
        API + "onboarding/",
        {
            "file": _csv(
                "retry-1;МБОУ «СОШ № 1»;СОШ № 1;Городской округ Тестовск;школа;нет;нет",
                "retry-2;МБОУ «СОШ № 2»;СОШ № 2;Дальний район;школа;нет;нет",
            )
        },
    )
    job_id = response.json()["job_id"]
    real_create = onboarding.school_create

    def database_gone_at_the_second(*, data, by=None):
        if data.slug == "retry-2":
            raise OperationalError("the server closed the connection")
        return real_create(data=data, by=by)

    monkeypatch.setattr(onboarding, "school_create", database_gone_at_the_second)
    with pytest.raises(OperationalError):
        onboarding.onboarding_job_run(job_id=job_id, last_attempt=False)
    job = onboarding.onboarding_job(job_id)
    assert (job["state"], job["done"], job["schools"]) == ("queued", 1, ["retry-1"])

    monkeypatch.setattr(onboarding, "school_create", real_create)
    job = onboarding.onboarding_job_run(job_id=job_id)  # the retry: retry-1 exists and is not refused

    assert (job["state"], job["done"], job["total"], job["schools"]) == ("done", 2, 2, ["retry-1", "retry-2"])
    assert School.objects.filter(slug__startswith="retry-").count() == 2


def test_a_queued_file_that_became_wrong_creates_nothing(world, client_of, monkeypatch):
    monkeypatch.setattr(onboarding, "INLINE_LIMIT", 1)
    monkeypatch.setattr(onboarding.current_app, "send_task", lambda *a, **k: None)
    frame = pd.DataFrame(
        [
            ["late-1", "МБОУ «А»", "А", "Городской округ Тестовск"],
            ["late-2", "МБОУ «Б»", "Б", "Дальний район"],
        ],
        columns=["код", "полное наименование", "краткое наименование", "муниципалитет"],
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    response = client_of("regional_admin").post(
        API + "onboarding/", {"file": SimpleUploadedFile("s.xlsx", buffer.getvalue())}
    )
    job_id = response.json()["job_id"]
    Municipality.objects.filter(pk=world.other_municipality.pk).update(name="Переименован")
    job = onboarding.onboarding_job_run(job_id=job_id)
    assert job["state"] == "failed"
    assert "муниципалитет «Дальний район» не найден" in job["errors"][0]["text"]
    assert not School.objects.filter(slug__startswith="late-").exists()


def test_another_region_s_administrator_cannot_see_a_job(world, client_of, monkeypatch):
    from tenants.models import Membership, Role, User

    monkeypatch.setattr(onboarding, "INLINE_LIMIT", 0)
    monkeypatch.setattr(onboarding.current_app, "send_task", lambda *a, **k: None)
    response = client_of("regional_admin").post(
        API + "onboarding/",
        {"file": _csv("j-1;МБОУ «СОШ № 1»;СОШ № 1;Городской округ Тестовск;школа;нет;нет")},
    )
    job_id = response.json()["job_id"]
    stranger = User.objects.create(username="other_admin", last_name="Чужой", first_name="Админ")
    Membership.objects.create(
        user=stranger, role=Role.REGIONAL_ADMIN, region=Region.objects.create(name="Иная")
    )
    from django.test import Client

    client = Client()
    client.force_login(stranger)
    assert client.get(f"{API}onboarding/{job_id}/").status_code == 404


# --- Municipalities and consultation points ------------------------------------------------------


def test_municipalities_are_listed_with_counts_and_created(world, client_of):
    admin = client_of("regional_admin")
    listed = {m["name"]: m for m in admin.get(API + "municipalities/").json()["results"]}
    assert listed["Дальний район"]["school_count"] == 1 and listed["Дальний район"]["low_results_count"] == 1
    response = admin.post(
        API + "municipalities/create/",
        {"name": "Новый округ", "kind": "municipal_okrug"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["school_count"] == 0
    duplicate = admin.post(
        API + "municipalities/create/",
        {"name": "новый округ", "kind": "municipal_okrug"},
        content_type="application/json",
    )
    assert duplicate.status_code == 400 and "name" in duplicate.json()


def test_a_coordinator_reads_their_municipality_but_does_not_edit_it(world, client_of):
    client = client_of("coordinator")
    assert [m["name"] for m in client.get(API + "municipalities/").json()["results"]] == [
        "Городской округ Тестовск"
    ]
    response = client.patch(
        f"{API}municipalities/{world.municipality.pk}/update/", {"name": "Х"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_a_consultation_point_is_created_changed_and_archived(world, client_of):
    admin = client_of("regional_admin")
    response = admin.post(
        API + "consultation-points/create/",
        {
            "municipality": world.other_municipality.pk,
            "name": "КП Дальнего района",
            "host_organisation": "МБОУ «Школа Б»",
            "schedule": "ср 15:00–18:00",
            "head_name": "Петрова Ольга Ивановна",
            "phone": "+7 900 000-00-01",
            "email": "kp2@example.test",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    point = response.json()
    validate(response, path=API + "consultation-points/create/", method="POST")
    changed = admin.patch(
        f"{API}consultation-points/{point['id']}/update/",
        {"address": "ул. Мира, 3"},
        content_type="application/json",
    )
    assert (
        changed.json()["address"] == "ул. Мира, 3" and changed.json()["head_name"] == "Петрова Ольга Ивановна"
    )
    archived = admin.post(f"{API}consultation-points/{point['id']}/archive/")
    assert archived.json()["is_active"] is False
    only_active = admin.get(API + "consultation-points/", {"is_active": "true"}).json()["results"]
    assert point["id"] not in [p["id"] for p in only_active]
    assert admin.post(f"{API}consultation-points/{point['id']}/reopen/").json()["is_active"] is True


def test_a_coordinator_elsewhere_does_not_see_the_point(world, client_of):
    from django.test import Client

    from tenants.models import Membership, Role, User

    user = User.objects.create(username="coord_far", last_name="Далёкий", first_name="К")
    Membership.objects.create(
        user=user, role=Role.MUNICIPAL_COORDINATOR, municipality=world.other_municipality
    )
    client = Client()
    client.force_login(user)
    assert client.get(f"{API}consultation-points/{world.point.pk}/").status_code == 404
    assert client.get(API + "consultation-points/").json()["results"] == []
