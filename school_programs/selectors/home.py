"""What each school role has to do today: the blocks of the school's home page (views/home.py).

Reads only; every function takes the person or the programme it is about, and `today`, so that the
page and its tests agree on the date. Schema: TENANT.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from ..models import (
    DevelopmentPlan,
    GroupMentee,
    GroupStatus,
    Invitation,
    MentoringGroup,
    Order,
    Participant,
    PlanTask,
    Programme,
)
from .groups import overdue_tasks, stale_before, with_flags
from .orders import groups_awaiting_order, orders_to_sign
from .programmes import programme_summary
from .roadmap import overdue_items
from .surveys import my_invitations


@dataclass(frozen=True)
class PairToMeet:
    """A working pair or group of the mentor, and by when it should meet next (the school's gap
    between meetings after the last one, or after the start when it has never met)."""

    group: MentoringGroup
    due_on: datetime.date
    last_met_on: datetime.date | None
    overdue: bool

    @property
    def never_met(self) -> bool:
        return self.last_met_on is None


@dataclass
class MentorToday:
    next_meetings: list[PairToMeet] = field(default_factory=list)
    overdue_tasks: list[PlanTask] = field(default_factory=list)
    pairs_without_meetings: list[MentoringGroup] = field(default_factory=list)
    surveys: list[Invitation] = field(default_factory=list)


@dataclass
class MenteeToday:
    placements: list[GroupMentee] = field(default_factory=list)
    plans: list[DevelopmentPlan] = field(default_factory=list)
    next_tasks: list[PlanTask] = field(default_factory=list)
    surveys: list[Invitation] = field(default_factory=list)


@dataclass
class DirectorToday:
    orders_to_sign: list[Order] = field(default_factory=list)
    summary: dict | None = None
    groups_awaiting_order: int = 0
    stale_groups: int = 0
    overdue_roadmap: list = field(default_factory=list)


def _active_mentees() -> Prefetch:
    return Prefetch(
        "mentees",
        queryset=GroupMentee.objects.filter(left_on__isnull=True).select_related("request__participant"),
        to_attr="active_mentees",
    )


def mentor_groups(person: Participant, *, today: datetime.date, gap_weeks: int) -> QuerySet[MentoringGroup]:
    """The mentor's working pairs and groups (of every programme they mentor in), flagged."""
    groups = MentoringGroup.objects.filter(mentor__participant=person, status=GroupStatus.ACTIVE)
    groups = groups.select_related("mentor__participant", "role_model", "programme")
    return with_flags(groups, today=today, gap_weeks=gap_weeks).prefetch_related(_active_mentees())


def mentor_today(person: Participant | None, *, today: datetime.date, gap_weeks: int) -> MentorToday:
    """Next meetings due (soonest first), overdue tasks of their mentees' plans, pairs that have never
    met, and the surveys the mentor is asked to answer."""
    if person is None:
        return MentorToday()
    gap = datetime.timedelta(weeks=gap_weeks)
    cutoff = stale_before(today, gap_weeks)
    pairs = []
    for group in mentor_groups(person, today=today, gap_weeks=gap_weeks):
        since = group.last_met_on or group.start_date
        pairs.append(PairToMeet(group, since + gap, group.last_met_on, overdue=since <= cutoff))
    pairs.sort(key=lambda pair: (pair.due_on, pair.group.pk))
    tasks = (
        overdue_tasks(today)
        .filter(section__plan__group__mentor__participant=person)
        .select_related("section__plan__mentee__participant", "section__plan__group")
        .order_by("deadline", "pk")
    )
    return MentorToday(
        next_meetings=pairs,
        overdue_tasks=list(tasks),
        pairs_without_meetings=[pair.group for pair in pairs if pair.never_met],
        surveys=my_invitations(person, today)[0],
    )


def mentee_today(person: Participant | None, *, today: datetime.date) -> MenteeToday:
    """The mentee's mentor (their working pairs or groups), their plans with the tasks still open
    (nearest deadline first), and the surveys waiting for them."""
    if person is None:
        return MenteeToday()
    placements = list(
        GroupMentee.objects.filter(
            request__participant=person, left_on__isnull=True, group__status=GroupStatus.ACTIVE
        )
        .select_related("group__mentor__participant", "group__role_model", "group__programme")
        .order_by("group__start_date", "pk")
    )
    plans = list(
        DevelopmentPlan.objects.filter(
            mentee__participant=person, group__in=[placement.group_id for placement in placements]
        )
        .exclude(status=DevelopmentPlan.Status.COMPLETED)
        .select_related("group__mentor__participant")
        .order_by("start_date", "pk")
    )
    tasks = (
        PlanTask.objects.filter(section__plan__in=plans, result_status="")
        .select_related("section__plan")
        .order_by("deadline", "pk")
    )
    # Tasks without a deadline go last (PostgreSQL sorts NULL last in ascending order).
    return MenteeToday(
        placements=placements,
        plans=plans,
        next_tasks=list(tasks[:5]),
        surveys=my_invitations(person, today)[0],
    )


def director_today(programme: Programme | None, *, today: datetime.date, gap_weeks: int) -> DirectorToday:
    """Orders waiting for the director's signature and the state of the current programme: its
    counts, pairs still without an order fixing them, pairs that stopped meeting, late road map items."""
    result = DirectorToday(orders_to_sign=list(orders_to_sign()))
    if programme is None:
        return result
    groups = MentoringGroup.objects.filter(programme=programme, status=GroupStatus.ACTIVE)
    result.summary = programme_summary(programme)
    result.groups_awaiting_order = groups_awaiting_order(programme).count()
    result.stale_groups = with_flags(groups, today=today, gap_weeks=gap_weeks).filter(is_stale=True).count()
    result.overdue_roadmap = list(overdue_items(programme, today)[:10])
    return result
