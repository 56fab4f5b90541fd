"""Monitoring pages: list with response rates, builder with versioning, sending, the link sheet, the
answering page of a one-time link (shows nothing else of the school), «Мои анкеты», isolation."""

from __future__ import annotations

import re

from django.test import Client
from django_tenants.utils import schema_context

from school_programs.models import Answer, Invitation, Question, Survey, SurveyResponse
from school_programs.services import answering
from tests.school_programs.test_surveys_services import (
    answered_survey,
    good_answers,
    impact_survey,
    link_of,
    programme_with_people,
    questions_of,
    send,
)
from tests.support import school as make

A = "/s/school-a"
B = "/s/school-b"


def in_a(world, build):
    with schema_context(world.school_a.schema_name):
        return build()


def sent_with_link(world):
    def build():
        people = programme_with_people()
        survey = impact_survey()
        result = send(survey, people)
        return survey, result, people, link_of(result, people.alice)

    return in_a(world, build)


def form_answers(world, survey, **changes) -> dict:
    """The questionnaire page's fields, all good unless changed (a value of None leaves the field out)."""
    q = in_a(world, lambda: questions_of(survey))
    fields = {
        f"q{q.likert5.pk}": "4",
        f"q{q.scale10.pk}": "7",
        f"q{q.single.pk}": "да",
        f"q{q.multiple.pk}": ["уроки", "спорт"],
        f"q{q.matrix.pk}_r0": "3",
        f"q{q.matrix.pk}_r1": "2",
    }
    for kind, value in changes.items():
        name = f"q{getattr(q, kind).pk}"
        if value is None:
            fields.pop(name)
        else:
            fields[name] = value
    return fields


def test_the_curator_sees_instruments_own_surveys_and_response_rates(world, client_of):
    survey, result, _, token = sent_with_link(world)
    in_a(world, lambda: answering.answer_by_link(token=token, answers=good_answers(survey)))
    page = client_of("curator_a").get(f"{A}/surveys/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Входная и итоговая диагностика обучающегося (этап 2)" in html
    assert "Анкета куратора: анализ реализации программы наставничества (SWOT)" in html
    distributions = html.split('id="distributions"')[1].split("</table>")[0]
    assert "Диагностика 7-х классов" in distributions and "<td>3</td><td>1</td>" in distributions

    detail = (
        client_of("curator_a").get(f"{A}/surveys/distributions/{result.distribution.pk}/").content.decode()
    )
    rates = detail.split('id="response-rate"')[1].split("</table>")[0]
    assert "<td>7А</td><td>2</td><td>1</td><td>50%</td>" in rates
    assert "<td>8Б</td><td>1</td><td>0</td><td>0%</td>" in rates


def test_a_mentor_may_not_open_the_monitoring_pages(world, client_of):
    assert client_of("mentor_a").get(f"{A}/surveys/").status_code == 403


def test_an_edit_on_the_builder_after_answers_makes_a_new_version_and_says_so(world, client_of):
    survey, _, _ = in_a(world, answered_survey)
    question = in_a(world, lambda: questions_of(survey).likert5)
    curator = client_of("curator_a")
    form = curator.get(f"{A}/surveys/{survey.pk}/questions/{question.pk}/")
    assert form.status_code == 200 and "Мне интересно учиться" in form.content.decode()
    saved = curator.post(
        f"{A}/surveys/{survey.pk}/questions/{question.pk}/",
        {
            "kind": "likert5",
            "text": "Мне нравится учиться",
            "required": "on",
            "construct": "motivation",
            "direction": "1",
        },
        follow=True,
    )
    html = saved.content.decode()
    assert "создана версия 2" in html and "Текущая версия: <strong>2</strong>" in html
    with schema_context(world.school_a.schema_name):
        assert Question.objects.get(pk=question.pk).text == "Мне интересно учиться"
        assert survey.versions.count() == 2


def test_the_builder_refuses_a_matrix_row_without_a_construct_and_adds_a_good_one(world, client_of):
    survey = in_a(world, impact_survey)
    section = in_a(world, lambda: survey.versions.get().sections.get())
    curator = client_of("curator_a")
    fragment = curator.get(
        f"{A}/surveys/{survey.pk}/sections/{section.pk}/questions/new/", HTTP_HX_REQUEST="true"
    )
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    url = f"{A}/surveys/{survey.pk}/sections/{section.pk}/questions/new/"
    bad = curator.post(
        url, {"kind": "matrix", "text": "Согласны?", "rows": "Я рад | счастье | 1", "direction": "1"}
    )
    assert bad.status_code == 400 and "неизвестный конструкт «счастье»" in bad.content.decode()
    good = curator.post(
        url,
        {
            "kind": "matrix",
            "text": "Согласны?",
            "rows": "Я боюсь ошибиться | тревожность | -1\nЯ рад",
            "construct": "motivation",
            "direction": "1",
        },
    )
    assert good.status_code == 302
    with schema_context(world.school_a.schema_name):
        added = Question.objects.get(section=section, text="Согласны?")
        assert added.rows == [
            {"text": "Я боюсь ошибиться", "construct": "anxiety", "direction": -1},
            {"text": "Я рад", "construct": "motivation", "direction": 1},
        ]


def test_copying_a_shipped_instrument_from_the_page(world, client_of):
    instrument = in_a(world, lambda: Survey.objects.get(instrument_code="satisfaction_participation"))
    copied = client_of("curator_a").post(
        f"{A}/surveys/{instrument.pk}/copy/", {"title": "Удовлетворённость 2027"}
    )
    assert copied.status_code == 302
    with schema_context(world.school_a.schema_name):
        copy = Survey.objects.get(title="Удовлетворённость 2027")
        assert (
            copy.instrument_code == "" and Question.objects.filter(section__version__survey=copy).count() > 5
        )


def test_sending_from_the_page_lists_who_was_skipped_and_why(world, client_of):
    people = in_a(world, programme_with_people)
    survey = in_a(world, impact_survey)
    response = client_of("curator_a").post(
        f"{A}/surveys/{survey.pk}/send/",
        {
            "programme": people.programme.pk,
            "wave": "entry",
            "opens_on": people.today.isoformat(),
            "closes_on": people.today.isoformat(),
            "recipients": "class",
            "grade": "7",
            "letter": "А",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="stat" id="invited-count">2</div>' in html
    assert "Несогласова У.: нет действующего согласия на обработку персональных данных." in html


def test_the_link_sheet_shows_links_once_and_the_link_answers_once(world, client_of):
    survey, result, _people, _ = sent_with_link(world)
    curator = client_of("curator_a")
    sheet = curator.post(
        f"{A}/surveys/distributions/{result.distribution.pk}/links/", {"class_name": "7А", "reissue": "1"}
    )
    assert sheet.status_code == 200 and sheet["Cache-Control"] == "no-store"
    urls = dict(
        re.findall(
            r"<td>(Алексеева Ученик|Борисов Ученик)</td><td class=\"link-cell\"><code>(http://[^<]+)</code>",
            sheet.content.decode(),
        )
    )
    assert set(urls) == {"Алексеева Ученик", "Борисов Ученик"}
    path = urls["Алексеева Ученик"].removeprefix("http://testserver")
    assert path.startswith(f"{A}/answer/")

    student = Client()  # nobody logged in
    page = student.get(path)
    html = page.content.decode()
    assert page.status_code == 200 and "Диагностика 7-х классов" in html
    # Only the questionnaire: no menu, no school bar, nothing of the programme.
    for foreign in ("school-nav", "schoolbar", "Участники", "Пары и группы", "Борисов", "Алексеева"):
        assert foreign not in html

    missing = student.post(path, form_answers(world, survey, likert5=None))
    assert (
        missing.status_code == 400 and "Ответьте на этот вопрос: он обязательный." in missing.content.decode()
    )
    with schema_context(world.school_a.schema_name):
        assert not SurveyResponse.objects.exists() and not Answer.objects.exists()

    thanks = student.post(path, form_answers(world, survey))
    assert thanks.status_code == 200 and "Спасибо!" in thanks.content.decode()
    used = student.get(path)
    assert used.status_code == 410 and "Ссылка уже использована" in used.content.decode()
    again = student.post(path, form_answers(world, survey))
    assert again.status_code == 410
    with schema_context(world.school_a.schema_name):
        assert SurveyResponse.objects.count() == 1


def test_an_expired_link_says_so(world):
    _, _, people, token = sent_with_link(world)
    with schema_context(world.school_a.schema_name):
        Invitation.objects.filter(participant=people.alice).update(expires_at="2026-01-01T00:00:00+03:00")
    page = Client().get(f"{A}/answer/{token}/")
    assert page.status_code == 410 and "Срок действия ссылки истёк" in page.content.decode()


def test_a_token_of_school_a_is_unknown_under_school_b(world, client_of):
    _, _, _, token = sent_with_link(world)
    assert Client().get(f"{B}/answer/{token}/").status_code == 404
    assert Client().post(f"{B}/answer/{token}/", {}).status_code == 404
    assert Client().get(f"{A}/answer/{'x' * 43}/").status_code == 404
    assert client_of("curator_b").get(f"{B}/answer/{token}/").status_code == 404


def test_curator_b_gets_404_on_school_a_pages_and_school_a_surveys_stay_out_of_b(world, client_of):
    survey, result, _, _ = sent_with_link(world)
    own = in_a(world, lambda: impact_survey(title="Только в школе А"))
    other = client_of("curator_b")
    for url in (
        f"{A}/surveys/",
        f"{A}/surveys/{survey.pk}/",
        f"{A}/surveys/{survey.pk}/preview/",
        f"{A}/surveys/distributions/{result.distribution.pk}/",
        f"{A}/my-surveys/",
    ):
        assert other.get(url).status_code == 404, url
    assert other.post(f"{A}/surveys/distributions/{result.distribution.pk}/links/").status_code == 404
    listed = other.get(f"{B}/surveys/").content.decode()
    assert own.title not in listed and "Диагностика 7-х классов" not in listed


def test_my_surveys_lists_and_takes_a_logged_in_participants_answers(world, client_of):
    def build():
        people = programme_with_people()
        me = make.teacher("Сучётной", user=world.users["mentor_a"])
        survey = impact_survey()
        result = send(survey, people, ids=[me.pk])
        return survey, Invitation.objects.get(distribution=result.distribution, participant=me)

    survey, invitation = in_a(world, build)
    mentor = client_of("mentor_a")
    listed = mentor.get(f"{A}/my-surveys/").content.decode()
    assert f"/s/school-a/my-surveys/{invitation.pk}/" in listed
    bad = mentor.post(f"{A}/my-surveys/{invitation.pk}/", form_answers(world, survey, scale10="11"))
    assert bad.status_code == 400 and "Выберите балл от 1 до 10." in bad.content.decode()
    done = mentor.post(f"{A}/my-surveys/{invitation.pk}/", form_answers(world, survey), follow=True)
    assert "Спасибо! Ваши ответы приняты." in done.content.decode()
    with schema_context(world.school_a.schema_name):
        assert SurveyResponse.objects.get().participant_id == invitation.participant_id
    assert client_of("curator_a").get(f"{A}/my-surveys/{invitation.pk}/").status_code == 404


def test_the_curator_creates_a_survey_on_the_page_and_previews_every_kind_of_question(world, client_of):
    curator = client_of("curator_a")
    assert curator.get(f"{A}/surveys/new/").status_code == 200
    refused = curator.post(f"{A}/surveys/new/", {"title": "", "purpose": "impact", "audience": "any"})
    assert refused.status_code == 400
    created = curator.post(
        f"{A}/surveys/new/", {"title": "Анкета школы", "purpose": "process", "audience": "mentor", "form": ""}
    )
    assert created.status_code == 302
    survey = in_a(world, impact_survey)
    preview = curator.get(f"{A}/surveys/{survey.pk}/preview/")
    html = preview.content.decode()
    assert preview.status_code == 200 and "<fieldset" in html and " disabled" in html
    for text in ("Мне интересно учиться", "Я волнуюсь у доски", "уроки", 'value="10"'):
        assert text in html
    assert curator.get(f"{A}/surveys/{survey.pk}/preview/?version=7").status_code == 404
    with schema_context(world.school_a.schema_name):
        assert Survey.objects.get(title="Анкета школы").versions.get().number == 1
