"""Home pages say what to do today: the selectors behind them and the page of each role."""

import datetime

from django.utils import timezone
from django_tenants.utils import schema_context

from school_programs.models import Order
from school_programs.selectors import home as today
from tests.support import shell

A = "/s/school-a"
GAP_WEEKS = 3


def test_a_mentors_today_lists_next_meetings_overdue_tasks_silent_pairs_and_surveys(world):
    data = shell.build(world)
    with schema_context(world.school_a.schema_name):
        mine = today.mentor_today(data.mentor, today=data.today, gap_weeks=GAP_WEEKS)
    # Soonest first: the pair that met 10 days ago is due before the one that started 7 days ago and
    # never met (three weeks after its start).
    assert [pair.group.pk for pair in mine.next_meetings] == [data.group.pk, data.silent.pk]
    met, silent = mine.next_meetings
    assert silent.never_met and silent.due_on == data.silent.start_date + datetime.timedelta(weeks=GAP_WEEKS)
    assert met.last_met_on == data.today - datetime.timedelta(days=10)
    assert met.due_on == met.last_met_on + datetime.timedelta(weeks=GAP_WEEKS) and not met.overdue
    assert [task.task for task in mine.overdue_tasks] == ["Разобрать контрольную по дробям"]
    assert [group.pk for group in mine.pairs_without_meetings] == [data.silent.pk]
    assert mine.surveys == []  # the survey is addressed to the mentee only


def test_a_pair_is_due_to_meet_now_once_the_gap_has_passed(world, time_machine):
    data = shell.build(world)
    time_machine.move_to(timezone.now() + datetime.timedelta(weeks=GAP_WEEKS))
    with schema_context(world.school_a.schema_name):
        later = timezone.localdate()
        mine = today.mentor_today(data.mentor, today=later, gap_weeks=GAP_WEEKS)
    assert all(pair.overdue for pair in mine.next_meetings)


def test_a_mentees_today_shows_their_mentor_plan_next_tasks_and_surveys(world):
    data = shell.build(world)
    with schema_context(world.school_a.schema_name):
        mine = today.mentee_today(data.pupil, today=data.today)
    assert [placement.group.pk for placement in mine.placements] == [data.group.pk]
    assert mine.placements[0].group.mentor.participant.full_name == data.mentor.full_name
    assert [plan.pk for plan in mine.plans] == [data.own_plan.pk]  # not the group-mate's
    assert [task.task for task in mine.next_tasks] == [
        "Разобрать контрольную по дробям",
        "Прочитать главу учебника",
    ]
    assert [invitation.pk for invitation in mine.surveys] == [data.invitation.pk]


def test_nobody_linked_gets_empty_blocks_not_an_error(world):
    with schema_context(world.school_a.schema_name):
        assert today.mentor_today(None, today=datetime.date(2026, 11, 22), gap_weeks=3).next_meetings == []
        assert today.mentee_today(None, today=datetime.date(2026, 11, 22)).plans == []


def test_a_directors_today_has_orders_to_sign_and_the_programmes_state(world):
    data = shell.build(world)
    with schema_context(world.school_a.schema_name):
        state = today.director_today(data.programme, today=data.today, gap_weeks=GAP_WEEKS)
        assert [order.pk for order in state.orders_to_sign] == [data.order.pk]
        assert state.summary["groups_active"] == 2
        # The silent pair has no fixing order; it started a week ago, so it is not stale yet.
        assert state.groups_awaiting_order == 1
        assert state.stale_groups == 0
        Order.objects.filter(pk=data.order.pk).update(
            status=Order.Status.SIGNED, number="15-о", signed_on=data.today
        )
        assert (
            today.director_today(data.programme, today=data.today, gap_weeks=GAP_WEEKS).orders_to_sign == []
        )


def test_the_mentors_home_page_says_what_to_do_today(world, client_of):
    data = shell.build(world)
    html = client_of("mentor_a").get(f"{A}/").content.decode()
    for heading in ("Ближайшие встречи", "Просроченные задачи ИПР", "Пары без встреч", "Анкеты ждут ответа"):
        assert heading in html
    assert "Разобрать контрольную по дробям" in html
    assert "Молчунов" in html and f"{A}/groups/{data.silent.pk}/meetings/new/" in html
    assert "Приказы на подпись" not in html


def test_the_mentees_home_page_shows_mentor_plan_and_surveys(world):
    from django.test import Client

    data = shell.build(world)
    client = Client()
    client.force_login(data.mentee_user)
    html = client.get(f"{A}/").content.decode()
    assert "Мой наставник" in html and data.mentor.full_name in html
    assert f"{A}/plans/{data.own_plan.pk}/" in html and f"{A}/plans/{data.mate_plan.pk}/" not in html
    assert "Анкета входа для наставляемых" in html and f"{A}/my-surveys/{data.invitation.pk}/" in html


def test_the_directors_home_page_shows_orders_to_sign_and_the_programme(world, client_of):
    data = shell.build(world)
    html = client_of("director_a").get(f"{A}/").content.decode()
    assert "Приказы на подпись" in html and "О закреплении наставнических пар" in html
    assert data.programme.title in html and "пар без приказа о закреплении" in html
    assert "Ближайшие встречи" not in html


def test_regional_and_municipal_homes_render_in_the_new_shell(world, client_of):
    for persona, url in (
        ("regional_admin", "/region/"),
        ("coordinator", f"/municipalities/{world.municipality.pk}/"),
    ):
        response = client_of(persona).get(url)
        assert response.status_code == 200, persona
        html = response.content.decode()
        assert 'class="menu-toggle"' in html and 'class="site-menu"' in html
