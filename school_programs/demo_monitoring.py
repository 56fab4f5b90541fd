"""Monitoring in the demo: last year's completed programme with entry and exit answers and marks, and
this year's entry survey half answered.

The answers are generated so that forms differ on purpose (ученик – ученик grows most, работодатель –
ученик least), so the reports have something to show; the generator is seeded per school, so two
runs give the same data.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from tenants.demo_calendar import on, school_year

from .models import (
    Answer,
    Distribution,
    Form,
    Grade,
    GroupMentee,
    GroupStatus,
    Invitation,
    MenteeRequest,
    MentorEntry,
    MentoringGroup,
    Participant,
    ParticipantKind,
    Programme,
    Question,
    RequestStatus,
    RoleModel,
    Survey,
    SurveyResponse,
    SurveyVersion,
)

# Mean growth on a 1–5 item per form: what the demo's reports should rank.
EFFECT = {
    Form.STUDENT_STUDENT: 0.9,
    Form.TEACHER_TEACHER: 0.7,
    Form.TEACHER_STUDENT: 0.55,
    Form.EMPLOYER_STUDENT: 0.2,
}


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _answers(
    response: SurveyResponse, questions: list[Question], base: float, shift: float, rng
) -> list[Answer]:
    """One answer per question (and per matrix row); oriented items move with the shift."""
    answers = []
    for question in questions:
        low_high = question.scale
        if question.kind == Question.Kind.MATRIX:
            for index, row in enumerate(question.rows):
                # `value` is how well the person is doing (higher is better) and grows by the shift; an
                # item where less is better (anxiety, deficits) is answered as its mirror, so it falls.
                value = base + rng.gauss(0, 0.45) + shift
                if row.get("direction", 1) == -1:
                    value = 6 - value
                answers.append(
                    Answer(response=response, question=question, row=index, number=_clamp(value, *low_high))
                )
        elif low_high:
            scale_base = base if low_high[1] == 5 else base * 2
            value = scale_base + rng.gauss(0, 0.6) + shift
            if question.direction == -1:
                value = low_high[0] + low_high[1] - value  # less is better: the answer falls as they grow
            answers.append(Answer(response=response, question=question, number=_clamp(value, *low_high)))
        elif question.kind in {Question.Kind.SINGLE, Question.Kind.MULTIPLE} and question.choices:
            answers.append(
                Answer(response=response, question=question, selected=[rng.choice(question.choices)])
            )
        elif question.required:
            answers.append(Answer(response=response, question=question, text="Всё понятно, работаем дальше."))
    return answers


def _questions(survey: Survey) -> tuple[SurveyVersion | None, list[Question]]:
    version = survey.versions.order_by("-number").first()
    return version, list(
        Question.objects.filter(section__version=version).order_by("section__order", "order")
    )


def _wave(programme, survey, wave, period, people, shifts, bases, rng, answered_share=1.0):
    version, questions = _questions(survey)
    distribution = Distribution.objects.create(
        programme=programme, version=version, wave=wave, opens_on=period[0], closes_on=period[1]
    )
    answered_at = datetime.datetime.combine(period[0] + datetime.timedelta(days=3), datetime.time(12))
    answers = []
    for person in people:
        invitation = Invitation.objects.create(distribution=distribution, participant=person)
        if rng.random() > answered_share:
            continue
        response = SurveyResponse.objects.create(distribution=distribution, participant=person)
        answers += _answers(response, questions, bases[person.pk], shifts.get(person.pk, 0.0), rng)
        invitation.used_at = answered_at.replace(tzinfo=datetime.UTC)
        invitation.save(update_fields=["used_at"])
    Answer.objects.bulk_create(answers)
    # `submitted_at` is stamped with the real clock on create; the demo's answers were given in the wave.
    SurveyResponse.objects.filter(distribution=distribution).update(
        submitted_at=answered_at.replace(tzinfo=datetime.UTC)
    )
    return distribution


def seed_previous_year(students, teachers, externals, rng: random.Random) -> Programme:
    """A completed programme of last school year whose pairs of four forms were measured at entry and exit."""
    programme = Programme.objects.create(
        title=f"Программа наставничества на {school_year(on(2025, 11, 22))} учебный год",
        start_date=on(2025, 9, 1),
        end_date=on(2026, 5, 31),
        status=Programme.Status.COMPLETED,
        completed_on=on(2026, 5, 31),
        forms=list(EFFECT),
        final_report="Программа завершена: итоги рассмотрены на педагогическом совете.",
    )
    senior = [s for s in students if s.grade and s.grade >= 10]
    young = [s for s in students if s.grade and s.grade <= 8]
    plan = [
        (Form.STUDENT_STUDENT, senior[:3], young[0:12], "успевающий – неуспевающий"),
        (Form.TEACHER_STUDENT, teachers[8:10], young[12:22], "учитель – неуспевающий ученик"),
        (Form.EMPLOYER_STUDENT, externals[:1], senior[3:11], "работодатель – ученик"),
        (
            Form.TEACHER_TEACHER,
            teachers[10:12],
            teachers[4:8] + teachers[12:13] + teachers[14:16],
            "опытный учитель – молодой специалист",
        ),
    ]
    shifts: dict[int, float] = {}
    for form, mentors, mentees, role_name in plan:
        role_model = RoleModel.objects.filter(form=form, name=role_name).first()
        per_mentor = -(-len(mentees) // len(mentors))
        for index, mentor_person in enumerate(mentors):
            chunk = mentees[index * per_mentor : (index + 1) * per_mentor]
            if not chunk:
                continue
            teacher = mentor_person.kind == ParticipantKind.TEACHER
            entry = MentorEntry.objects.create(
                programme=programme,
                participant=mentor_person,
                forms=[form],
                capacity=len(chunk),
                selection=MentorEntry.Selection.SELECTED,
                interview_passed=True,
                training_completed_on=on(2025, 9, 20),
                written_consent_on=on(2025, 9, 5) if teacher else None,
            )
            group = MentoringGroup.objects.create(
                programme=programme,
                form=form,
                role_model=role_model,
                mentor=entry,
                start_date=on(2025, 10, 1),
                end_date=on(2026, 5, 31),
                status=GroupStatus.COMPLETED,
                completed_on=on(2026, 5, 31),
                result_summary="Цели индивидуальных планов в основном достигнуты.",
            )
            for person in chunk:
                request = MenteeRequest.objects.create(
                    programme=programme,
                    participant=person,
                    form=form,
                    topic=f"Запрос {school_year(on(2025, 11, 22))} учебного года",
                    status=RequestStatus.CLOSED,
                )
                GroupMentee.objects.create(group=group, request=request, joined_on=group.start_date)
                shifts[person.pk] = EFFECT[form] + rng.gauss(0, 0.25)
    people = [p for _, _, mentees, _ in plan for p in mentees]
    bases = {p.pk: rng.uniform(2.3, 3.4) for p in people}
    for code, audience in (
        ("impact_student", ParticipantKind.STUDENT),
        ("impact_teacher", ParticipantKind.TEACHER),
    ):
        survey = Survey.objects.filter(instrument_code=code).first()
        if survey is None:
            continue
        group_people = [p for p in people if p.kind == audience]
        _wave(
            programme,
            survey,
            Distribution.Wave.ENTRY,
            (on(2025, 9, 15), on(2025, 9, 30)),
            group_people,
            {},
            bases,
            rng,
        )
        _wave(
            programme,
            survey,
            Distribution.Wave.EXIT,
            (on(2026, 5, 12), on(2026, 5, 26)),
            group_people,
            shifts,
            bases,
            rng,
        )
    _marks([p for p in people if p.kind == ParticipantKind.STUDENT], shifts, rng)
    return programme


def _marks(students: list[Participant], shifts: dict[int, float], rng: random.Random) -> None:
    grades = []
    for student in students:
        for subject in ("математика", "русский язык"):
            start = rng.uniform(2.8, 3.8)
            end = start + shifts.get(student.pk, 0) * 0.45 + rng.gauss(0, 0.15)
            for period, day, value in (
                (f"{school_year(on(2025, 11, 22))}, I четверть", on(2025, 10, 31), start),
                (f"{school_year(on(2025, 11, 22))}, год", on(2026, 5, 31), end),
            ):
                grades.append(
                    Grade(
                        participant=student,
                        subject=subject,
                        period=period,
                        period_end=day,
                        value=Decimal(str(round(max(2.0, min(5.0, value)), 2))),
                    )
                )
    Grade.objects.bulk_create(grades)


def seed_current_entry(programme: Programme, rng: random.Random) -> None:
    """This year's entry survey for the student mentees: sent in September, about 70% answered."""
    survey = Survey.objects.filter(instrument_code="impact_student").first()
    if survey is None:
        return
    people = list(
        Participant.objects.filter(
            kind=ParticipantKind.STUDENT,
            mentee_requests__placements__group__programme=programme,
            mentee_requests__placements__left_on__isnull=True,
        ).distinct()
    )
    bases = {p.pk: rng.uniform(2.3, 3.4) for p in people}
    _wave(
        programme,
        survey,
        Distribution.Wave.ENTRY,
        (on(2026, 10, 5), on(2026, 12, 20)),
        people,
        {},
        bases,
        rng,
        answered_share=0.7,
    )
