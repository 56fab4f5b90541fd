"""API of people, grants, the grant log, invitations; and the participant card's account action
(school API). Every test also proves that school B sees nothing of school A."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from school_programs.models import Participant
from tenants.models import GrantLog, Invitation, Membership, Role, User
from tests.support import school as make
from tests.support.people import person, with_role

pytestmark = pytest.mark.django_db


def test_a_director_creates_a_curator_through_the_api(world, client_of, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_of("director_a").post(
            "/api/v1/people/",
            {
                "last_name": "Апиева",
                "first_name": "Ирина",
                "email": "apieva@example.test",
                "position": "учитель",
                "role": "curator",
                "scope": "school",
                "scope_id": world.school_a.pk,
            },
            content_type="application/json",
        )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["created"] is True and body["has_password"] is False
    assert [(m["role"], m["scope_name"]) for m in body["memberships"]] == [("curator", "Школа А")]
    assert body["invitation"]["state"] == "ждёт ответа"
    assert mail.outbox[-1].to == ["apieva@example.test"]


def test_the_api_refuses_a_role_outside_the_callers_places_in_russian(world, client_of):
    for persona, role, scope_id in [
        ("director_a", "curator", world.school_b.pk),
        ("curator_b", "mentor", world.school_a.pk),
    ]:
        answer = client_of(persona).post(
            "/api/v1/people/",
            {
                "last_name": "Х",
                "first_name": "Y",
                "email": "x@example.test",
                "role": role,
                "scope": "school",
                "scope_id": scope_id,
            },
            content_type="application/json",
        )
        assert answer.status_code in (400, 403)
    assert not User.objects.filter(email="x@example.test").exists()
    missing = client_of("director_a").post(
        "/api/v1/grants/",
        {
            "user": world.users["curator_b"].pk,
            "role": "mentor",
            "scope": "school",
            "scope_id": world.school_a.pk,
        },
        content_type="application/json",
    )
    assert missing.status_code == 400 and missing.json() == {"user": ["Человек не найден."]}


def test_people_list_and_card_are_scoped(world, client_of):
    in_b = person(last_name="Бэшкин")
    with_role(in_b, Role.MENTOR, school=world.school_b)
    names = {row["last_name"] for row in client_of("director_a").get("/api/v1/people/").json()["results"]}
    assert "Curator_A" in names and "Бэшкин" not in names and "Curator_B" not in names
    assert client_of("director_a").get(f"/api/v1/people/{in_b.pk}/").status_code == 404
    assert client_of("curator_b").get("/api/v1/people/").status_code == 403
    assert client_of("mentor_a").get("/api/v1/grants/log/").status_code == 403
    card = client_of("coordinator").get(f"/api/v1/people/{world.users['director_a'].pk}/").json()
    assert [m["role"] for m in card["memberships"]] == ["director"]


def test_grant_and_revoke_through_the_api_are_logged(world, client_of):
    target = person(last_name="Грантов")
    with_role(target, Role.MENTEE, school=world.school_a)
    director = client_of("director_a")
    granted = director.post(
        "/api/v1/grants/",
        {"user": target.pk, "role": "psychologist", "scope": "school", "scope_id": world.school_a.pk},
        content_type="application/json",
    )
    assert granted.status_code == 201
    refused = director.post(
        "/api/v1/grants/",
        {"user": target.pk, "role": "director", "scope": "school", "scope_id": world.school_a.pk},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["role"] == ["Вы не можете назначить роль «директор» в этом месте."]
    revoked = director.post(f"/api/v1/grants/{granted.json()['id']}/revoke/")
    assert revoked.status_code == 200 and revoked.json()["is_active"] is False
    log = director.get("/api/v1/grants/log/").json()["results"]
    mine = [(row["action"], row["role"]) for row in log if row["user_id"] == target.pk]
    assert mine == [("revoke", "psychologist"), ("grant", "psychologist")]
    assert client_of("curator_b").get("/api/v1/grants/log/").status_code == 403  # no people.read
    other = client_of("coordinator").get("/api/v1/grants/log/").json()["results"]
    assert {row["user_id"] for row in other} >= {target.pk}
    membership = Membership.objects.get(user=target, role=Role.MENTEE)
    assert client_of("curator_b").post(f"/api/v1/grants/{membership.pk}/revoke/").status_code == 403


def test_invitations_are_sent_again_and_listed(world, client_of, django_capture_on_commit_callbacks):
    target = person(email="again@example.test")
    with_role(target, Role.MENTOR, school=world.school_a)
    director = client_of("director_a")
    with django_capture_on_commit_callbacks(execute=True):
        first = director.post(f"/api/v1/people/{target.pk}/invitations/")
        second = director.post(f"/api/v1/people/{target.pk}/invitations/")
    assert first.status_code == second.status_code == 201
    assert [m.to for m in mail.outbox] == [["again@example.test"], ["again@example.test"]]
    pending = [row for row in director.get("/api/v1/invitations/").json() if row["user_id"] == target.pk]
    assert len(pending) == 1 and pending[0]["id"] == second.json()["id"]
    assert Invitation.objects.get(pk=first.json()["id"]).revoked_at is not None
    assert (
        client_of("regional_admin")
        .post(f"/api/v1/people/{world.users['regional_admin'].pk}/invitations/")
        .status_code
        == 403
    )


def test_deactivation_through_the_api(world, client_of):
    target = person()
    with_role(target, Role.MENTOR, school=world.school_a)
    answer = client_of("director_a").post(f"/api/v1/people/{target.pk}/deactivate/")
    assert answer.status_code == 200 and answer.json()["is_active"] is False
    again = client_of("director_a").post(f"/api/v1/people/{target.pk}/deactivate/")
    assert again.status_code == 400
    assert client_of("director_a").post(f"/api/v1/people/{target.pk}/reactivate/").json()["is_active"] is True


def test_the_staff_upload_api_answers_errors_by_row(world, client_of):
    content = (
        "ФИО;e-mail;роль;место\nПетров Пётр;petrov@example.test;директор;school-a\nОдин;x;директор;school-a\n"
    )
    upload = SimpleUploadedFile("staff.csv", content.encode(), content_type="text/csv")
    answer = client_of("regional_admin").post("/api/v1/people/import/", {"file": upload})
    assert answer.status_code == 400
    assert {(e["row"], e["column"]) for e in answer.json()["errors"]} == {(3, "ФИО"), (3, "e-mail")}
    assert not User.objects.filter(email="petrov@example.test").exists()
    good = SimpleUploadedFile(
        "staff.csv", content.splitlines()[0].encode() + b"\n" + content.splitlines()[1].encode()
    )
    created = client_of("regional_admin").post("/api/v1/people/import/", {"file": good})
    assert created.status_code == 201 and created.json()["created"] == 1


# --- The participant card: an account in one action -----------------------------------------------


@pytest.fixture
def teacher_in_a(world):
    with schema_context(world.school_a.schema_name):
        programme = make.programme()
        teacher = make.teacher("Учителева", email="uchiteleva@example.test")
        make.mentor(programme, teacher)
        student = make.student("Ученикова", email="")
        return teacher, student


def test_the_curator_gives_a_mentor_teacher_an_account(
    world, client_of, teacher_in_a, django_capture_on_commit_callbacks
):
    teacher, _ = teacher_in_a
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_of("curator_a").post(f"/api/v1/schools/school-a/participants/{teacher.pk}/account/")
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert (body["role"], body["created"], body["invitation_sent"]) == ("mentor", True, True)
    user = User.objects.get(pk=body["user_id"])
    assert Membership.objects.get(user=user).school == world.school_a
    assert GrantLog.objects.get(user=user).actor == world.users["curator_a"]
    with schema_context(world.school_a.schema_name):
        assert Participant.objects.get(pk=teacher.pk).user_id == user.pk
    assert mail.outbox[-1].to == ["uchiteleva@example.test"]
    again = client_of("curator_a").post(f"/api/v1/schools/school-a/participants/{teacher.pk}/account/")
    assert again.status_code == 400 and "уже есть учётная запись" in str(again.json())


def test_the_account_action_is_refused_in_russian_and_outside_the_school(world, client_of, teacher_in_a):
    teacher, student = teacher_in_a
    no_email = client_of("curator_a").post(f"/api/v1/schools/school-a/participants/{student.pk}/account/")
    assert no_email.status_code == 400
    assert no_email.json()["email"] == ["Укажите e-mail участника в карточке: на него придёт приглашение."]
    assert (
        client_of("mentor_a").post(f"/api/v1/schools/school-a/participants/{teacher.pk}/account/").status_code
        == 403
    )
    assert (
        client_of("curator_b")
        .post(f"/api/v1/schools/school-a/participants/{teacher.pk}/account/")
        .status_code
        == 404
    )
    # School B's URL with school A's participant: not found, nothing linked.
    assert (
        client_of("curator_b")
        .post(f"/api/v1/schools/school-b/participants/{teacher.pk}/account/")
        .status_code
        == 404
    )
    with schema_context(world.school_a.schema_name):
        assert Participant.objects.get(pk=teacher.pk).user_id is None


# --- Real answers against the OpenAPI schema ------------------------------------------------------


def test_the_answers_are_the_documented_ones(world, client_of, teacher_in_a):
    from tests.support.openapi import validate

    director = client_of("director_a")
    validate(director.get("/api/v1/people/", {"limit": 2}), path="/api/v1/people/", method="GET")
    created = director.post(
        "/api/v1/people/",
        {"last_name": "Схемова", "first_name": "Анна", "email": "schema@example.test", "role": "mentor",
         "scope": "school", "scope_id": world.school_a.pk},
        content_type="application/json",
    )  # fmt: skip
    validate(created, path="/api/v1/people/", method="POST")
    person_id = created.json()["id"]
    validate(director.get(f"/api/v1/people/{person_id}/"), path="/api/v1/people/{person_id}/", method="GET")
    refused = director.post(
        "/api/v1/grants/",
        {"user": person_id, "role": "director", "scope": "school", "scope_id": world.school_a.pk},
        content_type="application/json",
    )
    validate(refused, path="/api/v1/grants/", method="POST")
    validate(director.get("/api/v1/grants/log/"), path="/api/v1/grants/log/", method="GET")
    validate(director.get("/api/v1/invitations/"), path="/api/v1/invitations/", method="GET")
    validate(
        director.post(f"/api/v1/people/{person_id}/invitations/"),
        path="/api/v1/people/{person_id}/invitations/",
        method="POST",
    )
    validate(director.get("/api/v1/account/sessions/"), path="/api/v1/account/sessions/", method="GET")
    teacher, _ = teacher_in_a
    validate(
        client_of("curator_a").post(f"/api/v1/schools/school-a/participants/{teacher.pk}/account/"),
        path="/api/v1/schools/{school}/participants/{participant_id}/account/",
        method="POST",
    )


def test_contacts_are_changed_by_who_manages_the_person(world, client_of):
    target = person(last_name="Старая")
    with_role(target, Role.MENTOR, school=world.school_a)
    answer = client_of("director_a").patch(
        f"/api/v1/people/{target.pk}/",
        {"last_name": "Новая", "phone": "+7 900 000-00-01", "email": "taken@example.test"},
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["last_name"] == "Новая"
    person(email="other@example.test")
    clash = client_of("director_a").patch(
        f"/api/v1/people/{target.pk}/", {"email": "OTHER@example.test"}, content_type="application/json"
    )
    assert clash.status_code == 400 and "Человек с таким e-mail уже есть." in str(clash.json())
    assert (
        client_of("curator_b")
        .patch(f"/api/v1/people/{target.pk}/", {}, content_type="application/json")
        .status_code
        == 403
    )
    assert (
        client_of("coordinator")
        .patch(
            f"/api/v1/people/{world.users['regional_admin'].pk}/",
            {"last_name": "X"},
            content_type="application/json",
        )
        .status_code
        == 404
    )
