"""Meetings of pairs and groups, the school's meeting settings and the reminders to mentors.

The order of meetings (seed 001 §6, stage 6): a встреча-знакомство first, then the trial, planning
and working meetings, and an итоговая встреча that closes the series. Only meetings that took place
are recorded: inside the group's period and not in the future. Schema: TENANT.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tenants.models import School
from tenants.routing import school_reverse

from ..dates import date_problem
from ..models import GroupStatus, Meeting, MeetingAttendance, MeetingKind, MentoringGroup, SchoolSettings
from ..selectors.groups import group_members
from ..selectors.meetings import MentorReminder, mentor_reminders

MIN_DURATION, MAX_DURATION = 5, 600


def _date(day: datetime.date) -> str:
    return f"{day:%d.%m.%Y}"


def _check_group_open(group: MentoringGroup) -> None:
    if group.status != GroupStatus.ACTIVE:
        raise ValidationError(
            f"Пара / группа {group.get_status_display()}: встречи больше не вносятся и не меняются."
        )


def _check_fields(
    *,
    group: MentoringGroup,
    kind: str,
    held_on: datetime.date,
    duration_minutes: int,
    format: str,
    today: datetime.date,
) -> None:
    errors = {}
    if kind not in MeetingKind.values:
        errors["kind"] = "Неизвестный вид встречи."
    if format not in Meeting.Format.values:
        errors["format"] = "Неизвестный формат встречи."
    if problem := date_problem(held_on, field="Дата встречи"):
        errors["held_on"] = problem  # a typo of the year says so, not "not yet" or "outside the period"
    elif held_on > today:
        errors["held_on"] = "Дата встречи ещё не наступила: вносятся только проведённые встречи."
    elif not group.start_date <= held_on <= group.end_date:
        errors["held_on"] = (
            f"Дата встречи {_date(held_on)} вне периода работы пары / группы: "
            f"{_date(group.start_date)} — {_date(group.end_date)}."
        )
    if not MIN_DURATION <= duration_minutes <= MAX_DURATION:
        errors["duration_minutes"] = f"Длительность встречи — от {MIN_DURATION} до {MAX_DURATION} минут."
    if errors:
        raise ValidationError(errors)


def _check_order(
    *, group: MentoringGroup, kind: str, held_on: datetime.date, meeting: Meeting | None
) -> None:
    """Знакомство opens the series and comes once; итоговая closes it and comes once."""
    others = group.meetings.all()
    if meeting is not None:
        others = others.exclude(pk=meeting.pk)
    acquaintance = others.filter(kind=MeetingKind.ACQUAINTANCE).first()
    final = others.filter(kind=MeetingKind.FINAL).first()
    if kind == MeetingKind.ACQUAINTANCE:
        if acquaintance is not None:
            raise ValidationError(
                {
                    "kind": "Встреча-знакомство этой пары / группы уже внесена "
                    f"({_date(acquaintance.held_on)})."
                }
            )
        earlier = others.filter(held_on__lt=held_on).order_by("held_on").first()
        if earlier is not None:
            raise ValidationError(
                {
                    "held_on": "Встреча-знакомство должна быть первой, а раньше неё уже внесена "
                    f"{earlier.get_kind_display()} {_date(earlier.held_on)}."
                }
            )
    elif acquaintance is None or acquaintance.held_on > held_on:
        raise ValidationError(
            {
                "kind": "Работа пары / группы начинается со встречи-знакомства: сначала внесите её "
                "(с датой не позже этой встречи)."
            }
        )
    if kind == MeetingKind.FINAL:
        if final is not None:
            raise ValidationError({"kind": f"Итоговая встреча уже внесена ({_date(final.held_on)})."})
        later = others.filter(held_on__gt=held_on).order_by("held_on").first()
        if later is not None:
            raise ValidationError(
                {
                    "held_on": "Итоговая встреча завершает цикл встреч, а после неё уже внесена "
                    f"{later.get_kind_display()} {_date(later.held_on)}."
                }
            )
    elif final is not None and held_on > final.held_on:
        raise ValidationError(
            {
                "held_on": f"Итоговая встреча {_date(final.held_on)} завершила цикл встреч: "
                "более поздние встречи не вносятся."
            }
        )


def _write_attendance(*, meeting: Meeting, present: Iterable[int]) -> None:
    """One row per member of the group on the meeting's day: present or absent."""
    members = group_members(meeting.group, on=meeting.held_on)
    member_ids = {person.pk for person in members}
    present = set(present)
    if not present:
        raise ValidationError({"attendance": "Отметьте, кто присутствовал на встрече."})
    strangers = present - member_ids
    if strangers:
        raise ValidationError(
            {
                "attendance": "Отмечены люди, которые не входят в эту пару / группу на дату встречи "
                f"(№ {', '.join(str(pk) for pk in sorted(strangers))}): отмечать можно только "
                "наставника и наставляемых."
            }
        )
    meeting.attendance.all().delete()
    MeetingAttendance.objects.bulk_create(
        [
            MeetingAttendance(meeting=meeting, participant=person, present=person.pk in present)
            for person in members
        ]
    )


@transaction.atomic
def meeting_log(
    *,
    group: MentoringGroup,
    kind: str,
    held_on: datetime.date,
    attendance: Iterable[int],
    format: str = Meeting.Format.IN_PERSON,
    duration_minutes: int = 45,
    topic: str = "",
    notes: str = "",
    today: datetime.date | None = None,
) -> Meeting:
    """Record a meeting that took place; `attendance` lists the participants (ids) who were present."""
    today = today or timezone.localdate()
    _check_group_open(group)
    _check_fields(
        group=group, kind=kind, held_on=held_on, duration_minutes=duration_minutes, format=format, today=today
    )
    _check_order(group=group, kind=kind, held_on=held_on, meeting=None)
    meeting = Meeting(
        group=group,
        kind=kind,
        held_on=held_on,
        format=format,
        duration_minutes=duration_minutes,
        topic=topic,
        notes=notes,
    )
    meeting.full_clean()
    meeting.save()
    _write_attendance(meeting=meeting, present=attendance)
    return meeting


MEETING_FIELDS = ("kind", "held_on", "format", "duration_minutes", "topic", "notes")


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    attendance: Iterable[int] | None = None,
    today: datetime.date | None = None,
    **fields,
) -> Meeting:
    """Correct a recorded meeting under the same rules as logging it."""
    today = today or timezone.localdate()
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise ValidationError(f"Эти поля встречи не меняются: {', '.join(sorted(unknown))}.")
    group = meeting.group
    _check_group_open(group)
    # Checked before touching the instance: a refused change leaves the caller's meeting as it was.
    values = {name: fields.get(name, getattr(meeting, name)) for name in MEETING_FIELDS}
    _check_fields(
        group=group,
        kind=values["kind"],
        held_on=values["held_on"],
        duration_minutes=values["duration_minutes"],
        format=values["format"],
        today=today,
    )
    _check_order(group=group, kind=values["kind"], held_on=values["held_on"], meeting=meeting)
    if attendance is None:
        attendance = list(meeting.attendance.filter(present=True).values_list("participant_id", flat=True))
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    _write_attendance(meeting=meeting, present=list(attendance))
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting) -> None:
    """The acquaintance meeting cannot go while later meetings rest on it."""
    _check_group_open(meeting.group)
    if meeting.kind == MeetingKind.ACQUAINTANCE and meeting.group.meetings.exclude(pk=meeting.pk).exists():
        raise ValidationError(
            "Встречу-знакомство нельзя удалить, пока внесены другие встречи этой пары / группы: "
            "исправьте её дату или вид."
        )
    meeting.delete()


@transaction.atomic
def school_settings_update(*, meeting_gap_weeks: int, reminders_enabled: bool) -> SchoolSettings:
    if not 1 <= meeting_gap_weeks <= 52:
        raise ValidationError({"meeting_gap_weeks": "Укажите число недель от 1 до 52."})
    current = SchoolSettings.current()
    current.meeting_gap_weeks = meeting_gap_weeks
    current.reminders_enabled = reminders_enabled
    current.full_clean()
    current.save(update_fields=["meeting_gap_weeks", "reminders_enabled"])
    return current


# --- Reminders to mentors (sent by the Celery task school_programs.reminders_send) ----------------


def _mentee_names(group: MentoringGroup) -> str:
    names = [placement.request.participant.short_name for placement in getattr(group, "active_mentees", [])]
    return ", ".join(names) or "наставляемые не указаны"


def reminder_text(*, reminder: MentorReminder, school: School, weeks: int) -> tuple[str, str]:
    """Subject and body of one mentor's reminder, in Russian."""
    mentor = reminder.mentor
    greeting = " ".join(part for part in (mentor.first_name, mentor.middle_name) if part)
    lines = [f"Здравствуйте, {greeting}!", ""]
    if reminder.stale_groups:
        lines.append(f"Пары и группы, у которых не было встреч {weeks} нед. и больше:")
        for group in reminder.stale_groups:
            last = (
                f"последняя встреча {_date(group.last_met_on)}"
                if group.last_met_on
                else f"встреч ещё не было (работа начата {_date(group.start_date)})"
            )
            link = school_reverse(school.slug, "school:group", group.pk)
            lines.append(f"— {_mentee_names(group)} ({group.get_form_display()}): {last}. {link}")
        lines.append("")
    if reminder.overdue_tasks:
        lines.append("Задачи индивидуальных планов развития, срок которых прошёл, а результат не отмечен:")
        for task in reminder.overdue_tasks:
            plan = task.section.plan
            link = school_reverse(school.slug, "school:plan", plan.pk)
            lines.append(
                f"— {plan.mentee.participant.short_name}: «{task.task}», срок {_date(task.deadline)}. {link}"
            )
        lines.append("")
    lines += [
        "Внесите проведённые встречи и результаты задач в «Наставнике» или сообщите куратору программы, "
        "что мешает работе пары.",
        "",
        f"{school.short_name}. Письмо отправлено автоматически; напоминания отключает куратор "
        "в настройках программы.",
    ]
    subject = f"Наставничество: напоминание о встречах и задачах ИПР ({school.short_name})"
    return subject, "\n".join(lines)


def reminders_send(*, school: School, today: datetime.date | None = None) -> int:
    """E-mail each mentor of the school, once, about their stale pairs and overdue plan tasks.

    Does nothing when the school switched reminders off; mentors without any e-mail are skipped.
    Returns the number of e-mails sent.
    """
    current = SchoolSettings.current()
    if not current.reminders_enabled:
        return 0
    today = today or timezone.localdate()
    weeks = current.meeting_gap_weeks
    messages = []
    for reminder in mentor_reminders(today=today, weeks=weeks):
        if not reminder.email:
            continue
        subject, body = reminder_text(reminder=reminder, school=school, weeks=weeks)
        messages.append(
            mail.EmailMessage(subject, body, from_email=settings.DEFAULT_FROM_EMAIL, to=[reminder.email])
        )
    if not messages:
        return 0
    return mail.get_connection().send_messages(messages) or 0
