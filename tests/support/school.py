"""Factories for a school's programme in tests. They write straight through the ORM, in whatever
schema is current (use them inside `schema_context(...)` or the `in_school_a` fixture), so that a test
of one service does not depend on the others."""

from __future__ import annotations

import datetime
import itertools

from school_programs.models import (
    Consent,
    Form,
    GroupMentee,
    Guardianship,
    MenteeRequest,
    MentorEntry,
    MentoringGroup,
    Participant,
    ParticipantKind,
    Programme,
    RoleModel,
)
from tests.support.clock import TODAY  # noqa: F401  (make.TODAY in tests)

START = datetime.date(2026, 9, 1)
END = datetime.date(2027, 5, 31)
_numbers = itertools.count(1)


def programme(**fields) -> Programme:
    values = {
        "title": "Программа наставничества 2026/27",
        "start_date": START,
        "end_date": END,
        "forms": list(Form.values),
        **fields,
    }
    return Programme.objects.create(**values)


def consent(
    participant,
    *,
    by: Participant | None = None,
    special=False,
    signed_on=datetime.date(2026, 9, 1),
    **fields,
) -> Consent:
    return Consent.objects.create(
        participant=participant,
        scope=Consent.Scope.SPECIAL_CATEGORIES if special else Consent.Scope.PERSONAL_DATA,
        given_by=Consent.GivenBy.REPRESENTATIVE
        if by or participant.kind == "student"
        else Consent.GivenBy.SELF,
        representative=by,
        representative_name="" if by or participant.kind != "student" else "Родитель Законный Представитель",
        signed_on=signed_on,
        **fields,
    )


def _person(kind, last_name, first_name, with_consent, **fields) -> Participant:
    n = next(_numbers)
    person = Participant.objects.create(
        kind=kind, last_name=last_name or f"Участник{n}", first_name=first_name, **fields
    )
    if with_consent:
        consent(person)
    return person


def student(
    last_name=None, *, grade=7, letter="А", first_name="Ученик", consent=True, **fields
) -> Participant:
    fields.setdefault("birth_date", datetime.date(2026 - grade - 7, 3, 15))
    return _person(
        ParticipantKind.STUDENT, last_name, first_name, consent, grade=grade, class_letter=letter, **fields
    )


def teacher(last_name=None, *, first_name="Педагог", consent=True, **fields) -> Participant:
    fields.setdefault("position", "учитель")
    fields.setdefault("birth_date", datetime.date(1985, 5, 20))
    return _person(ParticipantKind.TEACHER, last_name, first_name, consent, **fields)


def parent(last_name=None, *, of=(), first_name="Родитель", consent=True, **fields) -> Participant:
    fields.setdefault("birth_date", datetime.date(1984, 1, 10))
    person = _person(ParticipantKind.PARENT, last_name, first_name, consent, **fields)
    for child in of:
        Guardianship.objects.create(parent=person, child=child)
    return person


def mentor(
    prog,
    person,
    *,
    forms=(Form.STUDENT_STUDENT,),
    selected=True,
    trained=True,
    capacity=1,
    topics=(),
    subjects=(),
    **fields,
) -> MentorEntry:
    return MentorEntry.objects.create(
        programme=prog,
        participant=person,
        forms=list(forms),
        capacity=capacity,
        topics=list(topics),
        subjects=list(subjects),
        selection=MentorEntry.Selection.SELECTED if selected else MentorEntry.Selection.CANDIDATE,
        interview_passed=True if selected else None,
        training_completed_on=datetime.date(2026, 9, 20) if trained else None,
        **fields,
    )


def mentee(
    prog, person, *, form=Form.STUDENT_STUDENT, topic="Подтянуть математику", topics=(), subject="", **fields
) -> MenteeRequest:
    return MenteeRequest.objects.create(
        programme=prog,
        participant=person,
        form=form,
        topic=topic,
        topics=list(topics),
        subject=subject,
        **fields,
    )


def group(
    prog,
    mentor_entry,
    requests,
    *,
    form=None,
    role_model=None,
    start=datetime.date(2026, 10, 1),
    end=END,
    **fields,
) -> MentoringGroup:
    form = form or requests[0].form
    if role_model is None:
        role_model = RoleModel.objects.filter(form=form).first()
    created = MentoringGroup.objects.create(
        programme=prog,
        form=form,
        role_model=role_model,
        mentor=mentor_entry,
        start_date=start,
        end_date=end,
        **fields,
    )
    for request in requests:
        GroupMentee.objects.create(group=created, request=request, joined_on=start)
        request.status = "matched"
        request.save(update_fields=["status"])
    return created
