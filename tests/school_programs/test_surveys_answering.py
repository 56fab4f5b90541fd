"""Answering: validation with a Russian message per question and nothing written, one-time links,
expiry, anonymity, the logged-in path."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from school_programs.models import Answer, Consent, Invitation, SurveyResponse
from school_programs.services import answering, distribution
from tests.school_programs.test_surveys_services import (
    good_answers,
    impact_survey,
    link_of,
    programme_with_people,
    questions_of,
    send,
)
from tests.support import school as make


@pytest.fixture
def sent(in_school_a):
    people = programme_with_people()
    survey = impact_survey()
    result = send(survey, people)
    return survey, result, people, link_of(result, people.alice)


def nothing_written(people) -> bool:
    invitation = Invitation.objects.get(participant=people.alice)
    return not SurveyResponse.objects.exists() and not Answer.objects.exists() and invitation.used_at is None


def test_a_link_answers_once_and_the_answers_are_stored_per_kind(sent):
    survey, result, people, token = sent
    q = questions_of(survey)
    answers = {**good_answers(survey), f"q{q.open.pk}": "  Больше проектов  "}

    response = answering.answer_by_link(token=token, answers=answers)

    assert response.participant == people.alice and response.distribution == result.distribution
    stored = {(a.question_id, a.row): a for a in response.answers.all()}
    assert stored[(q.likert5.pk, None)].number == 4
    assert stored[(q.scale10.pk, None)].number == 7
    assert stored[(q.single.pk, None)].selected == ["да"]
    assert stored[(q.multiple.pk, None)].selected == ["уроки", "спорт"]
    assert stored[(q.open.pk, None)].text == "Больше проектов"
    assert (stored[(q.matrix.pk, 0)].number, stored[(q.matrix.pk, 1)].number) == (3, 2)
    assert Invitation.objects.get(participant=people.alice).used_at is not None

    with pytest.raises(answering.AlreadyAnswered) as refused:
        answering.answer_by_link(token=token, answers=good_answers(survey))
    assert "Ссылка уже использована" in refused.value.message
    assert SurveyResponse.objects.count() == 1 and Answer.objects.count() == 7


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda q: {q.likert5.pk: 6}, "от 1 до 5"),
        (lambda q: {q.scale10.pk: 0}, "от 1 до 10"),
        (lambda q: {q.scale10.pk: "семь"}, "от 1 до 10"),
        (lambda q: {q.scale10.pk: 7.5}, "от 1 до 10"),
        (lambda q: {q.single.pk: "может быть"}, "Такого варианта ответа нет: «может быть»"),
        (lambda q: {q.multiple.pk: ["уроки", "танцы"]}, "Такого варианта ответа нет: «танцы»"),
        (lambda q: {q.single.pk: ""}, "обязательный"),
        (lambda q: {q.matrix.pk: [3]}, "не отмечено: «Я волнуюсь у доски»"),
        (lambda q: {q.matrix.pk: {"0": 3, "1": 9}}, "Строка «Я волнуюсь у доски»: выберите балл от 1 до 5"),
    ],
)
def test_a_bad_answer_gets_a_russian_message_for_its_question_and_nothing_is_written(sent, change, message):
    survey, _, people, token = sent
    q = questions_of(survey)
    bad = change(q)
    answers = {**good_answers(survey), **bad}
    with pytest.raises(ValidationError) as error:
        answering.answer_by_link(token=token, answers=answers)
    (question_id,) = bad
    assert message in " ".join(error.value.message_dict[f"q{question_id}"])
    assert nothing_written(people)


def test_all_problems_are_reported_at_once(sent):
    survey, _, people, token = sent
    q = questions_of(survey)
    with pytest.raises(ValidationError) as error:
        answering.answer_by_link(token=token, answers={q.multiple.pk: ["спорт"], "999999": 1})
    assert "не из этой анкеты" in error.value.message_dict["answers"][0]
    with pytest.raises(ValidationError) as error:
        answering.answer_by_link(token=token, answers={q.multiple.pk: ["спорт"]})
    assert set(error.value.message_dict) == {
        f"q{q.likert5.pk}",
        f"q{q.scale10.pk}",
        f"q{q.single.pk}",
        f"q{q.matrix.pk}",
    }
    assert nothing_written(people)


def test_an_expired_link_is_refused_and_nothing_is_written(sent):
    survey, result, people, token = sent
    after = distribution.link_expiry(result.distribution.closes_on) + datetime.timedelta(seconds=1)
    with pytest.raises(answering.LinkExpired) as refused:
        answering.answer_by_link(token=token, answers=good_answers(survey), now=after)
    assert "Срок действия ссылки истёк" in refused.value.message
    assert nothing_written(people)


def test_an_unknown_token_is_unknown(sent):
    with pytest.raises(answering.LinkUnknown):
        answering.link_open(token="не-тот-токен")


def test_a_distribution_that_has_not_opened_yet_refuses_answers(in_school_a):
    people = programme_with_people()
    survey = impact_survey()
    result = distribution.distribution_create(
        survey=survey,
        programme=people.programme,
        wave="entry",
        opens_on=people.today + datetime.timedelta(days=3),
        closes_on=people.today + datetime.timedelta(days=10),
        participant_ids=[people.alice.pk],
    )
    token = link_of(result, people.alice)
    with pytest.raises(answering.NotOpen) as refused:
        answering.answer_by_link(token=token, answers=good_answers(survey))
    assert "Анкета откроется" in refused.value.message
    assert nothing_written(people)


def test_a_withdrawn_consent_stops_the_answer(sent):
    survey, _, people, token = sent
    Consent.objects.filter(participant=people.alice).update(withdrawn_on=people.today)
    with pytest.raises(answering.NotOpen) as refused:
        answering.answer_by_link(token=token, answers=good_answers(survey))
    assert "согласие" in refused.value.message
    assert nothing_written(people)


def test_an_anonymous_response_is_not_linked_to_the_person(in_school_a):
    people = programme_with_people()
    survey = impact_survey(anonymous=True)
    result = send(survey, people)
    token = link_of(result, people.alice)
    response = answering.answer_by_link(token=token, answers=good_answers(survey))
    response.refresh_from_db()
    invitation = Invitation.objects.get(participant=people.alice)
    assert response.participant is None
    assert invitation.used_at is not None
    # Times kept to the day: the order of answers does not tell whose response is whose.
    assert timezone.localtime(response.submitted_at).time() == datetime.time(0, 0)
    assert timezone.localtime(invitation.used_at).time() == datetime.time(0, 0)
    with pytest.raises(answering.AlreadyAnswered):
        answering.answer_by_link(token=token, answers=good_answers(survey))


def test_a_logged_in_participant_answers_their_own_invitation_only(in_school_a, world):
    people = programme_with_people()
    me = make.teacher("Сучётной", user=world.users["mentor_a"])
    survey = impact_survey()
    result = send(survey, people, ids=[me.pk, people.alice.pk])
    mine = Invitation.objects.get(distribution=result.distribution, participant=me)
    hers = Invitation.objects.get(distribution=result.distribution, participant=people.alice)
    with pytest.raises(answering.LinkUnknown):
        answering.answer_as_participant(invitation=hers, participant=me, answers=good_answers(survey))
    response = answering.answer_as_participant(invitation=mine, participant=me, answers=good_answers(survey))
    assert response.participant == me
    with pytest.raises(answering.AlreadyAnswered) as refused:
        answering.answer_as_participant(invitation=mine, participant=me, answers=good_answers(survey))
    assert "Вы уже ответили" in refused.value.message
