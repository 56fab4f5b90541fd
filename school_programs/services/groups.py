"""Mentoring pairs and groups, and the hard rules of who may mentor whom. Schema: TENANT.

The hard rules live in ONE pure function, `pair_problem`, over plain facts (`MentorFacts`,
`MenteeFacts`). Matching (services/matching.py) filters the whole pool with it and the manual
creation here checks every chosen pair with it: a pair the curator could not create by hand is never
suggested, and a suggestion the curator accepts is checked again by the same rules.

A group with one mentee is a pair, with more a group (seed 002: individual and collective forms).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from ..models import (
    Form,
    GroupMentee,
    GroupStatus,
    Guardianship,
    MenteeRequest,
    MentorEntry,
    MentoringGroup,
    MentorRelease,
    ParticipantKind,
    Programme,
    RequestStatus,
    RoleModel,
)
from ..models.choices import FORM_SIDES
from ..selectors.consents import participants_with_valid_consent

OPEN_STATUSES = frozenset({RequestStatus.NEW, RequestStatus.SUPPORT})
KIND_LABELS = dict(ParticipantKind.choices)
FORM_LABELS = dict(Form.choices)


# --- Facts and the hard rules (pure: no database) ----------------------------------------------


@dataclass(frozen=True)
class MentorFacts:
    """What pairing needs to know about a line of the mentor base."""

    entry_id: int
    participant_id: int
    name: str
    kind: str
    forms: frozenset[str]
    capacity: int
    load: int = 0  # mentees in the mentor's active pairs and groups
    grade: int | None = None
    selected: bool = True
    trained: bool = True
    consent_ok: bool = True
    # Labour Code art. 351.8: a teacher mentors only with a written consent (see mentor_entry docs).
    labour_consent_missing: bool = False
    children: frozenset[int] = frozenset()  # participant ids of the mentor's own children
    # The day the mentor was released early at their own written application in this programme:
    # they asked to stop, so no suggestion brings them back (the curator may still ask them in person
    # and clear the release by a new mentor entry).
    withdrew_on: datetime.date | None = None
    topics: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()  # the entry's subjects and, for teachers, the subjects they teach

    @property
    def free_places(self) -> int:
        return max(self.capacity - self.load, 0)


@dataclass(frozen=True)
class MenteeFacts:
    """What pairing needs to know about a mentee's request."""

    request_id: int
    participant_id: int
    name: str
    kind: str
    form: str
    grade: int | None = None
    consent_ok: bool = True
    status: str = RequestStatus.NEW
    topic: str = ""
    topics: tuple[str, ...] = ()
    subject: str = ""
    priority: str = "medium"


@dataclass(frozen=True)
class RuleBreak:
    """A violated hard rule: a stable code, which side to fix, and the Russian message."""

    code: str
    side: str  # "mentor" or "mentee"
    message: str


# Codes of the hard rules, in the order they are checked.
SELF = "self"
OWN_CHILD = "own_child"
FORM = "form"
MENTOR_KIND = "mentor_kind"
MENTEE_KIND = "mentee_kind"
GRADE = "grade"
MENTEE_CONSENT = "mentee_consent"
MENTOR_CONSENT = "mentor_consent"
NOT_SELECTED = "not_selected"
NOT_TRAINED = "not_trained"
LABOUR_CONSENT = "labour_consent"
WITHDREW = "withdrew"
REQUEST_CLOSED = "request_closed"
CAPACITY = "capacity"


def _sentence(text: str) -> str:
    """End with one full stop (a short name already ends with one: «Котов У.»)."""
    return text if text.endswith(".") else f"{text}."


def kinds_label(kinds: Iterable[str]) -> str:
    return ", ".join(KIND_LABELS[k] for k in sorted(kinds))


def pair_problem(
    mentor: MentorFacts, mentee: MenteeFacts, *, check_capacity: bool = True
) -> RuleBreak | None:
    """The first hard rule the pair breaks, or None when the mentor may take this mentee.

    Rules (seeds 000, 001; Labour Code art. 351.8; 152-ФЗ):
    - nobody mentors themself;
    - a parent may be a mentor, but never of their own child;
    - the mentor works in the request's form, and both people are of the kinds the form joins;
    - in «ученик – ученик» the mentor studies in a higher grade than the mentee;
    - both have a valid consent to personal-data processing;
    - the mentor is selected (interview passed) and trained;
    - a teacher mentor has given the written consent to mentoring;
    - the request is still open (not placed in a pair and not closed);
    - the mentor has a free place (checked unless the caller counts places for several mentees).
    """
    form = mentee.form
    form_label = FORM_LABELS.get(form, form)
    if mentor.participant_id == mentee.participant_id:
        return RuleBreak(SELF, "mentor", f"{mentor.name} не может быть наставником самому себе.")
    if mentee.participant_id in mentor.children:
        return RuleBreak(
            OWN_CHILD,
            "mentor",
            _sentence(
                f"Родитель не может быть наставником своего ребёнка: {mentor.name} — родитель {mentee.name}"
            ),
        )
    if form not in mentor.forms:
        return RuleBreak(FORM, "mentor", f"{mentor.name} не заявлен(а) наставником в форме «{form_label}».")
    mentor_kinds, mentee_kinds = FORM_SIDES[form]
    if mentor.kind not in mentor_kinds:
        return RuleBreak(
            MENTOR_KIND,
            "mentor",
            f"В форме «{form_label}» наставник — {kinds_label(mentor_kinds)}; {mentor.name} — "
            f"{KIND_LABELS.get(mentor.kind, mentor.kind)}.",
        )
    if mentee.kind not in mentee_kinds:
        return RuleBreak(
            MENTEE_KIND,
            "mentee",
            f"В форме «{form_label}» наставляемый — {kinds_label(mentee_kinds)}; {mentee.name} — "
            f"{KIND_LABELS.get(mentee.kind, mentee.kind)}.",
        )
    if form == Form.STUDENT_STUDENT and not (mentor.grade and mentee.grade and mentor.grade > mentee.grade):
        return RuleBreak(
            GRADE,
            "mentor",
            "Наставник-ученик должен учиться в более старшем классе, чем наставляемый: "
            f"{mentor.name} — {mentor.grade or '?'} класс, {mentee.name} — {mentee.grade or '?'} класс.",
        )
    if not mentee.consent_ok:
        return RuleBreak(
            MENTEE_CONSENT,
            "mentee",
            f"{mentee.name}: нет действующего согласия на обработку персональных данных.",
        )
    if not mentor.consent_ok:
        return RuleBreak(
            MENTOR_CONSENT,
            "mentor",
            f"{mentor.name}: нет действующего согласия на обработку персональных данных.",
        )
    if not mentor.selected:
        return RuleBreak(
            NOT_SELECTED, "mentor", f"{mentor.name}: не отобран(а) в наставники по итогам собеседования."
        )
    if not mentor.trained:
        return RuleBreak(NOT_TRAINED, "mentor", f"{mentor.name}: не пройдено обучение наставников.")
    if mentor.labour_consent_missing:
        return RuleBreak(
            LABOUR_CONSENT,
            "mentor",
            f"{mentor.name}: нет письменного согласия педагога на наставничество (ст. 351.8 ТК РФ).",
        )
    if mentor.withdrew_on is not None:
        return RuleBreak(
            WITHDREW,
            "mentor",
            f"{mentor.name}: освобождение от обязанностей наставника по собственному заявлению "
            f"с {mentor.withdrew_on:%d.%m.%Y}.",
        )
    if mentee.status == RequestStatus.MATCHED:
        return RuleBreak(
            REQUEST_CLOSED,
            "mentee",
            f"{mentee.name} уже в паре или группе этой формы: один запрос — одна пара.",
        )
    if mentee.status not in OPEN_STATUSES:
        return RuleBreak(REQUEST_CLOSED, "mentee", f"Запрос {mentee.name} закрыт.")
    if check_capacity and mentor.free_places <= 0:
        return RuleBreak(
            CAPACITY,
            "mentor",
            f"У наставника {mentor.name} нет свободных мест: ведёт {mentor.load} из {mentor.capacity}.",
        )
    return None


# --- Facts from the database --------------------------------------------------------------------


def mentor_load(entry_ids: Iterable[int]) -> dict[int, int]:
    """Mentees each mentor leads now: placements not ended, in pairs and groups that work."""
    rows = (
        GroupMentee.objects.filter(
            group__mentor_id__in=list(entry_ids), group__status=GroupStatus.ACTIVE, left_on__isnull=True
        )
        .values("group__mentor_id")
        .annotate(n=Count("id"))
    )
    return {row["group__mentor_id"]: row["n"] for row in rows}


def mentor_facts(entries: Iterable[MentorEntry], *, on: datetime.date) -> dict[int, MentorFacts]:
    """Facts of mentor entries (with participant loaded) in four queries, whatever their number."""
    entries = list(entries)
    people = [entry.participant_id for entry in entries]
    consented = participants_with_valid_consent(people, on)
    children: dict[int, set[int]] = defaultdict(set)
    for parent_id, child_id in Guardianship.objects.filter(parent_id__in=people).values_list(
        "parent_id", "child_id"
    ):
        children[parent_id].add(child_id)
    load = mentor_load(entry.pk for entry in entries)
    withdrew: dict[int, datetime.date] = {}
    for mentor_id, day in MentorRelease.objects.filter(
        group__mentor_id__in=[entry.pk for entry in entries], reason=MentorRelease.Reason.APPLICATION
    ).values_list("group__mentor_id", "released_on"):
        withdrew[mentor_id] = max(day, withdrew.get(mentor_id, day))
    facts = {}
    for entry in entries:
        person = entry.participant
        subjects = list(entry.subjects)
        if person.kind == ParticipantKind.TEACHER:
            subjects += [s for s in person.subjects if s not in subjects]
        facts[entry.pk] = MentorFacts(
            entry_id=entry.pk,
            participant_id=person.pk,
            name=person.short_name,
            kind=person.kind,
            forms=frozenset(entry.forms),
            capacity=entry.capacity,
            load=load.get(entry.pk, 0),
            grade=person.grade,
            selected=entry.is_selected,
            trained=entry.is_trained,
            consent_ok=person.pk in consented and person.is_active,
            labour_consent_missing=labour_consent_missing(entry),
            children=frozenset(children.get(person.pk, ())),
            withdrew_on=withdrew.get(entry.pk),
            topics=tuple(entry.topics),
            subjects=tuple(subjects),
        )
    return facts


def mentee_facts(requests: Iterable[MenteeRequest], *, on: datetime.date) -> dict[int, MenteeFacts]:
    """Facts of mentee requests (with participant loaded): one query for the consents."""
    requests = list(requests)
    consented = participants_with_valid_consent((r.participant_id for r in requests), on)
    return {
        request.pk: MenteeFacts(
            request_id=request.pk,
            participant_id=request.participant_id,
            name=request.participant.short_name,
            kind=request.participant.kind,
            form=request.form,
            grade=request.participant.grade,
            consent_ok=request.participant_id in consented and request.participant.is_active,
            status=request.status,
            topic=request.topic,
            topics=tuple(request.topics),
            subject=request.subject,
            priority=request.priority,
        )
        for request in requests
    }


def labour_consent_missing(entry: MentorEntry) -> bool:
    """A teacher mentor without the written consent to mentoring (Labour Code art. 351.8)."""
    return entry.participant.kind == ParticipantKind.TEACHER and entry.written_consent_on is None


def pair_check(
    *,
    mentor: MentorEntry,
    requests: list[MenteeRequest],
    on: datetime.date | None = None,
    mentee_field: str = "requests",
    reserved: int = 0,
) -> None:
    """Raise ValidationError unless the mentor may take all these mentees now.

    `reserved` places are counted as taken besides the active pairs (e.g. other suggestions of the
    same matching run proposed to this mentor).
    """
    day = on or timezone.localdate()
    facts = mentor_facts([mentor], on=day)[mentor.pk]
    for mentee in mentee_facts(requests, on=day).values():
        problem = pair_problem(facts, mentee, check_capacity=False)
        if problem is not None:
            raise ValidationError({"mentor" if problem.side == "mentor" else mentee_field: problem.message})
    free = facts.capacity - facts.load - reserved
    if len(requests) > free:
        raise ValidationError(
            {
                "mentor": f"У наставника {facts.name} свободных мест: {max(free, 0)} из {facts.capacity} "
                f"(ведёт {facts.load}{f', ещё {reserved} предложено' if reserved else ''}), "
                f"а наставляемых — {len(requests)}."
            }
        )


# --- Services -------------------------------------------------------------------------------------


def _check_period(programme: Programme, start_date: datetime.date, end_date: datetime.date) -> None:
    period = f"{programme.start_date:%d.%m.%Y} — {programme.end_date:%d.%m.%Y}"
    if not programme.start_date <= start_date <= programme.end_date:
        raise ValidationError(
            {"start_date": f"Начало работы пары должно быть в пределах программы: {period}."}
        )
    if not programme.start_date <= end_date <= programme.end_date:
        raise ValidationError(
            {"end_date": f"Окончание работы пары должно быть в пределах программы: {period}."}
        )
    if end_date <= start_date:
        raise ValidationError({"end_date": "Окончание работы пары должно быть позже её начала."})


def _place(group: MentoringGroup, request: MenteeRequest, joined_on: datetime.date) -> GroupMentee:
    """Put a request into the group; the partial unique constraint is the last guard against doubles."""
    try:
        with transaction.atomic():
            placement = GroupMentee.objects.create(group=group, request=request, joined_on=joined_on)
    except IntegrityError as error:
        raise ValidationError(
            {
                "requests": f"{request.participant.short_name} уже в паре или группе этой формы: "
                "один запрос — одна пара."
            }
        ) from error
    request.status = RequestStatus.MATCHED
    request.save(update_fields=["status"])
    return placement


@transaction.atomic
def group_create(
    *,
    programme: Programme,
    form: str,
    mentor: MentorEntry,
    requests: Iterable[MenteeRequest],
    role_model: RoleModel | None = None,
    start_date: datetime.date,
    end_date: datetime.date,
    presence: str = MentoringGroup.Presence.DIRECT,
    openness: str = MentoringGroup.Openness.OPEN,
    by=None,
    on: datetime.date | None = None,
) -> MentoringGroup:
    """Form a pair (one mentee) or a group (several) with one mentor; the requests become «matched».

    Every (mentor, mentee) pair passes `pair_problem`; the mentor's free places cover all mentees;
    the role model belongs to the form; the dates lie inside the programme's period.
    """
    requests = list(requests)
    if form not in Form.values:
        raise ValidationError({"form": "Неизвестная форма наставничества."})
    if not requests:
        raise ValidationError({"requests": "Выберите хотя бы одного наставляемого."})
    if len({r.pk for r in requests}) != len(requests):
        raise ValidationError({"requests": "Один и тот же наставляемый выбран дважды."})
    if mentor.programme_id != programme.pk:
        raise ValidationError({"mentor": "Наставник из базы другой программы."})
    for request in requests:
        if request.programme_id != programme.pk:
            raise ValidationError(
                {"requests": f"Запрос {request.participant.short_name} — из другой программы."}
            )
        if request.form != form:
            raise ValidationError(
                {
                    "requests": f"Запрос {request.participant.short_name} относится к форме "
                    f"«{FORM_LABELS[request.form]}», а пара создаётся в форме «{FORM_LABELS[form]}»."
                }
            )
    if role_model is not None and role_model.form != form:
        raise ValidationError(
            {
                "role_model": f"Ролевая модель «{role_model.name}» относится к форме "
                f"«{FORM_LABELS[role_model.form]}», а не «{FORM_LABELS[form]}»."
            }
        )
    _check_period(programme, start_date, end_date)
    # Lock the mentor's line: two curators filling the last place at once must not both succeed.
    mentor = MentorEntry.objects.select_for_update().select_related("participant").get(pk=mentor.pk)
    pair_check(mentor=mentor, requests=requests, on=on)
    group = MentoringGroup(
        programme=programme,
        form=form,
        role_model=role_model,
        mentor=mentor,
        presence=presence,
        openness=openness,
        start_date=start_date,
        end_date=end_date,
    )
    group.full_clean()
    group.save()
    for request in requests:
        _place(group, request, start_date)
    return group


@transaction.atomic
def group_period_update(
    *, group: MentoringGroup, start_date: datetime.date | None = None, end_date: datetime.date | None = None
) -> MentoringGroup:
    """Correct a pair's or group's dates until an order fixes it: the order states them, so after it
    (even as a draft: cancel the draft first) the dates are the order's. Mentees who joined on the old
    start day join on the new one; a meeting before the new start keeps the old start."""
    # No ordering: the model's default ordering joins the mentor's name, which FOR UPDATE refuses.
    group = (
        MentoringGroup.objects.select_for_update(of=("self",))
        .select_related("programme", "fixing_order")
        .order_by()
        .get(pk=group.pk)
    )
    if group.fixing_order is not None:
        order = group.fixing_order
        where = (
            f"№ {order.number} от {order.date:%d.%m.%Y}"
            if order.number
            else f"(проект от {order.date:%d.%m.%Y})"
        )
        raise ValidationError(
            {"start_date": f"Пара / группа закреплена приказом {where}: даты работы изменить нельзя."}
        )
    if group.status != GroupStatus.ACTIVE:
        raise ValidationError({"start_date": "Пара / группа уже не работает: даты изменить нельзя."})
    new_start = start_date or group.start_date
    new_end = end_date or group.end_date
    _check_period(group.programme, new_start, new_end)
    earliest_meeting = group.meetings.order_by("held_on").values_list("held_on", flat=True).first()
    if earliest_meeting and earliest_meeting < new_start:
        raise ValidationError(
            {
                "start_date": f"У пары уже была встреча {earliest_meeting:%d.%m.%Y}: "
                "начало не может быть позже."
            }
        )
    group.mentees.filter(joined_on=group.start_date).update(joined_on=new_start)
    if group.mentees.filter(joined_on__lt=new_start).exists():
        raise ValidationError({"start_date": "Наставляемый вступил в группу раньше новой даты начала."})
    group.start_date, group.end_date = new_start, new_end
    group.full_clean()
    group.save(update_fields=["start_date", "end_date"])
    return group


@transaction.atomic
def group_add_mentee(
    *,
    group: MentoringGroup,
    request: MenteeRequest,
    joined_on: datetime.date | None = None,
    by=None,
    on: datetime.date | None = None,
) -> GroupMentee:
    """Add a mentee to a working pair or group (a pair with a second mentee becomes a group)."""
    if group.status != GroupStatus.ACTIVE:
        raise ValidationError({"group": "Пара / группа уже не работает: добавить наставляемого нельзя."})
    if request.programme_id != group.programme_id:
        raise ValidationError({"request": "Запрос из другой программы."})
    if request.form != group.form:
        raise ValidationError(
            {
                "request": f"Запрос {request.participant.short_name} относится к форме "
                f"«{FORM_LABELS[request.form]}», а группа — «{FORM_LABELS[group.form]}»."
            }
        )
    day = joined_on or max(timezone.localdate(), group.start_date)
    if not group.start_date <= day <= group.end_date:
        raise ValidationError(
            {
                "joined_on": f"Дата вступления должна быть в пределах работы группы: "
                f"{group.start_date:%d.%m.%Y} — {group.end_date:%d.%m.%Y}."
            }
        )
    mentor = MentorEntry.objects.select_for_update().select_related("participant").get(pk=group.mentor_id)
    pair_check(mentor=mentor, requests=[request], on=on, mentee_field="request")
    try:
        return _place(group, request, day)
    except ValidationError as error:
        raise ValidationError({"request": error.message_dict["requests"]}) from error


@transaction.atomic
def group_remove_mentee(
    *,
    group: MentoringGroup,
    request: MenteeRequest,
    left_on: datetime.date,
    request_status: str = RequestStatus.NEW,
    by=None,
) -> GroupMentee:
    """A mentee leaves a pair or group; the row is ended, not deleted, and the request reopens
    («новый»: the search goes on), gets psychological support, or is closed.

    The last mentee cannot leave: a pair without mentees is ended as a whole (completion or early
    release by the director's order).
    """
    placement = (
        group.mentees.filter(request=request, left_on__isnull=True)
        .select_related("request__participant")
        .first()
    )
    if placement is None:
        raise ValidationError({"request": "Этого наставляемого нет в паре / группе."})
    if request_status not in {RequestStatus.NEW, RequestStatus.SUPPORT, RequestStatus.CLOSED}:
        raise ValidationError({"request_status": "Запрос можно вернуть в поиск, в поддержку или закрыть."})
    if left_on < placement.joined_on:
        raise ValidationError(
            {"left_on": f"Дата выхода не может быть раньше вступления ({placement.joined_on:%d.%m.%Y})."}
        )
    if left_on > group.end_date:
        raise ValidationError(
            {"left_on": f"Дата выхода — позже окончания работы группы ({group.end_date:%d.%m.%Y})."}
        )
    if not group.mentees.filter(left_on__isnull=True).exclude(pk=placement.pk).exists():
        raise ValidationError(
            {
                "request": "Это последний наставляемый пары: завершите пару или оформите досрочное "
                "освобождение наставника."
            }
        )
    placement.left_on = left_on
    placement.save(update_fields=["left_on"])
    request.status = request_status
    request.save(update_fields=["status"])
    return placement


def mentor_active_group(mentor: MentorEntry, form: str) -> MentoringGroup | None:
    """The mentor's most recent working group of the form (where «добавить в группу» puts a mentee)."""
    return (
        MentoringGroup.objects.filter(mentor=mentor, form=form, status=GroupStatus.ACTIVE)
        .order_by("-start_date", "-pk")
        .first()
    )
