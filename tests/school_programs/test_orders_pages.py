"""Pages of the director's orders: the register, drafting, editing, signing by the director, isolation."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.urls import set_urlconf
from django_tenants.utils import schema_context

from school_programs.models import MentoringGroup, MentorRelease, MentorReward, Order
from school_programs.selectors.orders import orders_to_sign
from school_programs.services.orders import order_draft_fix_groups, order_sign
from tenants.routing import school_urlconf
from tests.school_programs.test_orders_services import DAY, build_programme


def _in_a(world, build):
    with schema_context(world.school_a.schema_name):
        return build()


def test_the_register_lists_orders_and_highlights_drafts(world, client_of):
    def build():
        setting = build_programme()
        signed = order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)
        order_sign(order=signed, number="31", signed_on=datetime.date(2026, 10, 6))
        draft = order_draft_fix_groups(programme=setting.programme, groups=[setting.group], date=DAY)
        return signed, draft

    signed, draft = _in_a(world, build)
    response = client_of("curator_a").get("/s/school-a/orders/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        f'href="/s/school-a/orders/{signed.pk}/"' in html and f'href="/s/school-a/orders/{draft.pk}/"' in html
    )
    assert "на подписи у директора" in html
    assert "подписан 06.10.2026" in html
    filtered = (
        client_of("curator_a").get("/s/school-a/orders/", {"status": "signed", "year": 2026}).content.decode()
    )
    assert f"/orders/{signed.pk}/" in filtered and f"/orders/{draft.pk}/" not in filtered
    other_kind = (
        client_of("curator_a").get("/s/school-a/orders/", {"kind": "reward_mentors"}).content.decode()
    )
    assert "Приказов нет." in other_kind


def test_the_curator_drafts_a_fixing_order_from_pairs_without_an_order(world, client_of):
    setting = _in_a(world, build_programme)
    curator = client_of("curator_a")
    page = curator.get("/s/school-a/orders/new/fix_groups/").content.decode()
    assert "Иванов И.И. → Петров П., Сидоров С." in page
    response = curator.post(
        "/s/school-a/orders/new/fix_groups/", {"groups": [setting.group.pk], "date": "2026-10-05"}
    )
    with schema_context(world.school_a.schema_name):
        order = Order.objects.get()
        assert MentoringGroup.objects.get(pk=setting.group.pk).fixing_order_id == order.pk
    assert response.status_code == 302
    assert response["Location"] == f"/s/school-a/orders/{order.pk}/"
    detail = curator.get(response["Location"]).content.decode()
    assert "Иванов Иван Иванович, учитель математики" in detail
    assert "Подписать приказ" not in detail  # the curator does not sign
    page = curator.get("/s/school-a/orders/new/fix_groups/").content.decode()
    assert "Иванов И.И. → Петров П." not in page


def test_drafting_without_a_choice_shows_the_error_and_writes_nothing(world, client_of):
    _in_a(world, build_programme)
    response = client_of("curator_a").post("/s/school-a/orders/new/fix_groups/", {"date": "2026-10-05"})
    assert response.status_code == 200
    assert "Обязательное поле." in response.content.decode()
    response = client_of("curator_a").post(
        "/s/school-a/orders/new/approve_programme/", {"curators": [], "date": "не дата"}
    )
    assert "Введите правильную дату." in response.content.decode()
    with schema_context(world.school_a.schema_name):
        assert not Order.objects.exists()
    assert client_of("curator_a").get("/s/school-a/orders/new/unknown_kind/").status_code == 404


def test_release_and_reward_orders_are_drafted_from_recorded_releases_and_rewards(world, client_of):
    def build():
        setting = build_programme()
        release = MentorRelease.objects.create(
            group=setting.pair,
            reason=MentorRelease.Reason.NON_PERFORMANCE,
            released_on=datetime.date(2026, 12, 1),
        )
        reward = MentorReward.objects.create(
            mentor=setting.teacher_mentor,
            kind=MentorReward.Kind.CERTIFICATE,
            awarded_on=datetime.date(2027, 5, 1),
        )
        return release, reward

    release, reward = _in_a(world, build)
    curator = client_of("curator_a")
    response = curator.post(
        "/s/school-a/orders/new/release_mentor/", {"releases": [release.pk], "date": "2026-12-02"}
    )
    assert response.status_code == 302
    detail = curator.get(response["Location"]).content.decode()
    assert "в связи с невыполнением или ненадлежащим выполнением наставником" in detail
    assert "Смирнов Олег, 10Б класс" in detail
    response = curator.post(
        "/s/school-a/orders/new/reward_mentors/", {"rewards": [reward.pk], "date": "2027-05-02"}
    )
    assert response.status_code == 302
    detail = curator.get(response["Location"]).content.decode()
    assert "почётная грамота" in detail and "Иванов Иван Иванович" in detail


def test_the_approval_order_appoints_the_chosen_curators(world, client_of):
    setting = _in_a(world, build_programme)
    response = client_of("curator_a").post(
        "/s/school-a/orders/new/approve_programme/", {"curators": [setting.curator.pk], "date": "2026-09-01"}
    )
    assert response.status_code == 302
    with schema_context(world.school_a.schema_name):
        order = Order.objects.get()
        assert "Кураторова Анна Петровна" in order.body
        assert list(setting.programme.curators.values_list("pk", flat=True)) == [setting.curator.pk]


def test_a_draft_is_edited_on_its_page(world, client_of):
    def build():
        setting = build_programme()
        return order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)

    order = _in_a(world, build)
    url = f"/s/school-a/orders/{order.pk}/edit/"
    curator = client_of("curator_a")
    response = curator.post(url, {"title": "О закреплении пар", "date": "2026-10-07", "body": "Новый текст."})
    assert response.status_code == 302
    response = curator.post(url, {"title": "", "date": "2026-10-07", "body": ""})
    assert response.status_code == 400
    assert "Обязательное поле." in response.content.decode()
    with schema_context(world.school_a.schema_name):
        order.refresh_from_db()
    assert (order.title, order.body, order.date) == (
        "О закреплении пар",
        "Новый текст.",
        datetime.date(2026, 10, 7),
    )


def test_only_the_director_signs_and_a_number_is_not_reused_within_a_year(world, client_of):
    def build():
        setting = build_programme()
        earlier = order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)
        order_sign(order=earlier, number="5", signed_on=datetime.date(2026, 9, 10))
        return order_draft_fix_groups(programme=setting.programme, groups=[setting.group], date=DAY)

    order = _in_a(world, build)
    url = f"/s/school-a/orders/{order.pk}/sign/"
    assert client_of("curator_a").post(url, {"number": "6", "signed_on": "2026-10-06"}).status_code == 403

    director = client_of("director_a")
    assert "Подписать приказ" in director.get(f"/s/school-a/orders/{order.pk}/").content.decode()
    response = director.post(url, {"number": "5", "signed_on": "2026-10-06"})
    assert response.status_code == 400
    assert "Приказ № 5 уже есть в 2026 году." in response.content.decode()
    response = director.post(url, {"number": "6", "signed_on": "2026-10-06"})
    assert response.status_code == 302
    with schema_context(world.school_a.schema_name):
        order.refresh_from_db()
    assert (order.status, order.number, order.signed_on) == ("signed", "6", datetime.date(2026, 10, 6))

    detail = director.get(f"/s/school-a/orders/{order.pk}/").content.decode()
    assert "Редактировать проект" not in detail and "Подписать приказ" not in detail
    response = director.post(
        f"/s/school-a/orders/{order.pk}/edit/", {"title": "x", "date": "2026-10-06", "body": "y"}
    )
    assert response.status_code == 400
    assert "подписан: изменить его нельзя" in response.content.decode()


def test_a_draft_is_cancelled_and_its_pairs_freed(world, client_of):
    def build():
        setting = build_programme()
        return setting, order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)

    setting, order = _in_a(world, build)
    response = client_of("curator_a").post(f"/s/school-a/orders/{order.pk}/cancel/")
    assert response.status_code == 302 and response["Location"] == "/s/school-a/orders/"
    with schema_context(world.school_a.schema_name):
        assert not Order.objects.exists()
        assert MentoringGroup.objects.get(pk=setting.pair.pk).fixing_order is None


def test_the_directors_block_lists_drafts_to_sign(world):
    def build():
        setting = build_programme()
        return order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)

    order = _in_a(world, build)
    set_urlconf(school_urlconf("school-a"))
    try:
        with schema_context(world.school_a.schema_name):
            html = render_to_string("school_programs/orders/_to_sign.html", {"orders": orders_to_sign()})
    finally:
        set_urlconf(None)
    assert "Приказы на подпись" in html
    assert f'href="/s/school-a/orders/{order.pk}/"' in html
    assert "05.10.2026" in html


def test_school_b_sees_nothing_of_school_a_orders(world, client_of):
    def build():
        setting = build_programme()
        return order_draft_fix_groups(programme=setting.programme, groups=[setting.pair], date=DAY)

    order = _in_a(world, build)
    outsider = client_of("curator_b")
    for url in (
        "/s/school-a/orders/",
        f"/s/school-a/orders/{order.pk}/",
        "/s/school-a/orders/new/fix_groups/",
    ):
        assert outsider.get(url).status_code == 404, url
    assert outsider.post(f"/s/school-a/orders/{order.pk}/cancel/").status_code == 404
    own = outsider.get("/s/school-b/orders/")
    assert own.status_code == 200
    assert "Приказов нет." in own.content.decode()
    assert outsider.get(f"/s/school-b/orders/{order.pk}/").status_code == 404
    with schema_context(world.school_a.schema_name):
        assert Order.objects.filter(pk=order.pk).exists()


def test_a_mentor_has_no_access_to_the_register(world, client_of):
    assert client_of("mentor_a").get("/s/school-a/orders/").status_code == 403
