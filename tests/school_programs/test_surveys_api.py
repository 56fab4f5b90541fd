"""Monitoring API: surveys with versioning, distributions with skipped people, links, answering by
token without login, response rates, rights and isolation of schools."""

from __future__ import annotations

from django.test import Client
from django_tenants.utils import schema_context

from school_programs.models import Answer, Invitation, Survey, SurveyResponse
from tests.school_programs.test_surveys_services import (
    answered_survey,
    good_answers,
    impact_survey,
    programme_with_people,
    questions_of,
)
from tests.support import school as make

API_A = "/api/v1/schools/school-a"
API_B = "/api/v1/schools/school-b"


def in_a(world, build):
    with schema_context(world.school_a.schema_name):
        return build()


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_curator_builds_a_survey_and_an_edit_after_answers_makes_a_new_version(world, client_of):
    curator = client_of("curator_a")
    created = post(
        curator,
        f"{API_A}/surveys/",
        {
            "title": "Входная анкета педагога",
            "purpose": "impact",
            "audience": "mentee_teacher",
            "sections": [
                {
                    "title": "Компетенции",
                    "questions": [
                        {"kind": "likert5", "text": "Я уверенно планирую уроки", "construct": "competencies"}
                    ],
                }
            ],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["version"] == 1 and body["sections"][0]["questions"][0]["construct"] == "competencies"

    bad = post(
        curator,
        f"{API_A}/surveys/{body['id']}/sections/{body['sections'][0]['id']}/questions/",
        {"kind": "likert5", "text": "Без конструкта"},
    )
    assert bad.status_code == 400 and "этапа 2" in bad.json()["construct"][0]

    survey, _, _ = in_a(world, answered_survey)
    question = in_a(world, lambda: questions_of(survey).single)
    edited = curator.patch(
        f"{API_A}/surveys/{survey.pk}/questions/{question.pk}/",
        {"choices": ["да", "нет", "не знаю"]},
        content_type="application/json",
    )
    assert edited.status_code == 200, edited.content
    assert edited.json()["new_version"] is True and edited.json()["version"] == 2
    assert "создана версия 2" in edited.json()["message"]
    assert edited.json()["question"]["choices"] == ["да", "нет", "не знаю"]
    old = curator.get(f"{API_A}/surveys/{survey.pk}/?version=1").json()
    assert old["version_has_answers"] is True
    assert [q["choices"] for q in old["sections"][0]["questions"] if q["kind"] == "single"] == [["да", "нет"]]


def test_the_api_sends_lists_the_skipped_issues_links_and_a_student_answers_once_without_login(
    world, client_of
):
    people = in_a(world, programme_with_people)
    survey = in_a(world, impact_survey)
    curator = client_of("curator_a")
    sent = post(
        curator,
        f"{API_A}/surveys/{survey.pk}/distributions/",
        {
            "programme": people.programme.pk,
            "wave": "entry",
            "opens_on": people.today.isoformat(),
            "closes_on": people.today.isoformat(),
            "recipients": {"who": "mentees", "form": "teacher_student"},
        },
    )
    assert sent.status_code == 201, sent.content
    assert sent.json()["invited"] == 3
    assert [s["name"] for s in sent.json()["skipped"]] == ["Несогласова У."]
    distribution_id = sent.json()["distribution"]["id"]

    links = post(curator, f"{API_A}/surveys/distributions/{distribution_id}/links/", {})
    assert links.status_code == 200 and links["Cache-Control"] == "no-store"
    urls = {row["name"]: row["url"] for row in links.json()["links"]}
    assert set(urls) == {"Алексеева Ученик", "Борисов Ученик", "Васильева Ученик"}
    token = urls["Алексеева Ученик"].rstrip("/").rsplit("/", 1)[1]
    assert post(curator, f"{API_A}/surveys/distributions/{distribution_id}/links/", {}).json()["links"] == []

    student = Client()
    questionnaire = post(student, f"{API_A}/surveys/answer/questionnaire/", {"token": token})
    assert questionnaire.status_code == 200 and questionnaire.json()["title"] == "Диагностика 7-х классов"

    answers = in_a(world, lambda: {str(k): v for k, v in good_answers(survey).items()})
    scale = in_a(world, lambda: questions_of(survey).scale10.pk)
    wrong = post(
        student, f"{API_A}/surveys/answer/", {"token": token, "answers": {**answers, str(scale): 11}}
    )
    assert wrong.status_code == 400 and wrong.json()[f"q{scale}"] == ["Выберите балл от 1 до 10."]
    with schema_context(world.school_a.schema_name):
        assert not SurveyResponse.objects.exists() and not Answer.objects.exists()

    accepted = post(student, f"{API_A}/surveys/answer/", {"token": token, "answers": answers})
    assert accepted.status_code == 201 and accepted.json()["detail"] == "Спасибо! Ответы приняты."
    twice = post(student, f"{API_A}/surveys/answer/", {"token": token, "answers": answers})
    assert twice.status_code == 410 and "Ссылка уже использована" in twice.json()["detail"]
    assert (
        post(student, f"{API_A}/surveys/answer/", {"token": "x" * 43, "answers": answers}).status_code == 404
    )
    assert post(student, f"{API_B}/surveys/answer/", {"token": token, "answers": answers}).status_code == 404
    assert post(student, f"{API_B}/surveys/answer/questionnaire/", {"token": token}).status_code == 404

    rate = curator.get(f"{API_A}/surveys/distributions/{distribution_id}/").json()["response_rate"]
    assert rate["total"] == {"label": "всего", "invited": 3, "answered": 1, "percent": 33}
    assert {"label": "7А", "invited": 2, "answered": 1, "percent": 50} in rate["by_class"]
    invitations = curator.get(f"{API_A}/surveys/distributions/{distribution_id}/invitations/").json()
    assert {(row["name"], row["answered"]) for row in invitations} >= {
        ("Алексеева У.", True),
        ("Борисов У.", False),
    }


def test_a_reissued_link_through_the_api_invalidates_the_old_one(world, client_of):
    def build():
        from tests.school_programs.test_surveys_services import link_of, send

        people = programme_with_people()
        survey = impact_survey()
        result = send(survey, people, ids=[people.alice.pk])
        token = link_of(result, people.alice)
        return token, Invitation.objects.get(participant=people.alice)

    old, invitation = in_a(world, build)
    reissued = post(client_of("curator_a"), f"{API_A}/surveys/invitations/{invitation.pk}/reissue/", {})
    assert reissued.status_code == 200
    assert post(Client(), f"{API_A}/surveys/answer/questionnaire/", {"token": old}).status_code == 404
    new = reissued.json()["links"][0]["url"].rstrip("/").rsplit("/", 1)[1]
    assert post(Client(), f"{API_A}/surveys/answer/questionnaire/", {"token": new}).status_code == 200


def test_a_logged_in_participant_answers_through_the_api(world, client_of):
    def build():
        from tests.school_programs.test_surveys_services import send

        people = programme_with_people()
        me = make.teacher("Сучётной", user=world.users["mentor_a"])
        survey = impact_survey()
        send(survey, people, ids=[me.pk])
        return survey, {str(k): v for k, v in good_answers(survey).items()}

    _, answers = in_a(world, build)
    mentor = client_of("mentor_a")
    mine = mentor.get(f"{API_A}/surveys/my/").json()
    assert [row["survey_title"] for row in mine["waiting"]] == ["Диагностика 7-х классов"]
    invitation_id = mine["waiting"][0]["id"]
    assert post(mentor, f"{API_A}/surveys/my/{invitation_id}/", {"answers": answers}).status_code == 201
    again = post(mentor, f"{API_A}/surveys/my/{invitation_id}/", {"answers": answers})
    assert again.status_code == 410 and "Вы уже ответили" in again.json()["detail"]
    assert (
        post(client_of("curator_a"), f"{API_A}/surveys/my/{invitation_id}/", {"answers": answers}).status_code
        == 404
    )


def test_rights_and_isolation(world, client_of):
    survey, sending, _ = in_a(world, answered_survey)
    own = in_a(world, lambda: impact_survey(title="Только в школе А"))
    other = client_of("curator_b")
    for url in (
        f"{API_A}/surveys/",
        f"{API_A}/surveys/{survey.pk}/",
        f"{API_A}/surveys/distributions/",
        f"{API_A}/surveys/distributions/{sending.distribution.pk}/",
        f"{API_A}/surveys/distributions/{sending.distribution.pk}/invitations/",
        f"{API_A}/surveys/my/",
    ):
        assert other.get(url).status_code == 404, url
    assert post(other, f"{API_A}/surveys/{survey.pk}/copy/", {}).status_code == 404
    titles = {row["title"] for row in other.get(f"{API_B}/surveys/").json()}
    assert own.title not in titles and "Диагностика 7-х классов" not in titles
    assert "Анкета куратора: анализ реализации программы наставничества (SWOT)" in titles
    assert other.get(f"{API_B}/surveys/distributions/").json() == []
    assert client_of("mentor_a").get(f"{API_A}/surveys/").status_code == 403
    assert Client().get(f"{API_A}/surveys/").status_code == 401
    with schema_context(world.school_a.schema_name):
        assert Survey.objects.filter(title="Только в школе А").exists()
