"""Factories for monitoring tests: surveys, distributions, responses, answers and marks, written straight
through the ORM in the current schema (inside `schema_context(...)` or `in_school_a`), so that the
reports are tested without the survey engine's services."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from types import SimpleNamespace

from django.utils import timezone

from school_programs.models import (
    Answer,
    Construct,
    Distribution,
    Form,
    Grade,
    Question,
    Survey,
    SurveyResponse,
    SurveySection,
    SurveyVersion,
)

from . import school as make

ENTRY_DAY = datetime.date(2026, 9, 10)
EXIT_DAY = datetime.date(2027, 5, 20)


def survey(
    title="Анкета входа и выхода", *, purpose=Survey.Purpose.IMPACT, anonymous=False, **fields
) -> SurveyVersion:
    """A survey with its first version and one section; add questions with `question`/`matrix`."""
    created = Survey.objects.create(title=title, purpose=purpose, is_anonymous=anonymous, **fields)
    version = SurveyVersion.objects.create(survey=created, number=1)
    SurveySection.objects.create(version=version, order=1, title="Раздел 1")
    return version


def _next_order(version: SurveyVersion) -> tuple[SurveySection, int]:
    section = version.sections.get(order=1)
    return section, section.questions.count() + 1


def question(
    version: SurveyVersion,
    *,
    kind=Question.Kind.LIKERT5,
    construct="",
    direction=1,
    text=None,
    choices=(),
    required=True,
) -> Question:
    section, order = _next_order(version)
    return Question.objects.create(
        section=section,
        order=order,
        kind=kind,
        text=text or f"Вопрос {order}",
        construct=construct,
        direction=direction,
        choices=list(choices),
        required=required,
    )


def matrix(
    version: SurveyVersion, rows: Iterable[tuple[str, int]], *, text="Оцените утверждения"
) -> Question:
    """A matrix question; rows: (construct, direction) each."""
    section, order = _next_order(version)
    return Question.objects.create(
        section=section,
        order=order,
        kind=Question.Kind.MATRIX,
        text=text,
        rows=[
            {"text": f"Утверждение {n}", "construct": construct, "direction": direction}
            for n, (construct, direction) in enumerate(rows, start=1)
        ],
    )


def distribution(programme, version: SurveyVersion, wave: str, *, opens_on=None, days=14) -> Distribution:
    opens_on = opens_on or (ENTRY_DAY if wave == Distribution.Wave.ENTRY else EXIT_DAY)
    return Distribution.objects.create(
        programme=programme,
        version=version,
        wave=wave,
        opens_on=opens_on,
        closes_on=opens_on + datetime.timedelta(days=days),
    )


def respond(distribution: Distribution, participant, values: dict, *, on=None) -> SurveyResponse:
    """A submitted response. values: {question: number | text | [selected]} or {(matrix, row): number}.

    participant=None makes an anonymous response."""
    response = SurveyResponse.objects.create(distribution=distribution, participant=participant)
    if on is not None:
        moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
        SurveyResponse.objects.filter(pk=response.pk).update(submitted_at=moment)
    answers = []
    for key, value in values.items():
        item, row = key if isinstance(key, tuple) else (key, None)
        answer = Answer(response=response, question=item, row=row)
        if isinstance(value, list):
            answer.selected = value
        elif isinstance(value, str):
            answer.text = value
        else:
            answer.number = value
        answers.append(answer)
    Answer.objects.bulk_create(answers)
    return response


def grade(participant, subject, period, period_end, value) -> Grade:
    return Grade.objects.create(
        participant=participant, subject=subject, period=period, period_end=period_end, value=value
    )


def measured_programme(*, mentees: int = 6, surname: str = "Измеренный") -> SimpleNamespace:
    """A programme whose report is known by construction.

    `mentees` students, each in a teacher–student pair: competencies 3 → 4 on two items (all grew),
    anxiety (lower is better) 3 → 3 (nobody grew); the first student has marks 3 → 4 in algebra.
    A stage-1 survey sent once has one named open answer and one anonymous response."""
    programme = make.programme()
    version = survey()
    competencies = [question(version, construct=Construct.COMPETENCIES) for _ in range(2)]
    anxiety = question(version, construct=Construct.ANXIETY, direction=-1)
    entry = distribution(programme, version, Distribution.Wave.ENTRY)
    exit_ = distribution(programme, version, Distribution.Wave.EXIT)
    people, groups = [], []
    for n in range(mentees):
        person = make.student(f"{surname}{n}")
        mentor = make.mentor(programme, make.teacher(f"Наставник{surname}{n}"), forms=[Form.TEACHER_STUDENT])
        groups.append(
            make.group(programme, mentor, [make.mentee(programme, person, form=Form.TEACHER_STUDENT)])
        )
        respond(entry, person, {**dict.fromkeys(competencies, 3), anxiety: 3})
        respond(exit_, person, {**dict.fromkeys(competencies, 4), anxiety: 3}, on=EXIT_DAY)
        people.append(person)
    grade(people[0], "алгебра", "2025/26, год", datetime.date(2026, 5, 31), 3)
    grade(people[0], "алгебра", "2026/27, год", datetime.date(2027, 5, 31), 4)
    process = survey("Качество программы", purpose=Survey.Purpose.PROCESS)
    useful = question(process, kind=Question.Kind.SINGLE, choices=["да", "нет"], text="Полезно ли?")
    opinion = question(process, kind=Question.Kind.OPEN, text="Что улучшить?", required=False)
    once = distribution(programme, process, Distribution.Wave.ONCE)
    respond(once, people[0], {useful: ["да"], opinion: "Больше встреч с наставником"})
    respond(once, None, {useful: ["нет"], opinion: "Анонимное мнение"})
    return SimpleNamespace(
        programme=programme, people=people, groups=groups, entry=entry, exit=exit_, once=once
    )
