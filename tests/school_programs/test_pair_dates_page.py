"""A pair's dates on its page: the curator corrects them until an order fixes the pair (the same
service as the API's PATCH), errors under the field in Russian; a mentor cannot."""

import datetime
from types import SimpleNamespace

from django_tenants.utils import schema_context

from school_programs.models import Form, MentoringGroup
from school_programs.services.orders import order_draft_fix_groups, order_sign
from tests.support import school as make

A = "/s/school-a"
HTMX = {"HX-Request": "true"}


def build(world):
    """In school A: a student pair started 01.10.2026 in the 2026/27 programme, whose mentor is the
    mentor_a persona (so that the mentor sees the page and is refused only the dates)."""
    with schema_context(world.school_a.schema_name):
        programme = make.programme()
        mentor = make.mentor(
            programme, make.student("Старшеклассник", grade=10, user=world.users["mentor_a"])
        )
        request = make.mentee(programme, make.student("Младшеклассник", grade=6))
        pair = make.group(programme, mentor, [request], form=Form.STUDENT_STUDENT)
    return SimpleNamespace(programme=programme, pair=pair, page=f"{A}/groups/{pair.pk}/")


def _pair(world, data) -> MentoringGroup:
    with schema_context(world.school_a.schema_name):
        pair = MentoringGroup.objects.get(pk=data.pair.pk)
        pair.joined = list(pair.mentees.values_list("joined_on", flat=True))
        return pair


def test_the_curator_changes_the_dates_on_the_pairs_page(world, client_of):
    data = build(world)
    curator = client_of("curator_a")
    page = curator.get(data.page).content.decode()
    assert 'id="period-form"' in page
    assert 'name="start_date" value="2026-10-01"' in page and 'name="end_date" value="2027-05-31"' in page
    answer = curator.post(
        f"{data.page}period/", {"start_date": "2026-10-12", "end_date": "2027-05-20"}, headers=HTMX
    )
    assert answer.status_code == 200 and answer["HX-Redirect"] == data.page
    pair = _pair(world, data)
    assert (pair.start_date, pair.end_date) == (datetime.date(2026, 10, 12), datetime.date(2027, 5, 20))
    assert pair.joined == [datetime.date(2026, 10, 12)]  # the mentee joined on the start: moves with it
    page = curator.get(data.page).content.decode()
    assert "Даты работы пары / группы изменены." in page and "12.10.2026 — 20.05.2027" in page
    plain = curator.post(f"{data.page}period/", {"start_date": "2026-10-05", "end_date": "2027-05-20"})
    assert plain.status_code == 302 and plain["Location"] == data.page
    assert _pair(world, data).start_date == datetime.date(2026, 10, 5)


def test_errors_stand_under_their_field_in_russian(world, client_of):
    data = build(world)
    curator = client_of("curator_a")
    answer = curator.post(
        f"{data.page}period/", {"start_date": "2026-10-01", "end_date": "2027-07-01"}, headers=HTMX
    )
    assert answer.status_code == 200  # htmx swaps only 2xx answers
    block = answer.content.decode()
    assert block.startswith('<div id="period">')
    end_field = block[block.index('data-field="end_date"') :]
    assert "Окончание работы пары должно быть в пределах программы: 01.09.2026 — 31.05.2027." in end_field
    assert _pair(world, data).end_date == datetime.date(2027, 5, 31)
    plain = curator.post(f"{data.page}period/", {"start_date": "", "end_date": "2027-05-31"})
    assert plain.status_code == 400
    assert "Обязательное поле." in plain.content.decode()


def test_after_the_order_is_signed_the_form_is_gone_and_a_forced_post_is_refused(world, client_of):
    data = build(world)
    with schema_context(world.school_a.schema_name):
        order = order_draft_fix_groups(
            programme=data.programme, groups=[data.pair], date=datetime.date(2026, 10, 5)
        )
        order_sign(order=order, number="131-о", signed_on=datetime.date(2026, 10, 5))
    curator = client_of("curator_a")
    page = curator.get(data.page).content.decode()
    assert 'id="period-form"' not in page and "01.10.2026 — 31.05.2027" in page
    forced = curator.post(f"{data.page}period/", {"start_date": "2026-10-12", "end_date": "2027-05-31"})
    assert forced.status_code == 400
    assert (
        "Пара / группа закреплена приказом № 131-о от 05.10.2026: даты работы изменить нельзя."
        in forced.content.decode()
    )
    assert _pair(world, data).start_date == datetime.date(2026, 10, 1)


def test_a_mentor_sees_the_dates_but_cannot_change_them(world, client_of):
    data = build(world)
    mentor = client_of("mentor_a")
    page = mentor.get(data.page)
    assert page.status_code == 200
    text = page.content.decode()
    assert "01.10.2026 — 31.05.2027" in text and 'id="period-form"' not in text
    refused = mentor.post(f"{data.page}period/", {"start_date": "2026-10-12", "end_date": "2027-05-31"})
    assert refused.status_code == 403
    assert _pair(world, data).start_date == datetime.date(2026, 10, 1)
