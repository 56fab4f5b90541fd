"""Anonymous surveys stay anonymous (docs/monitoring.md): a reader cannot tell what a named person
answered — not from a per-person «получен», not by comparing the summary before and after one more
answer. Results appear only once the distribution is closed with at least five answers, and closing
is final."""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from school_programs.models import Form, Question, Survey
from school_programs.selectors.surveys import Recipients, recipient_ids
from school_programs.services import answering, distribution, surveys
from tests.support import school as make

A = "/s/school-a"
API_A = "/api/v1/schools/school-a"
DAYS_OPEN = 7


def _survey(*, anonymous: bool) -> Survey:
    return surveys.survey_create(
        title="Как проходят встречи",
        purpose=Survey.Purpose.PROCESS,
        audience=Survey.Audience.MENTEE_STUDENT,
        is_anonymous=anonymous,
        sections=[
            {
                "title": "Встречи",
                "questions": [
                    {"kind": "single", "text": "Встречи полезны?", "choices": ["да", "нет"]},
                    {"kind": "open", "text": "Что сказать наставнику?", "required": False},
                ],
            }
        ],
    )


def sent(world, *, anonymous: bool = True, people: int = 6) -> SimpleNamespace:
    """A survey sent today to `people` mentees of one group, each with a personal link."""
    with schema_context(world.school_a.schema_name):
        today = datetime.date.today()
        programme = make.programme()
        mentor = make.mentor(programme, make.teacher("Наставникова"), forms=[Form.TEACHER_STUDENT])
        students = [make.student(f"Тайнова{n}", grade=7, letter="А") for n in range(people)]
        requests = [make.mentee(programme, s, form=Form.TEACHER_STUDENT) for s in students]
        make.group(programme, mentor, requests)
        survey = _survey(anonymous=anonymous)
        sending = distribution.distribution_create(
            survey=survey,
            programme=programme,
            wave="once",
            opens_on=today,
            closes_on=today + datetime.timedelta(days=DAYS_OPEN),
            participant_ids=recipient_ids(programme=programme, kind=Recipients.MENTEES),
        )
        sheet = distribution.links_issue(distribution=sending.distribution)
        tokens = {link.participant.pk: link.token for link in sheet.links}
        questions = {q.kind: q for q in Question.objects.filter(section__version__survey=survey)}
    return SimpleNamespace(
        distribution=sending.distribution,
        students=students,
        tokens=tokens,
        single=questions["single"],
        open=questions["open"],
        today=today,
    )


def answer(world, data, student, *, useful: str, secret: str) -> None:
    with schema_context(world.school_a.schema_name):
        answering.answer_by_link(
            token=data.tokens[student.pk],
            answers={data.single.pk: useful, data.open.pk: secret},
        )


def summary_page(client, data) -> str:
    response = client.get(f"{A}/monitoring/surveys/{data.distribution.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def summary_api(client, data) -> dict:
    response = client.get(f"{API_A}/monitoring/surveys/{data.distribution.pk}/")
    assert response.status_code == 200
    return response.json()


def _without_tokens(page: str) -> str:
    """The page without its CSRF token, which changes with every request."""
    return re.sub(r"[A-Za-z0-9]{64}", "", page)


def after_closing(time_machine, data) -> None:
    time_machine.move_to(
        datetime.datetime.combine(data.today, datetime.time(12)) + datetime.timedelta(days=DAYS_OPEN + 1)
    )


# --- The difference attack ---------------------------------------------------------------------------


def test_one_more_answer_to_an_open_anonymous_survey_changes_nothing_but_the_count(world, client_of):
    data = sent(world)
    curator = client_of("curator_a")
    for n, student in enumerate(data.students[:5]):
        answer(world, data, student, useful="да", secret=f"всё хорошо {n}")
    page_before, api_before = summary_page(curator, data), summary_api(curator, data)

    answer(world, data, data.students[5], useful="нет", secret="наставник кричит")
    page_after, api_after = summary_page(curator, data), summary_api(curator, data)

    for page in (page_before, page_after):
        assert "всё хорошо" not in page and "наставник кричит" not in page
        assert "Встречи полезны?" not in page
        assert "итоги покажем после закрытия" in page
    assert _without_tokens(page_after).replace("<strong>6</strong>", "<strong>5</strong>") == _without_tokens(
        page_before
    )
    assert api_before["questions"] == api_after["questions"] == []
    assert (api_before["responses"], api_after["responses"]) == (5, 6)
    assert api_after["withheld"].startswith("Анкета анонимная: итоги покажем после закрытия")
    assert {k: v for k, v in api_after.items() if k != "responses"} == {
        k: v for k, v in api_before.items() if k != "responses"
    }


def test_a_named_survey_still_shows_its_results_while_open(world, client_of):
    data = sent(world, anonymous=False)
    answer(world, data, data.students[0], useful="да", secret="всё хорошо")

    body = summary_api(client_of("curator_a"), data)

    assert body["withheld"] == ""
    texts = {q["text"]: q["texts"] for q in body["questions"]}
    assert texts["Что сказать наставнику?"] == [{"text": "всё хорошо", "name": data.students[0].full_name}]


# --- Who has answered is not shown --------------------------------------------------------------------


def test_nobody_is_shown_who_answered_an_anonymous_survey(world, client_of):
    data = sent(world)
    answer(world, data, data.students[0], useful="да", secret="секрет")
    curator = client_of("curator_a")

    page = curator.get(f"{A}/surveys/distributions/{data.distribution.pk}/").content.decode()
    invitations = curator.get(f"{API_A}/surveys/distributions/{data.distribution.pk}/invitations/").json()
    detail = curator.get(f"{API_A}/surveys/distributions/{data.distribution.pk}/").json()

    assert "получен</span>" not in page
    assert "Кто уже ответил, не показывается" in page
    # Everybody answering by link may get a new one, answered or not: the buttons name nobody.
    assert page.count("перевыпустить ссылку") == 6
    assert {row["answered"] for row in invitations} == {None}
    assert {row["reminded_at"] for row in invitations} == {None}
    assert detail["response_rate"]["total"]["answered"] == 1
    assert detail["response_rate"]["by_class"] == []


def test_a_named_survey_shows_who_answered(world, client_of):
    data = sent(world, anonymous=False)
    answer(world, data, data.students[0], useful="да", secret="секрет")
    curator = client_of("curator_a")

    page = curator.get(f"{A}/surveys/distributions/{data.distribution.pk}/").content.decode()
    invitations = curator.get(f"{API_A}/surveys/distributions/{data.distribution.pk}/invitations/").json()

    assert page.count("получен</span>") == 1
    assert sorted(row["answered"] for row in invitations) == [False] * 5 + [True]


def test_remaking_the_link_of_someone_who_answered_an_anonymous_survey_is_not_refused(world, client_of):
    data = sent(world)
    answer(world, data, data.students[0], useful="да", secret="секрет")
    with schema_context(world.school_a.schema_name):
        invitation = data.distribution.invitations.get(participant=data.students[0])

    response = client_of("curator_a").post(f"{API_A}/surveys/invitations/{invitation.pk}/reissue/")

    assert response.status_code == 200
    with schema_context(world.school_a.schema_name), pytest.raises(answering.AlreadyAnswered):
        # The new link cannot be used for a second answer.
        answering.answer_by_link(
            token=response.json()["links"][0]["url"].rstrip("/").split("/")[-1], answers={}
        )


# --- Closed with four answers, with five ---------------------------------------------------------------


def test_closed_with_four_answers_the_results_are_never_shown(world, client_of, time_machine):
    data = sent(world)
    for n, student in enumerate(data.students[:4]):
        answer(world, data, student, useful="да", secret=f"ответ {n}")
    after_closing(time_machine, data)
    curator = client_of("curator_a")

    page, body = summary_page(curator, data), summary_api(curator, data)

    assert "ответ 0" not in page and "Встречи полезны?" not in page
    assert "ответов меньше 5 (4)" in page
    assert body["questions"] == [] and "меньше 5 (4)" in body["withheld"]


def test_closed_with_five_answers_the_results_are_shown_in_no_order_of_arrival(
    world, client_of, time_machine
):
    data = sent(world)
    for student, secret in zip(data.students[:5], ["в", "б", "д", "а", "г"], strict=True):
        answer(world, data, student, useful="да", secret=secret)
    after_closing(time_machine, data)
    curator = client_of("curator_a")

    page, body = summary_page(curator, data), summary_api(curator, data)

    assert body["withheld"] == ""
    texts = {q["text"]: q for q in body["questions"]}
    assert [t["text"] for t in texts["Что сказать наставнику?"]["texts"]] == ["а", "б", "в", "г", "д"]
    assert {t["name"] for t in texts["Что сказать наставнику?"]["texts"]} == {None}
    assert [(o["label"], o["count"]) for o in texts["Встречи полезны?"]["options"]] == [("да", 5), ("нет", 0)]
    assert "Встречи полезны?" in page and "results-withheld" not in page


def test_a_closed_anonymous_distribution_cannot_be_opened_again(world, client_of, time_machine):
    data = sent(world)
    for student in data.students[:5]:
        answer(world, data, student, useful="да", secret="ок")
    after_closing(time_machine, data)
    later = (data.today + datetime.timedelta(days=30)).isoformat()

    response = client_of("curator_a").patch(
        f"{API_A}/surveys/distributions/{data.distribution.pk}/",
        {"closes_on": later},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "закрыта окончательно" in response.json()["closes_on"][0]
    with schema_context(world.school_a.schema_name):
        with pytest.raises(ValidationError):
            distribution.distribution_set_period(
                distribution=data.distribution, closes_on=datetime.date.fromisoformat(later)
            )
        data.distribution.refresh_from_db()
    assert data.distribution.closes_on == data.today + datetime.timedelta(days=DAYS_OPEN)


def test_an_open_anonymous_distribution_may_still_be_prolonged(world):
    data = sent(world)
    with schema_context(world.school_a.schema_name):
        distribution.distribution_set_period(
            distribution=data.distribution, closes_on=data.today + datetime.timedelta(days=20)
        )
        data.distribution.refresh_from_db()
    assert data.distribution.closes_on == data.today + datetime.timedelta(days=20)
