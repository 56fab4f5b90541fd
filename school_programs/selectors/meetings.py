"""Reads of meetings: a group's timeline, pairs that stopped meeting, what each mentor is reminded of.

Schema: TENANT (the school's schema; user e-mails are read from the public schema, which is on the
search path of every school connection).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet

from ..models import GroupMentee, GroupStatus, Meeting, MentoringGroup, Participant, PlanTask, SchoolSettings
from .groups import overdue_tasks, with_flags


def school_settings() -> SchoolSettings:
    return SchoolSettings.current()


def group_meetings(group: MentoringGroup) -> QuerySet[Meeting]:
    """The group's meetings in the order they were held, with who attended."""
    return group.meetings.prefetch_related("attendance__participant").order_by("held_on", "pk")


def stale_groups(*, today: datetime.date, weeks: int | None = None) -> QuerySet[MentoringGroup]:
    """Working pairs and groups with no meeting for `weeks` (default: the school's setting)."""
    weeks = weeks if weeks is not None else school_settings().meeting_gap_weeks
    groups = MentoringGroup.objects.filter(status=GroupStatus.ACTIVE).select_related(
        "mentor__participant", "role_model", "programme"
    )
    active_mentees = GroupMentee.objects.filter(left_on__isnull=True).select_related("request__participant")
    return (
        with_flags(groups, today=today, gap_weeks=weeks)
        .filter(is_stale=True)
        .prefetch_related(Prefetch("mentees", queryset=active_mentees, to_attr="active_mentees"))
    )


@dataclass
class MentorReminder:
    """What one mentor is reminded of in one e-mail."""

    mentor: Participant
    email: str = ""
    stale_groups: list[MentoringGroup] = field(default_factory=list)
    overdue_tasks: list[PlanTask] = field(default_factory=list)


def mentor_reminders(*, today: datetime.date, weeks: int) -> list[MentorReminder]:
    """One entry per mentor (a person, even if they are in the base of two programmes) who has a
    stale pair or an overdue plan task; `email` is the participant's own address, else their login's."""
    reminders: dict[int, MentorReminder] = {}
    for group in stale_groups(today=today, weeks=weeks):
        person = group.mentor.participant
        reminders.setdefault(person.pk, MentorReminder(person)).stale_groups.append(group)
    tasks = overdue_tasks(today).select_related(
        "section__plan__mentee__participant", "section__plan__group__mentor__participant"
    )
    for task in tasks.order_by("deadline", "pk"):
        person = task.section.plan.group.mentor.participant
        reminders.setdefault(person.pk, MentorReminder(person)).overdue_tasks.append(task)
    user_ids = [r.mentor.user_id for r in reminders.values() if not r.mentor.email and r.mentor.user_id]
    user_emails = dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "email"))
    for reminder in reminders.values():
        reminder.email = reminder.mentor.email or user_emails.get(reminder.mentor.user_id, "")
    return sorted(reminders.values(), key=lambda r: r.mentor.full_name)
