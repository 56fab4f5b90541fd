"""Validating and storing answers to a questionnaire: through a one-time link or logged in.

Rules (issue 4, «Bad input»): every required question answered; scale answers inside the scale
(1–10, or 1–5 for Likert and matrices); choices among the question's options; a matrix either fully
answered or (when optional) not at all. Each problem gets a Russian message keyed by the question
(`q<id>`), and on any problem nothing is written. A link works once and until it expires; its token
is looked up only in the current school's schema. In an anonymous survey the response is stored
without the person (the invitation is still marked used, so the response rate is known), and both
times are kept to the day only, so that the order of answers does not tell who answered what.

How answers are stored (read by the monitoring reports): one Answer per question; `number` for
scales, `text` for open questions, `selected` (list of the option texts) for single and multiple
choice; a matrix gets one Answer per row with `row` = the row's index in Question.rows (from 0).
Unanswered optional questions have no Answer.

Schema: TENANT.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nastavnik.russian import counted

from ..models import Answer, Invitation, Participant, Question, SurveyResponse, SurveyVersion
from ..selectors.consents import consent_problem
from ..selectors.surveys import invitation_by_token, version_questions

MAX_TEXT = 5000


class AnswerRefused(Exception):
    """The questionnaire cannot be answered now; `message` is shown to the person as it is."""

    title = "Анкета недоступна"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class LinkUnknown(AnswerRefused):
    """No such link in this school: answered with 404, telling nothing."""


class AlreadyAnswered(AnswerRefused):
    title = "Ссылка уже использована"


class LinkExpired(AnswerRefused):
    title = "Срок действия ссылки истёк"


class NotOpen(AnswerRefused):
    title = "Анкета пока закрыта"


def _date(day: datetime.date) -> str:
    return f"{day:%d.%m.%Y}"


def _check_answerable(invitation: Invitation, *, now: datetime.datetime, by_link: bool) -> None:
    distribution = invitation.distribution
    today = timezone.localdate(now)
    if invitation.used_at is not None:
        if by_link:
            raise AlreadyAnswered("Ссылка уже использована: анкета по ней заполнена. Спасибо!")
        raise AlreadyAnswered("Вы уже ответили на эту анкету. Спасибо!")
    if by_link and (invitation.expires_at is None or invitation.expires_at < now):
        raise LinkExpired(
            "Срок действия ссылки истёк. Если вы ещё не ответили, попросите в школе новую ссылку."
        )
    if distribution.closes_on < today:
        raise LinkExpired(f"Приём ответов на эту анкету закончился {_date(distribution.closes_on)}.")
    if distribution.opens_on > today:
        raise NotOpen(f"Анкета откроется {_date(distribution.opens_on)}.")
    if consent_problem(invitation.participant, on=today):
        raise NotOpen(
            "Ответ сейчас не может быть принят: не действует согласие на обработку персональных данных. "
            "Обратитесь к классному руководителю или куратору программы."
        )


def link_open(*, token: str, now: datetime.datetime | None = None) -> Invitation:
    """The invitation behind a one-time link, if it can be answered now (else an AnswerRefused)."""
    invitation = invitation_by_token(token)
    if invitation is None:
        raise LinkUnknown("Ссылка не найдена.")
    _check_answerable(invitation, now=now or timezone.now(), by_link=True)
    return invitation


def invitation_open(*, invitation: Invitation, now: datetime.datetime | None = None) -> Invitation:
    """The logged-in path: the participant's own invitation, if it can be answered now."""
    _check_answerable(invitation, now=now or timezone.now(), by_link=False)
    return invitation


# --- Validation ----------------------------------------------------------------------------------------


def _blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | dict):
        return all(_blank(item) for item in (value.values() if isinstance(value, dict) else value))
    return False


def _score(value, low: int, high: int) -> int | None:
    """The integer score, or None when it is not a whole number inside the scale."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    if str(number) != str(value).strip() and not (isinstance(value, float) and value == number):
        return None
    return number if low <= number <= high else None


def _as_list(value) -> list:
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def _matrix_values(question: Question, value) -> list:
    """One value per row, from a list (in row order) or a mapping {row index: value}."""
    count = len(question.rows)
    if isinstance(value, Mapping):
        values = [None] * count
        for key, item in value.items():
            try:
                index = int(key)
            except (TypeError, ValueError):
                raise ValidationError("Строки матрицы указываются номерами с нуля.") from None
            if not 0 <= index < count:
                raise ValidationError(f"В матрице нет строки № {index}.")
            values[index] = item
        return values
    values = _as_list(value)
    if len(values) > count:
        raise ValidationError(
            f"В матрице {counted(count, 'строка', 'строки', 'строк')}, а ответов {len(values)}."
        )
    return values + [None] * (count - len(values))


def _answers_for(question: Question, value) -> list[Answer]:
    """The Answer rows of one question (unsaved), or a ValidationError with a Russian message."""
    kind = question.kind
    if _blank(value):
        if question.required:
            if kind == Question.Kind.MATRIX:
                raise ValidationError("Отметьте ответ в каждой строке: вопрос обязательный.")
            raise ValidationError("Ответьте на этот вопрос: он обязательный.")
        return []
    if kind == Question.Kind.OPEN:
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            raise ValidationError(f"Ответ длиннее {MAX_TEXT} знаков: сократите его.")
        return [Answer(question=question, text=text)]
    if kind in {Question.Kind.SINGLE, Question.Kind.MULTIPLE}:
        chosen = [str(item).strip() for item in _as_list(value) if not _blank(item)]
        strangers = [item for item in chosen if item not in question.choices]
        if strangers:
            raise ValidationError(f"Такого варианта ответа нет: «{strangers[0][:100]}».")
        if kind == Question.Kind.SINGLE and len(chosen) != 1:
            raise ValidationError("Выберите один вариант ответа.")
        return [Answer(question=question, selected=list(dict.fromkeys(chosen)))]
    low, high = question.scale
    if kind == Question.Kind.MATRIX:
        values = _matrix_values(question, value)
        missing = [question.rows[i]["text"] for i, item in enumerate(values) if _blank(item)]
        if missing:
            raise ValidationError(
                f"Отметьте ответ в каждой строке; не отмечено: «{missing[0]}»"
                + (f" и ещё {len(missing) - 1}." if len(missing) > 1 else ".")
            )
        scores = [_score(item, low, high) for item in values]
        wrong = [question.rows[i]["text"] for i, score in enumerate(scores) if score is None]
        if wrong:
            raise ValidationError(f"Строка «{wrong[0]}»: выберите балл от {low} до {high}.")
        return [Answer(question=question, row=index, number=score) for index, score in enumerate(scores)]
    if isinstance(value, list | tuple):
        value = value[0] if len(value) == 1 else None
    score = _score(value, low, high)
    if score is None:
        raise ValidationError(f"Выберите балл от {low} до {high}.")
    return [Answer(question=question, number=score)]


def answers_clean(*, version: SurveyVersion, answers: Mapping) -> list[Answer]:
    """Every question's answers checked; all problems at once, keyed `q<id>`; nothing saved."""
    if not isinstance(answers, Mapping):
        raise ValidationError({"answers": "Ответы передаются как словарь: номер вопроса → ответ."})
    questions = version_questions(version)
    by_id = {question.pk: question for question in questions}
    given: dict[int, object] = {}
    strangers = []
    for key, value in answers.items():
        try:
            question_id = int(str(key).removeprefix("q"))
        except ValueError:
            question_id = None
        if question_id not in by_id:
            strangers.append(str(key))
            continue
        given[question_id] = value
    if strangers:
        raise ValidationError(
            {"answers": f"В ответе есть вопросы не из этой анкеты: {', '.join(strangers[:10])}."}
        )
    rows, errors = [], {}
    for question in questions:
        try:
            rows += _answers_for(question, given.get(question.pk))
        except ValidationError as error:
            errors[f"q{question.pk}"] = error.messages
    if errors:
        raise ValidationError(errors)
    return rows


# --- Storing -----------------------------------------------------------------------------------------------


def _store(
    invitation: Invitation, answers: Mapping, now: datetime.datetime, *, by_link: bool
) -> SurveyResponse:
    # The invitation row lock makes «once» hold under a double submit; the version row lock makes an
    # edit of the survey wait (or the answer wait for it), so a version never changes under answers.
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("participant", "distribution__version__survey")
        .get(pk=invitation.pk)
    )
    _check_answerable(invitation, now=now, by_link=by_link)
    distribution = invitation.distribution
    version = SurveyVersion.objects.select_for_update().get(pk=distribution.version_id)
    rows = answers_clean(version=version, answers=answers)
    anonymous = version.survey.is_anonymous
    response = SurveyResponse.objects.create(
        distribution=distribution, participant=None if anonymous else invitation.participant
    )
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    used_at = now
    if anonymous:
        day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        SurveyResponse.objects.filter(pk=response.pk).update(submitted_at=day)
        response.submitted_at = used_at = day
    invitation.used_at = used_at
    invitation.save(update_fields=["used_at"])
    return response


@transaction.atomic
def answer_by_link(*, token: str, answers: Mapping, now: datetime.datetime | None = None) -> SurveyResponse:
    """Store the answers given through a one-time link; the link is used up."""
    now = now or timezone.now()
    invitation = link_open(token=token, now=now)
    return _store(invitation, answers, now, by_link=True)


@transaction.atomic
def answer_as_participant(
    *,
    invitation: Invitation,
    participant: Participant,
    answers: Mapping,
    now: datetime.datetime | None = None,
) -> SurveyResponse:
    """Store the answers of a logged-in participant to their own invitation."""
    if invitation.participant_id != participant.pk:
        raise LinkUnknown("Приглашение не найдено.")
    return _store(invitation, answers, now or timezone.now(), by_link=False)
