"""People: created with their first role, from a staff spreadsheet (all rows or none), deactivated
(never deleted); the people pages show each owner the people of their own places only."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from knox.models import AuthToken

from tenants.models import GrantLog, Invitation, Membership, Role, User
from tenants.services.people import (
    PersonData,
    people_import,
    person_create,
    person_deactivate,
    person_reactivate,
)
from tests.support.people import fresh, person, with_role

pytestmark = pytest.mark.django_db

BASE = "http://testserver/"


def data(**fields):
    fields.setdefault("last_name", "Зайцева")
    fields.setdefault("first_name", "Ольга")
    fields.setdefault("email", "zaitseva@example.test")
    return PersonData(**fields)


def test_a_director_creates_a_curator_who_gets_an_invitation(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = person_create(
            by=fresh(world, "director_a"),
            data=data(middle_name="Ивановна", phone="+7 900 111-22-33", position="заместитель директора"),
            role=Role.CURATOR,
            scope=world.school_a,
            base_url=BASE,
        )
    user = result.user
    assert result.created
    assert (user.full_name, user.username, user.phone, user.position) == (
        "Зайцева Ольга Ивановна",
        "zaitseva@example.test",
        "+7 900 111-22-33",
        "заместитель директора",
    )
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).role == Role.CURATOR
    assert Invitation.objects.filter(user=user).count() == 1
    assert mail.outbox[-1].to == ["zaitseva@example.test"]
    assert GrantLog.objects.get(user=user).actor == fresh(world, "director_a")


def test_nothing_is_created_when_the_role_is_not_the_callers_to_give(world):
    for persona, role, scope in [
        ("director_a", Role.CURATOR, world.school_b),
        ("director_a", Role.DIRECTOR, world.school_a),
        ("coordinator", Role.DIRECTOR, world.school_b),
        ("curator_a", Role.PSYCHOLOGIST, world.school_a),
    ]:
        with pytest.raises(ValidationError) as refused:
            person_create(by=fresh(world, persona), data=data(), role=role, scope=scope, base_url=BASE)
        assert "не можете назначить" in " ".join(refused.value.messages)
    assert not User.objects.filter(email="zaitseva@example.test").exists()
    # The demo region may be loaded beside the test world: only this test's person counts.
    assert not Invitation.objects.filter(user__email="zaitseva@example.test").exists()


def test_only_the_regional_administrator_creates_a_person_without_a_role(world):
    with pytest.raises(ValidationError, match="Укажите роль"):
        person_create(by=fresh(world, "director_a"), data=data(), base_url=BASE)
    result = person_create(by=fresh(world, "regional_admin"), data=data(), invite=False, base_url=BASE)
    assert result.created and not Membership.objects.filter(user=result.user).exists()


def test_an_existing_e_mail_gets_the_role_instead_of_a_second_account(world):
    existing = person(email="Known@Example.test", password="есть-пароль-123")
    result = person_create(
        by=fresh(world, "director_a"),
        data=data(email="known@example.test"),
        role=Role.PSYCHOLOGIST,
        scope=world.school_a,
        base_url=BASE,
    )
    assert result.user == existing and not result.created
    assert result.invitation is None  # they have a password already
    assert User.objects.filter(email__iexact="known@example.test").count() == 1


# --- Staff spreadsheet ---------------------------------------------------------------------------

HEADER = "ФИО;e-mail;телефон;должность;роль;место\n"


def csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode("utf-8")


def test_the_regional_administrator_uploads_the_directors_of_the_region(
    world, django_capture_on_commit_callbacks
):
    content = csv(
        "Петров Пётр Петрович;petrov@example.test;+7 900 1;директор;директор;school-a",
        "Сидорова Анна;sidorova@example.test;;директор;директор;Школа Б",
        "Козлов Иван;kozlov@example.test;;специалист;муниципальный координатор;"
        + world.other_municipality.name,
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = people_import(
            by=fresh(world, "regional_admin"), name="staff.csv", content=content, base_url=BASE
        )
    assert (len(result.created), result.granted, result.invited) == (3, 3, 3)
    petrov = User.objects.get(email="petrov@example.test")
    assert (petrov.last_name, petrov.middle_name, petrov.phone) == ("Петров", "Петрович", "+7 900 1")
    assert Membership.objects.get(user=petrov).school == world.school_a
    assert Membership.objects.get(user__email="sidorova@example.test").school == world.school_b
    assert Membership.objects.get(user__email="kozlov@example.test").municipality == world.other_municipality
    assert sorted(m.to[0] for m in mail.outbox) == [
        "kozlov@example.test",
        "petrov@example.test",
        "sidorova@example.test",
    ]
    # A second upload of the same file changes nothing.
    again = people_import(by=fresh(world, "regional_admin"), name="staff.csv", content=content, base_url=BASE)
    assert (len(again.created), again.granted, again.unchanged) == (0, 0, 3)


def test_one_wrong_row_and_nobody_is_created_every_error_named_by_row(world):
    content = csv(
        "Петров Пётр;petrov@example.test;;;директор;school-a",
        "Одинслово;bad-email;;;директор;school-a",
        "Сидорова Анна;sidorova@example.test;;;король;school-a",
        "Орлов Олег;orlov@example.test;;;директор;no-such-school",
        "Петров Пётр;petrov@example.test;;;директор;school-a",
    )
    with pytest.raises(ValidationError) as refused:
        people_import(by=fresh(world, "regional_admin"), name="staff.csv", content=content, base_url=BASE)
    errors = [(e.row, e.column) for e in refused.value.row_errors]
    assert (3, "ФИО") in errors and (3, "e-mail") in errors
    assert (4, "роль") in errors
    assert (5, "место") in errors
    assert (6, "") in errors  # repeats row 2
    assert "Строка 4, столбец «роль»: неизвестная роль «король»" in refused.value.messages
    assert not User.objects.filter(email__in=["petrov@example.test", "orlov@example.test"]).exists()


def test_a_coordinator_uploads_directors_of_their_own_municipality_only(world):
    content = csv(
        "Петров Пётр;petrov@example.test;;;директор;school-a",
        "Сидорова Анна;sidorova@example.test;;;директор;school-b",
        "Орлов Олег;orlov@example.test;;;куратор;school-a",
    )
    with pytest.raises(ValidationError) as refused:
        people_import(by=fresh(world, "coordinator"), name="staff.csv", content=content, base_url=BASE)
    assert [(e.row, e.column) for e in refused.value.row_errors] == [(3, "роль"), (4, "роль")]
    assert not User.objects.filter(email="petrov@example.test").exists()


def test_a_file_without_the_needed_columns_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        people_import(
            by=fresh(world, "regional_admin"),
            name="x.csv",
            content="Имя;почта\nА;б\n".encode(),
            base_url=BASE,
        )
    assert any("нет обязательных столбцов: ФИО, роль" in m for m in refused.value.messages)


# --- Deactivation --------------------------------------------------------------------------------


def test_deactivation_ends_sessions_tokens_and_log_in_but_keeps_the_account(world):
    teacher = person(email="teacher@example.test", password="пароль-учителя-1")
    with_role(teacher, Role.MENTOR, school=world.school_a)
    page = Client()
    assert (
        page.post("/login/", {"username": "teacher@example.test", "password": "пароль-учителя-1"}).status_code
        == 302
    )
    assert page.get("/account/").status_code == 200
    api = Client().post(
        "/api/v1/auth/token/", {"username": "teacher@example.test", "password": "пароль-учителя-1"}
    )
    token = api.json()["token"]
    assert Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200

    person_deactivate(by=fresh(world, "director_a"), person=teacher)

    teacher.refresh_from_db()
    assert teacher.is_active is False
    assert not AuthToken.objects.filter(user=teacher).exists()
    assert Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401
    assert page.get("/account/").status_code == 302  # the session is gone
    again = Client().post("/login/", {"username": "teacher@example.test", "password": "пароль-учителя-1"})
    assert again.status_code == 200
    assert User.objects.filter(pk=teacher.pk).exists()  # never deleted
    assert Membership.objects.get(user=teacher).is_active  # the role waits for reactivation
    person_reactivate(by=fresh(world, "director_a"), person=teacher)
    assert (
        Client()
        .post("/login/", {"username": "teacher@example.test", "password": "пароль-учителя-1"})
        .status_code
        == 302
    )


def test_nobody_deactivates_someone_with_a_role_they_could_not_take_back(world):
    analyst_and_mentor = person(last_name="Двойной")
    with_role(analyst_and_mentor, Role.MENTOR, school=world.school_a)
    with_role(analyst_and_mentor, Role.REGIONAL_ANALYST, region=world.region)
    with pytest.raises(ValidationError) as refused:
        person_deactivate(by=fresh(world, "director_a"), person=analyst_and_mentor)
    assert "Двойной" not in refused.value.messages[0]
    with pytest.raises(ValidationError, match="Свою учётную запись"):
        person_deactivate(by=fresh(world, "director_a"), person=fresh(world, "director_a"))
    person_deactivate(by=fresh(world, "regional_admin"), person=analyst_and_mentor)


# --- Pages ---------------------------------------------------------------------------------------


def test_each_owner_sees_the_people_of_their_own_places(world, client_of):
    in_b = person(last_name="Бэшкина")
    with_role(in_b, Role.MENTOR, school=world.school_b)
    director = client_of("director_a").get("/people/").content.decode()
    assert "Curator_A" in director and "Mentor_A" in director
    assert "Curator_B" not in director and "Бэшкина" not in director
    coordinator = client_of("coordinator").get("/people/").content.decode()
    assert "Director_A" in coordinator and "Бэшкина" not in coordinator
    admin = client_of("regional_admin").get("/people/?q=Бэшкина").content.decode()
    assert "Бэшкина" in admin
    assert client_of("director_a").get(f"/people/{in_b.pk}/").status_code == 404
    assert client_of("director_a").get(f"/people/{world.users['curator_b'].pk}/").status_code == 404
    assert client_of("curator_a").get("/people/").status_code == 403
    assert client_of("mentor_a").get("/people/log/").status_code == 403


def test_the_director_appoints_a_curator_on_the_page(world, client_of, django_capture_on_commit_callbacks):
    director = client_of("director_a")
    form = director.get("/people/new/").content.decode()
    assert f'value="school:{world.school_a.pk}"' in form
    assert f'value="school:{world.school_b.pk}"' not in form
    with django_capture_on_commit_callbacks(execute=True):
        answer = director.post(
            "/people/new/",
            {
                "last_name": "Новикова",
                "first_name": "Вера",
                "email": "novikova@example.test",
                "role": "curator",
                "place": f"school:{world.school_a.pk}",
                "invite": "on",
            },
        )
    user = User.objects.get(email="novikova@example.test")
    assert answer.status_code == 302 and answer.url == f"/people/{user.pk}/"
    assert mail.outbox[-1].to == ["novikova@example.test"]
    card = director.get(answer.url).content.decode()
    assert "куратор — Школа А" in card
    # A place outside the director's is refused by the form, without saying whether it exists.
    refused = director.post(
        "/people/new/",
        {
            "last_name": "Х",
            "first_name": "Y",
            "email": "x@example.test",
            "role": "curator",
            "place": f"school:{world.school_b.pk}",
        },
    )
    assert refused.status_code == 200 and "Выберите корректный вариант" in refused.content.decode()
    assert not User.objects.filter(email="x@example.test").exists()


def test_the_grant_log_page_lists_who_gave_what_to_whom(world, client_of):
    director = client_of("director_a")
    target = person(last_name="Логова")
    with_role(target, Role.MENTEE, school=world.school_a)
    director.post(f"/people/{target.pk}/grant/", {"role": "mentor", "place": f"school:{world.school_a.pk}"})
    membership = Membership.objects.get(user=target, role=Role.MENTOR)
    director.post(f"/people/roles/{membership.pk}/revoke/")
    page = director.get("/people/log/").content.decode()
    assert "назначена роль: наставник" in page and "снята роль: наставник" in page and "Логова" in page
    assert "Логова" not in client_of("curator_b").get("/people/log/").content.decode()


def test_the_people_pages_speak_of_a_person_in_their_gender(world, client_of):
    invited = person(last_name="Зайцева", middle_name="Ивановна")
    invited.set_unusable_password()
    invited.save()
    with_role(invited, Role.MENTOR, school=world.school_a)
    listing = client_of("director_a").get("/people/?q=Зайцева").content.decode()
    assert "приглашена" in listing and "приглашён(а)" not in listing
    card = client_of("director_a").get(f"/people/{invited.pk}/").content.decode()
    assert "не входила" in card and "не входил(а)" not in card
