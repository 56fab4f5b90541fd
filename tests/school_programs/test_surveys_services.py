"""The survey engine: shipped instruments, question rules, versioning, copies.

The builders at the top are shared by the other test_surveys_* modules."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from school_programs.instruments import INSTRUMENTS
from school_programs.models import (
    Answer,
    Construct,
    Form,
    GrowthRule,
    Question,
    Survey,
    SurveySection,
    SurveyVersion,
)
from school_programs.selectors.surveys import Recipients, recipient_ids
from school_programs.services import answering, distribution, surveys
from tests.support import school as make

# --- Shared builders ------------------------------------------------------------------------------------


def impact_survey(*, anonymous: bool = False, title: str = "Диагностика 7-х классов") -> Survey:
    """A small stage-2 survey with a question of every kind."""
    return surveys.survey_create(
        title=title,
        purpose=Survey.Purpose.IMPACT,
        audience=Survey.Audience.MENTEE_STUDENT,
        is_anonymous=anonymous,
        sections=[
            {
                "title": "О себе",
                "questions": [
                    {"kind": "likert5", "text": "Мне интересно учиться", "construct": "motivation"},
                    {"kind": "scale10", "text": "Оцените свою уверенность", "construct": "self_esteem"},
                    {"kind": "single", "text": "Есть ли у вас наставник?", "choices": ["да", "нет"]},
                    {
                        "kind": "multiple",
                        "text": "Чем занимались?",
                        "choices": ["уроки", "проекты", "спорт"],
                        "required": False,
                    },
                    {"kind": "open", "text": "Что хотите изменить?", "required": False},
                    {
                        "kind": "matrix",
                        "text": "Насколько вы согласны?",
                        "rows": [
                            {"text": "Я планирую свою работу", "construct": "metasubject", "direction": 1},
                            {"text": "Я волнуюсь у доски", "construct": "anxiety", "direction": -1},
                        ],
                    },
                ],
            }
        ],
    )


def questions_of(survey: Survey) -> SimpleNamespace:
    version = surveys.version_latest(survey)
    found = {q.kind: q for q in Question.objects.filter(section__version=version)}
    return SimpleNamespace(**found)


def good_answers(survey: Survey) -> dict:
    q = questions_of(survey)
    return {
        q.likert5.pk: 4,
        q.scale10.pk: "7",
        q.single.pk: "да",
        q.multiple.pk: ["уроки", "спорт"],
        q.matrix.pk: [3, 2],
    }


def programme_with_people(*, today: datetime.date | None = None) -> SimpleNamespace:
    """A programme with a teacher–student group of three consenting students and one without consent."""
    programme = make.programme()
    mentor_person = make.teacher("Наставникова", email="mentor@school.test")
    alice = make.student("Алексеева", grade=7, letter="А", email="alice@school.test")
    boris = make.student("Борисов", grade=7, letter="А")
    vera = make.student("Васильева", grade=8, letter="Б")
    nobody = make.student("Несогласова", grade=7, letter="А", consent=False)
    mentor = make.mentor(programme, mentor_person, forms=[Form.TEACHER_STUDENT])
    requests = [make.mentee(programme, p, form=Form.TEACHER_STUDENT) for p in (alice, boris, vera, nobody)]
    group = make.group(programme, mentor, requests)
    return SimpleNamespace(
        programme=programme,
        mentor=mentor_person,
        alice=alice,
        boris=boris,
        vera=vera,
        nobody=nobody,
        group=group,
        today=today or timezone.localdate(),
    )


def send(survey: Survey, people: SimpleNamespace, *, wave="entry", ids=None, days: int = 14):
    return distribution.distribution_create(
        survey=survey,
        programme=people.programme,
        wave=wave,
        opens_on=people.today,
        closes_on=people.today + datetime.timedelta(days=days),
        participant_ids=ids
        if ids is not None
        else recipient_ids(programme=people.programme, kind=Recipients.MENTEES),
    )


def link_of(sending, participant) -> str:
    """Issue the distribution's links and return the token of one participant."""
    sheet = distribution.links_issue(distribution=sending.distribution)
    return next(link.token for link in sheet.links if link.participant.pk == participant.pk)


def answered_survey(people=None):
    """An impact survey sent to the group, with Alice's answers stored through her link."""
    people = people or programme_with_people()
    survey = impact_survey()
    sending = send(survey, people)
    token = link_of(sending, people.alice)
    answering.answer_by_link(token=token, answers=good_answers(survey))
    return survey, sending, people


# --- Shipped instruments ----------------------------------------------------------------------------


def test_a_new_school_starts_with_the_shipped_instruments_constructs_and_growth_rules(in_school_b):
    shipped = {s.instrument_code: s for s in Survey.objects.exclude(instrument_code="")}
    assert set(shipped) == {instrument["code"] for instrument in INSTRUMENTS}
    assert {s.purpose for s in shipped.values()} == {"process", "impact", "satisfaction"}
    assert shipped["process_curator"].audience == Survey.Audience.CURATOR
    curator_texts = set(
        Question.objects.filter(section__version__survey=shipped["process_curator"]).values_list(
            "text", flat=True
        )
    )
    assert {"Сильные стороны программы (S)", "Угрозы и риски (T)"} <= curator_texts

    student = Question.objects.filter(section__version__survey=shipped["impact_student"], kind="matrix")
    rows = [row for question in student for row in question.rows]
    assert {row["construct"] for row in rows} == {
        "motivation",
        "competencies",
        "metasubject",
        "engagement",
        "activity",
        "self_esteem",
        "anxiety",
        "self_education",
    }
    assert {row["direction"] for row in rows if row["construct"] == "anxiety"} == {-1}
    assert {row["direction"] for row in rows if row["construct"] != "anxiety"} == {1}

    teacher = Question.objects.filter(section__version__survey=shipped["impact_teacher"], kind="matrix")
    deficits = {
        row["construct"]: row["direction"] for q in teacher for row in q.rows if "deficit" in row["construct"]
    }
    assert deficits == {
        "deficit_subject": -1,
        "deficit_methodical": -1,
        "deficit_psychological": -1,
        "deficit_communicative": -1,
    }
    # Every scale of every shipped instrument says what it measures.
    scales = Question.objects.filter(
        section__version__survey__instrument_code__gt="", kind__in=["scale10", "likert5"]
    )
    assert scales.exists() and not scales.filter(construct="").exists()

    rules = {rule.construct: rule for rule in GrowthRule.objects.all()}
    assert set(rules) == set(Construct.values)
    assert rules["motivation"].threshold == Decimal("0.50")
    assert rules["academic"].threshold == Decimal("0.30")
    assert "ниже" in rules["anxiety"].note and "отметка" in rules["academic"].note


# --- Question rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "field", "message"),
    [
        ({"kind": "single", "text": "Да?", "choices": ["да"]}, "choices", "не меньше двух"),
        ({"kind": "multiple", "text": "Что?", "choices": ["а", "а", "б"]}, "choices", "повторяются"),
        ({"kind": "matrix", "text": "Согласны?", "rows": []}, "rows", "хотя бы одна строка"),
        ({"kind": "matrix", "text": "Согласны?", "rows": [{"text": "Я рад"}]}, "rows", "конструкт"),
        (
            {"kind": "matrix", "text": "?", "rows": [{"text": "Я", "construct": "anxiety", "direction": 2}]},
            "rows",
            "направление",
        ),
        ({"kind": "likert5", "text": "Интересно?"}, "construct", "этапа 2"),
        (
            {"kind": "scale10", "text": "Сколько?", "construct": "motivation", "direction": 0},
            "direction",
            "−1",
        ),
        ({"kind": "essay", "text": "?"}, "kind", "Неизвестный тип"),
        ({"kind": "open", "text": "  "}, "text", "текст вопроса"),
    ],
)
def test_a_question_breaking_the_rules_is_refused_and_nothing_is_written(
    in_school_a, question, field, message
):
    survey = surveys.survey_create(title="Своя", purpose=Survey.Purpose.IMPACT)
    section = surveys.section_add(survey=survey, title="Раздел").obj
    before = Question.objects.count()
    with pytest.raises(ValidationError) as error:
        surveys.question_add(section=section, **question)
    assert message in " ".join(error.value.message_dict[field])
    assert Question.objects.count() == before


def test_a_scale_without_a_construct_is_allowed_outside_stage_two_and_extra_fields_are_cleared(in_school_a):
    survey = surveys.survey_create(title="Обратная связь", purpose=Survey.Purpose.PROCESS)
    section = surveys.section_add(survey=survey, title="Оценки").obj
    edit = surveys.question_add(
        section=section, kind="scale10", text="Насколько полезно?", choices=["лишнее"]
    )
    assert (edit.obj.construct, edit.obj.choices, edit.obj.direction) == ("", [], 1)
    with pytest.raises(ValidationError) as error:
        surveys.survey_update(survey=survey, purpose=Survey.Purpose.IMPACT)
    assert "Насколько полезно?" in error.value.message_dict["purpose"][0]


def test_a_survey_with_a_broken_question_is_not_created_at_all(in_school_a):
    before = (Survey.objects.count(), SurveyVersion.objects.count(), SurveySection.objects.count())
    with pytest.raises(ValidationError) as error:
        surveys.survey_create(
            title="Сломанная",
            purpose=Survey.Purpose.PROCESS,
            sections=[{"title": "Раздел", "questions": [{"kind": "single", "text": "Да?", "choices": []}]}],
        )
    assert "Раздел «Раздел», вопрос 1" in error.value.message_dict["sections"][0]
    assert (Survey.objects.count(), SurveyVersion.objects.count(), SurveySection.objects.count()) == before


# --- Versioning ---------------------------------------------------------------------------------------------


def test_a_version_without_answers_is_edited_in_place(in_school_a):
    survey = impact_survey()
    question = questions_of(survey).likert5
    edit = surveys.question_update(question=question, text="Мне нравится учиться")
    assert not edit.new_version and edit.version.number == 1
    assert "ответов на неё ещё нет" in edit.message
    question.refresh_from_db()
    assert question.text == "Мне нравится учиться"
    assert survey.versions.count() == 1


def test_an_edit_after_answers_makes_a_new_version_and_the_old_answers_stay(in_school_a):
    survey, _, _people = answered_survey()
    old = questions_of(survey)
    answers_before = list(
        Answer.objects.order_by("pk").values_list("question_id", "row", "number", "selected")
    )

    edit = surveys.question_update(question=old.likert5, text="Мне нравится учиться", construct="engagement")

    assert edit.new_version and edit.version.number == 2
    assert "создана версия 2" in edit.message and "Ответы версии 1 сохранены" in edit.message
    old.likert5.refresh_from_db()
    assert (old.likert5.text, old.likert5.construct) == ("Мне интересно учиться", "motivation")
    assert list(Answer.objects.order_by("pk").values_list("question_id", "row", "number", "selected")) == (
        answers_before
    )
    new = questions_of(survey)
    assert new.likert5.pk != old.likert5.pk and new.likert5.text == "Мне нравится учиться"
    assert new.matrix.rows == old.matrix.rows and new.single.choices == old.single.choices
    assert Question.objects.filter(section__version=edit.version).count() == 6

    # Version 2 has no answers yet: the next edit stays in it; the old version is no longer editable.
    again = surveys.section_add(survey=survey, title="Дополнительно")
    assert not again.new_version and again.version.number == 2
    with pytest.raises(ValidationError) as error:
        surveys.question_delete(question=old.open)
    assert "старой версии" in error.value.messages[0]
    assert Question.objects.filter(pk=old.open.pk).exists()


def test_deleting_and_moving_after_answers_also_go_to_a_new_version(in_school_a):
    survey, _, _ = answered_survey()
    old = questions_of(survey)
    deleted = surveys.question_delete(question=old.open)
    assert deleted.new_version and Question.objects.filter(pk=old.open.pk).exists()
    assert not Question.objects.filter(section__version=deleted.version, kind="open").exists()
    moved = surveys.question_move(question=questions_of(survey).scale10, offset=-1)
    assert not moved.new_version
    assert [q.kind for q in Question.objects.filter(section__version=moved.version).order_by("order")][
        :2
    ] == [
        "scale10",
        "likert5",
    ]


def test_purpose_and_anonymity_do_not_change_once_answered(in_school_a):
    survey, _, _ = answered_survey()
    with pytest.raises(ValidationError) as error:
        surveys.survey_update(survey=survey, is_anonymous=True)
    assert "Сделайте копию" in error.value.message_dict["is_anonymous"][0]
    survey.refresh_from_db()
    assert survey.is_anonymous is False
    renamed = surveys.survey_update(survey=survey, title="Новое название")
    assert renamed.title == "Новое название"
    with pytest.raises(ValidationError):
        surveys.survey_delete(survey=survey)


def test_a_copy_of_an_instrument_is_the_schools_own_and_independent(in_school_a):
    instrument = Survey.objects.get(instrument_code="impact_teacher")
    copy = surveys.survey_copy(survey=instrument, title="Диагностика молодых педагогов")
    assert copy.instrument_code == "" and copy.versions.get().number == 1
    original = list(Question.objects.filter(section__version__survey=instrument).values_list("text", "rows"))
    copied = list(Question.objects.filter(section__version__survey=copy).values_list("text", "rows"))
    assert copied == original
    first = Question.objects.filter(section__version__survey=copy).first()
    surveys.question_update(question=first, text="Изменённый вопрос")
    assert not Question.objects.filter(section__version__survey=instrument, text="Изменённый вопрос").exists()
