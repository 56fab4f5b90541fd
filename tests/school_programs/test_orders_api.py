"""API of the director's orders: drafting each kind, editing, signing by the director, Russian 400s with
nothing written, document downloads, the OpenAPI schema, isolation of schools."""

from __future__ import annotations

import datetime

from django_tenants.utils import schema_context

from school_programs.documents.response import DOCX
from school_programs.models import MentoringGroup, MentorRelease, MentorReward, Order
from school_programs.services.orders import order_draft_fix_groups, order_sign
from tests.school_programs.test_orders_services import DAY, build_programme

API = "/api/v1/schools/school-a"


def _in_a(world, build):
    with schema_context(world.school_a.schema_name):
        return build()


def test_the_curator_drafts_a_fixing_order_and_reads_its_appendix(world, client_of):
    setting = _in_a(world, build_programme)
    curator = client_of("curator_a")
    response = curator.post(
        f"{API}/orders/fix-groups/",
        {
            "programme": setting.programme.pk,
            "groups": [setting.group.pk, setting.pair.pk],
            "date": "2026-10-05",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "fix_groups" and body["status"] == "draft" and body["number"] == ""
    assert "ПРИКАЗЫВАЮ:" in body["body"]
    assert [row[1] for row in body["appendix"]["rows"]] == [
        "Иванов Иван Иванович, учитель математики",
        "Смирнов Олег, 10Б класс",
    ]
    assert {person["full_name"] for person in body["acquaintances"]} == {
        "Иванов Иван Иванович",
        "Смирнов Олег",
    }

    listing = curator.get(f"{API}/orders/", {"kind": "fix_groups"}).json()
    assert listing["count"] == 1 and listing["results"][0]["id"] == body["id"]
    assert (
        curator.get(f"{API}/orders/{body['id']}/").json()["title"]
        == "О закреплении наставнических пар / групп"
    )


def test_each_kind_of_order_is_drafted_through_the_api(world, client_of):
    def build():
        setting = build_programme()
        release = MentorRelease.objects.create(
            group=setting.group,
            reason=MentorRelease.Reason.APPLICATION,
            released_on=datetime.date(2027, 1, 10),
        )
        reward = MentorReward.objects.create(
            mentor=setting.student_mentor,
            kind=MentorReward.Kind.GRATITUDE_LETTER,
            awarded_on=datetime.date(2027, 5, 1),
        )
        return setting, release, reward

    setting, release, reward = _in_a(world, build)
    curator = client_of("curator_a")
    approve = curator.post(
        f"{API}/orders/approve-programme/",
        {"programme": setting.programme.pk, "curators": [setting.curator.pk], "date": "2026-09-01"},
        content_type="application/json",
    )
    assert approve.status_code == 201
    assert "Кураторова Анна Петровна, заместитель директора по УВР" in approve.json()["body"]
    released = curator.post(
        f"{API}/orders/release-mentor/",
        {"releases": [release.pk], "date": "2027-01-11"},
        content_type="application/json",
    )
    assert released.status_code == 201
    assert "Иванов Иван Иванович" in released.json()["body"]
    rewarded = curator.post(
        f"{API}/orders/reward-mentors/",
        {"rewards": [reward.pk], "date": "2027-05-02"},
        content_type="application/json",
    )
    assert rewarded.status_code == 201
    assert rewarded.json()["appendix"]["rows"][0][1:4] == [
        "Смирнов Олег",
        "10Б класс",
        "благодарственное письмо",
    ]
    assert curator.get(f"{API}/orders/", {"status": "draft"}).json()["count"] == 3


def test_bad_drafts_get_russian_400s_and_nothing_is_written(world, client_of):
    def build():
        setting = build_programme()
        order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)
        return setting

    setting = _in_a(world, build)
    curator = client_of("curator_a")
    empty = curator.post(
        f"{API}/orders/fix-groups/",
        {"programme": setting.programme.pk, "groups": [], "date": "2026-10-05"},
        content_type="application/json",
    )
    assert empty.status_code == 400
    assert empty.json() == {"groups": ["Выберите хотя бы одну наставническую пару / группу."]}
    taken = curator.post(
        f"{API}/orders/fix-groups/",
        {
            "programme": setting.programme.pk,
            "groups": [setting.group.pk, setting.pair.pk],
            "date": "2026-10-05",
        },
        content_type="application/json",
    )
    assert taken.status_code == 400
    assert taken.json() == {
        "groups": ["Пара / группа Смирнов О. (ученик – ученик) уже включена в другой приказ."]
    }
    student = curator.post(
        f"{API}/orders/approve-programme/",
        {
            "programme": setting.programme.pk,
            "curators": [setting.kozlova.participant_id],
            "date": "2026-09-01",
        },
        content_type="application/json",
    )
    assert student.status_code == 400
    assert "Куратором может быть только сотрудник школы" in student.json()["curators"][0]
    missing = curator.post(
        f"{API}/orders/release-mentor/", {"releases": [999999]}, content_type="application/json"
    )
    assert missing.status_code == 400
    assert missing.json()["date"] == ["Обязательное поле."]
    assert missing.json()["releases"] == ["Объект не найден."]
    with schema_context(world.school_a.schema_name):
        assert Order.objects.count() == 1
        assert MentoringGroup.objects.get(pk=setting.group.pk).fixing_order_id is None
        assert not setting.programme.curators.exists()


def test_only_the_director_signs_and_numbers_are_unique_within_a_year(world, client_of):
    def build():
        setting = build_programme()
        earlier = order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)
        order_sign(order=earlier, number="14", signed_on=datetime.date(2026, 10, 2))
        return order_draft_fix_groups(programme=setting.programme, groups=[setting.group], date=DAY)

    order = _in_a(world, build)
    url = f"{API}/orders/{order.pk}/sign/"
    denied = client_of("curator_a").post(
        url, {"number": "15", "signed_on": "2026-10-06"}, content_type="application/json"
    )
    assert denied.status_code == 403
    director = client_of("director_a")
    duplicate = director.post(
        url, {"number": "14", "signed_on": "2026-10-06"}, content_type="application/json"
    )
    assert duplicate.status_code == 400
    assert duplicate.json() == {"number": ["Приказ № 14 уже есть в 2026 году."]}
    no_date = director.post(url, {"number": "15"}, content_type="application/json")
    assert no_date.status_code == 400 and no_date.json() == {"signed_on": ["Обязательное поле."]}
    with schema_context(world.school_a.schema_name):
        order.refresh_from_db()
    assert order.status == "draft" and order.number == ""

    next_year = director.post(
        url, {"number": "14", "signed_on": "2027-01-12"}, content_type="application/json"
    )
    assert next_year.status_code == 200
    assert next_year.json()["status"] == "signed" and next_year.json()["date"] == "2027-01-12"

    edit = director.post(
        f"{API}/orders/{order.pk}/update/", {"body": "другой текст"}, content_type="application/json"
    )
    assert edit.status_code == 400
    assert edit.json() == {"non_field_errors": ["Приказ № 14 от 12.01.2027 подписан: изменить его нельзя."]}
    cancel = director.post(f"{API}/orders/{order.pk}/cancel/")
    assert cancel.status_code == 400
    assert client_of("curator_a").get(f"{API}/orders/", {"year": 2027}).json()["count"] == 1


def test_a_draft_is_updated_and_cancelled(world, client_of):
    def build():
        setting = build_programme()
        return order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)

    order = _in_a(world, build)
    curator = client_of("curator_a")
    updated = curator.post(
        f"{API}/orders/{order.pk}/update/",
        {"title": "О закреплении пары", "date": "2026-10-09"},
        content_type="application/json",
    )
    assert updated.status_code == 200
    assert updated.json()["title"] == "О закреплении пары" and updated.json()["date"] == "2026-10-09"
    blank = curator.post(f"{API}/orders/{order.pk}/update/", {"body": "   "}, content_type="application/json")
    assert blank.status_code == 400
    assert blank.json() == {"body": ["Это поле не может быть пустым."]}
    assert curator.post(f"{API}/orders/{order.pk}/cancel/").status_code == 204
    assert curator.get(f"{API}/orders/{order.pk}/").status_code == 404


def test_an_order_downloads_as_docx(world, client_of):
    def build():
        setting = build_programme()
        return order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)

    order = _in_a(world, build)
    response = client_of("director_a").get(f"{API}/orders/{order.pk}/docx/")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="order-{order.pk}.docx"; filename*=UTF-8'
    )
    assert response.content.startswith(b"PK")


def test_the_openapi_schema_lists_orders_and_documents(client, db):
    paths = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    school = "/api/v1/schools/{school}"
    for suffix in (
        "/orders/",
        "/orders/approve-programme/",
        "/orders/fix-groups/",
        "/orders/release-mentor/",
        "/orders/reward-mentors/",
        "/orders/{order_id}/",
        "/orders/{order_id}/update/",
        "/orders/{order_id}/sign/",
        "/orders/{order_id}/cancel/",
        "/orders/{order_id}/docx/",
        "/orders/{order_id}/pdf/",
        "/documents/groups/{group_id}/agreement/docx/",
        "/documents/plans/{plan_id}/pdf/",
    ):
        assert school + suffix in paths, suffix
    docx = paths[school + "/orders/{order_id}/docx/"]["get"]["responses"]["200"]["content"]
    assert DOCX in docx


def test_school_b_sees_nothing_of_school_a_orders(world, client_of):
    def build():
        setting = build_programme()
        return setting, order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)

    setting, order = _in_a(world, build)
    outsider = client_of("curator_b")
    assert outsider.get(f"{API}/orders/").status_code == 404
    assert outsider.get(f"{API}/orders/{order.pk}/").status_code == 404
    sign = outsider.post(
        f"{API}/orders/{order.pk}/sign/",
        {"number": "1", "signed_on": "2026-10-06"},
        content_type="application/json",
    )
    assert sign.status_code == 404
    draft = outsider.post(
        f"{API}/orders/fix-groups/",
        {"programme": setting.programme.pk, "groups": [setting.group.pk], "date": "2026-10-05"},
        content_type="application/json",
    )
    assert draft.status_code == 404
    own = outsider.get("/api/v1/schools/school-b/orders/")
    assert own.status_code == 200 and own.json()["count"] == 0
    assert outsider.get(f"/api/v1/schools/school-b/orders/{order.pk}/").status_code == 404
    with schema_context(world.school_a.schema_name):
        assert Order.objects.get(pk=order.pk).status == "draft"


def test_a_mentor_cannot_use_the_orders_api(world, client_of):
    assert client_of("mentor_a").get(f"{API}/orders/").status_code == 403
