"""The two bases of a programme: mentees with their request map, and mentors with their selection
and training (seed 001, stages 2–4). Schema: TENANT.

Nobody without a valid consent to personal-data processing is placed in a base (152-ФЗ), and a
person is placed on the side of a form their kind allows (FORM_SIDES): a student is never a mentor
in «учитель – ученик», a parent never a mentee.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from nastavnik.russian import counted

from ..models import (
    Form,
    GroupMentee,
    GroupStatus,
    MenteeRequest,
    MentorEntry,
    Participant,
    ParticipantKind,
    Programme,
    RequestStatus,
    RoleModel,
)
from ..models.choices import FORM_SIDES, Priority
from ..selectors.consents import consent_problem
from .groups import kinds_label

FORM_LABELS = dict(Form.choices)
MAX_CAPACITY = 30
KEEP = object()  # «leave as it is» for arguments where None has a meaning
# Graduates and external mentors come from outside the school's staff: the external contour (seed 000).
EXTERNAL_KINDS = frozenset({ParticipantKind.EXTERNAL, ParticipantKind.GRADUATE})


def _clean_list(values: Iterable[str] | None) -> list[str]:
    """Trimmed, non-empty, without repeats (case-insensitive), in the order given."""
    seen, result = set(), []
    for value in values or []:
        text = " ".join(str(value).split())
        if text and text.lower() not in seen:
            seen.add(text.lower())
            result.append(text)
    return result


def _check_programme_open(programme: Programme) -> None:
    if programme.status == Programme.Status.COMPLETED:
        raise ValidationError({"programme": "Программа завершена: базы закрыты для изменений."})


def _check_form(programme: Programme, form: str, field: str = "form") -> None:
    if form not in Form.values:
        raise ValidationError({field: f"Неизвестная форма наставничества: {form}."})
    if form not in programme.forms:
        raise ValidationError(
            {field: f"Форма «{FORM_LABELS[form]}» не выбрана в программе «{programme.title}»."}
        )


def _check_consent(participant: Participant, field: str, on: datetime.date | None) -> None:
    if not participant.is_active:
        raise ValidationError({field: f"{participant.short_name} больше не участвует в программе школы."})
    problem = consent_problem(participant, on)
    if problem:
        raise ValidationError({field: problem})


# --- Mentee base and request map -----------------------------------------------------------------


@transaction.atomic
def mentee_request_add(
    *,
    programme: Programme,
    participant: Participant,
    form: str,
    topic: str,
    topics: Iterable[str] = (),
    subject: str = "",
    priority: str = Priority.MEDIUM,
    role_model: RoleModel | None = None,
    note: str = "",
    by=None,
    on: datetime.date | None = None,
) -> MenteeRequest:
    """Put a person in the mentee base with their concrete request (карта запросов).

    The person needs a valid consent, must be of a kind the form takes as a mentee, and has one
    request per form in a programme.
    """
    _check_programme_open(programme)
    _check_form(programme, form)
    _check_consent(participant, "participant", on)
    mentee_kinds = FORM_SIDES[form][1]
    if participant.kind not in mentee_kinds:
        raise ValidationError(
            {
                "participant": f"В форме «{FORM_LABELS[form]}» наставляемым может быть только: "
                f"{kinds_label(mentee_kinds)}; {participant.short_name} — {participant.get_kind_display()}."
            }
        )
    if MenteeRequest.objects.filter(programme=programme, participant=participant, form=form).exists():
        raise ValidationError({"participant": _duplicate_request(participant, form)})
    request = MenteeRequest(programme=programme, participant=participant, form=form)
    _fill_request(
        request, topic=topic, topics=topics, subject=subject, priority=priority, role_model=role_model
    )
    request.note = note
    request.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as error:  # a second curator added the same request a moment earlier
        raise ValidationError({"participant": _duplicate_request(participant, form)}) from error
    return request


def _duplicate_request(participant: Participant, form: str) -> str:
    return (
        f"{participant.short_name} уже есть в базе наставляемых по форме «{FORM_LABELS[form]}»: "
        "измените существующий запрос."
    )


def _fill_request(request: MenteeRequest, *, topic, topics, subject, priority, role_model) -> None:
    topic = " ".join((topic or "").split())
    if not topic:
        raise ValidationError({"topic": "Опишите запрос наставляемого: с чем нужна помощь."})
    if priority not in Priority.values:
        raise ValidationError({"priority": "Приоритет: высокий, средний или низкий."})
    if role_model is not None and role_model.form != request.form:
        raise ValidationError(
            {
                "role_model": f"Ролевая модель «{role_model.name}» относится к форме "
                f"«{FORM_LABELS[role_model.form]}», а запрос — к «{FORM_LABELS[request.form]}»."
            }
        )
    request.topic = topic
    request.topics = _clean_list(topics)
    request.subject = " ".join((subject or "").split())
    request.priority = priority
    request.role_model = role_model


@transaction.atomic
def mentee_request_update(
    *,
    request: MenteeRequest,
    topic: str | None = None,
    topics: Iterable[str] | None = None,
    subject: str | None = None,
    priority: str | None = None,
    role_model: RoleModel | object | None = KEEP,
    status: str | None = None,
    note: str | None = None,
    by=None,
) -> MenteeRequest:
    """Edit the request map line. The status may move between «новый» and «без пары: поддержка»;
    «наставник назначен» is set by forming a pair, «закрыт» by `mentee_request_close`.
    Arguments left out (None; KEEP for the role model, where None clears it) stay unchanged."""
    _check_programme_open(request.programme)
    _fill_request(
        request,
        topic=request.topic if topic is None else topic,
        topics=request.topics if topics is None else topics,
        subject=request.subject if subject is None else subject,
        priority=priority or request.priority,
        role_model=request.role_model if role_model is KEEP else role_model,
    )
    if status is not None and status != request.status:
        if request.status not in {RequestStatus.NEW, RequestStatus.SUPPORT} or status not in {
            RequestStatus.NEW,
            RequestStatus.SUPPORT,
        }:
            raise ValidationError(
                {
                    "status": "Состояние меняется только между «новый» и «без пары»: наставника назначает "
                    "формирование пары, закрывает запрос отдельное действие."
                }
            )
        request.status = status
    if note is not None:
        request.note = note
    request.full_clean(validate_constraints=False)
    request.save()
    return request


@transaction.atomic
def mentee_request_close(*, request: MenteeRequest, note: str = "", by=None) -> MenteeRequest:
    """Close a request (solved without a pair, withdrawn, the person left). A request served by a
    working pair is closed by finishing the pair, not here."""
    if GroupMentee.objects.filter(
        request=request, left_on__isnull=True, group__status=GroupStatus.ACTIVE
    ).exists():
        raise ValidationError(
            {
                "status": "Наставляемый работает в паре или группе: сначала выведите его из неё "
                "или завершите пару."
            }
        )
    if request.status == RequestStatus.CLOSED:
        raise ValidationError({"status": "Запрос уже закрыт."})
    request.status = RequestStatus.CLOSED
    if note:
        request.note = f"{request.note}\n{note}".strip()
    request.save(update_fields=["status", "note"])
    return request


# --- Mentor base, selection and training --------------------------------------------------------


def _check_mentor_forms(programme: Programme, participant: Participant, forms: list[str]) -> None:
    if not forms:
        raise ValidationError({"forms": "Выберите хотя бы одну форму наставничества."})
    for form in forms:
        _check_form(programme, form, "forms")
        mentor_kinds = FORM_SIDES[form][0]
        if participant.kind not in mentor_kinds:
            raise ValidationError(
                {
                    "forms": f"В форме «{FORM_LABELS[form]}» наставником может быть только: "
                    f"{kinds_label(mentor_kinds)}; {participant.short_name} — "
                    f"{participant.get_kind_display()}."
                }
            )


def _check_capacity(capacity: int) -> None:
    if not isinstance(capacity, int) or not 1 <= capacity <= MAX_CAPACITY:
        raise ValidationError(
            {"capacity": f"Наставник может вести от 1 до {MAX_CAPACITY} наставляемых одновременно."}
        )


@transaction.atomic
def mentor_entry_add(
    *,
    programme: Programme,
    participant: Participant,
    forms: Iterable[str],
    contour: str | None = None,
    topics: Iterable[str] = (),
    subjects: Iterable[str] = (),
    capacity: int = 1,
    questionnaire: str = "",
    by=None,
    on: datetime.date | None = None,
) -> MentorEntry:
    """Put a person in the mentor base as a candidate (selection and training follow).

    The person needs a valid consent and must be of a kind every chosen form takes as a mentor.
    Graduates and external mentors are the external contour unless the curator says otherwise.
    """
    _check_programme_open(programme)
    forms = list(dict.fromkeys(forms))
    _check_consent(participant, "participant", on)
    _check_mentor_forms(programme, participant, forms)
    _check_capacity(capacity)
    if MentorEntry.objects.filter(programme=programme, participant=participant).exists():
        raise ValidationError({"participant": _duplicate_mentor(participant)})
    if contour is None or contour == "":
        contour = (
            MentorEntry.Contour.EXTERNAL
            if participant.kind in EXTERNAL_KINDS
            else MentorEntry.Contour.INTERNAL
        )
    entry = MentorEntry(
        programme=programme,
        participant=participant,
        forms=forms,
        contour=contour,
        topics=_clean_list(topics),
        subjects=_clean_list(subjects),
        capacity=capacity,
        questionnaire=questionnaire,
        recorded_by=by if getattr(by, "pk", None) else None,
    )
    entry.full_clean(exclude=["recorded_by"], validate_constraints=False)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as error:
        raise ValidationError({"participant": _duplicate_mentor(participant)}) from error
    return entry


def _duplicate_mentor(participant: Participant) -> str:
    return f"{participant.short_name} уже есть в базе наставников программы: измените существующую запись."


def active_mentees(entry: MentorEntry) -> int:
    return GroupMentee.objects.filter(
        group__mentor=entry, group__status=GroupStatus.ACTIVE, left_on__isnull=True
    ).count()


@transaction.atomic
def mentor_entry_update(
    *,
    entry: MentorEntry,
    forms: Iterable[str] | None = None,
    contour: str | None = None,
    topics: Iterable[str] | None = None,
    subjects: Iterable[str] | None = None,
    capacity: int | None = None,
    by=None,
) -> MentorEntry:
    """Edit a mentor's forms, contour, topics, subjects and capacity. The capacity cannot drop below
    the mentees the mentor leads now, and a form with working pairs cannot be taken away."""
    _check_programme_open(entry.programme)
    if forms is not None:
        forms = list(dict.fromkeys(forms))
        _check_mentor_forms(entry.programme, entry.participant, forms)
        working = set(
            entry.groups.filter(status=GroupStatus.ACTIVE)
            .exclude(form__in=forms)
            .values_list("form", flat=True)
        )
        if working:
            names = ", ".join(f"«{FORM_LABELS[f]}»" for f in sorted(working))
            raise ValidationError({"forms": f"У наставника есть работающие пары в форме {names}."})
        entry.forms = forms
    if capacity is not None:
        _check_capacity(capacity)
        leads = active_mentees(entry)
        if capacity < leads:
            raise ValidationError(
                {
                    "capacity": "Наставник уже ведёт "
                    + counted(leads, "наставляемого", "наставляемых", "наставляемых")
                    + ": число мест не может быть меньше."
                }
            )
        entry.capacity = capacity
    if contour:
        entry.contour = contour
    if topics is not None:
        entry.topics = _clean_list(topics)
    if subjects is not None:
        entry.subjects = _clean_list(subjects)
    entry.full_clean(exclude=["recorded_by"], validate_constraints=False)
    entry.save()
    return entry


def _check_not_in_future(day: datetime.date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"{what} не может быть в будущем."})


@transaction.atomic
def mentor_questionnaire_record(*, entry: MentorEntry, questionnaire: str, by=None) -> MentorEntry:
    """The candidate's written questionnaire (анкета), the first step of selection."""
    text = (questionnaire or "").strip()
    if not text:
        raise ValidationError({"questionnaire": "Внесите ответы анкеты кандидата."})
    entry.questionnaire = text
    entry.save(update_fields=["questionnaire"])
    return entry


@transaction.atomic
def mentor_interview_record(
    *, entry: MentorEntry, interview_on: datetime.date, passed: bool, note: str = "", by=None
) -> MentorEntry:
    """The interview (собеседование) with the candidate: date, passed or not, the curator's note.
    A failed interview of an already selected mentor is refused: reject the mentor instead."""
    _check_not_in_future(interview_on, "interview_on", "Дата собеседования")
    if passed is None:
        raise ValidationError({"interview_passed": "Укажите итог собеседования: пройдено или нет."})
    if not passed and entry.is_selected:
        raise ValidationError(
            {"interview_passed": "Наставник уже отобран: чтобы отказать, отклоните кандидатуру."}
        )
    entry.interview_on = interview_on
    entry.interview_passed = passed
    entry.interview_note = note
    entry.save(update_fields=["interview_on", "interview_passed", "interview_note"])
    return entry


@transaction.atomic
def mentor_training_record(
    *, entry: MentorEntry, completed_on: datetime.date, training_programme: str, by=None
) -> MentorEntry:
    """Training of mentors by the curator (seed 001, stage 4): date completed and the programme."""
    _check_not_in_future(completed_on, "training_completed_on", "Дата окончания обучения")
    name = " ".join((training_programme or "").split())
    if not name:
        raise ValidationError({"training_programme": "Укажите программу обучения наставников."})
    entry.training_completed_on = completed_on
    entry.training_programme = name
    entry.save(update_fields=["training_completed_on", "training_programme"])
    return entry


@transaction.atomic
def mentor_select(*, entry: MentorEntry, by=None) -> MentorEntry:
    """Select a candidate as a mentor — only after a passed interview. Matching also needs training."""
    if entry.selection == MentorEntry.Selection.RELEASED:
        raise ValidationError({"selection": "Наставник освобождён от наставничества приказом директора."})
    if entry.interview_passed is not True:
        raise ValidationError(
            {"selection": "Отобрать можно только после пройденного собеседования: внесите его итог."}
        )
    entry.selection = MentorEntry.Selection.SELECTED
    entry.save(update_fields=["selection"])
    return entry


@transaction.atomic
def mentor_reject(*, entry: MentorEntry, note: str = "", by=None) -> MentorEntry:
    """Turn a candidate down. A mentor who leads working pairs is released by the director's order."""
    if entry.selection == MentorEntry.Selection.RELEASED:
        raise ValidationError({"selection": "Наставник уже освобождён от наставничества."})
    if entry.groups.filter(status=GroupStatus.ACTIVE).exists():
        raise ValidationError(
            {
                "selection": "У наставника есть работающие пары: освобождение — приказом директора "
                "(досрочное освобождение)."
            }
        )
    entry.selection = MentorEntry.Selection.REJECTED
    fields = ["selection"]
    if note:
        entry.interview_note = f"{entry.interview_note}\n{note}".strip()
        fields.append("interview_note")
    entry.save(update_fields=fields)
    return entry


@transaction.atomic
def mentor_labour_terms_record(
    *,
    entry: MentorEntry,
    written_consent_on: datetime.date | None,
    addendum_number: str = "",
    addendum_date: datetime.date | None = None,
    payment_terms: str = "",
    by=None,
) -> MentorEntry:
    """A teacher mentor under the Labour Code, art. 351.8 (in force since 01.03.2025): mentoring is
    assigned only with the teacher's WRITTEN consent, by an addendum to the employment contract that
    sets the payment for mentoring.

    Rule in Nastavnik: a TEACHER mentor cannot be matched or put in a pair without the date of the
    written consent (groups.pair_problem, code «labour_consent»). The addendum may follow the
    consent: without it the mentor's line shows a warning badge, matching is not blocked.
    """
    if entry.participant.kind != ParticipantKind.TEACHER:
        raise ValidationError(
            {"written_consent_on": "Условия ст. 351.8 ТК РФ вносятся только для наставников-педагогов."}
        )
    number = (addendum_number or "").strip()
    if written_consent_on is None and (number or addendum_date):
        raise ValidationError(
            {
                "written_consent_on": "Дополнительное соглашение заключается после письменного "
                "согласия педагога."
            }
        )
    if written_consent_on is not None:
        _check_not_in_future(written_consent_on, "written_consent_on", "Дата согласия")
    if bool(number) != bool(addendum_date):
        raise ValidationError(
            {"addendum_date": "Укажите и номер, и дату дополнительного соглашения (или ни то, ни другое)."}
        )
    if addendum_date and written_consent_on and addendum_date < written_consent_on:
        raise ValidationError(
            {"addendum_date": "Дополнительное соглашение не может быть раньше письменного согласия педагога."}
        )
    if written_consent_on is None and entry.groups.filter(status=GroupStatus.ACTIVE).exists():
        raise ValidationError(
            {
                "written_consent_on": "У педагога есть работающие пары: письменное согласие нельзя убрать "
                "(ст. 351.8 ТК РФ)."
            }
        )
    entry.written_consent_on = written_consent_on
    entry.addendum_number = number
    entry.addendum_date = addendum_date
    entry.payment_terms = (payment_terms or "").strip()
    entry.full_clean(exclude=["recorded_by"], validate_constraints=False)
    entry.save(update_fields=["written_consent_on", "addendum_number", "addendum_date", "payment_terms"])
    return entry


def labour_warnings(entry: MentorEntry) -> list[str]:
    """What is missing for a teacher mentor under art. 351.8 (empty for other mentors)."""
    if entry.participant.kind != ParticipantKind.TEACHER:
        return []
    warnings = []
    if entry.written_consent_on is None:
        warnings.append("нет письменного согласия — в пары не подбирается")
    if not entry.addendum_number:
        warnings.append("нет доп. соглашения к трудовому договору")
    if not entry.payment_terms:
        warnings.append("не указаны условия оплаты")
    return warnings
