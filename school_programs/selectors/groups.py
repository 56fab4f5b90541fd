"""Reads of pairs and groups: the list with its warning flags and one group with everything on it.

Schema: TENANT. Which groups a user may see is decided by access.visible_groups; the functions here
take that queryset and add figures, so a page and the API show the same flags.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

from ..models import (
    DevelopmentPlan,
    GroupMentee,
    GroupStatus,
    Meeting,
    MentorEntry,
    MentoringGroup,
    PlanTask,
    Programme,
    SchoolSettings,
)


class SubqueryCount(Subquery):
    """A correlated COUNT(*) as an annotation: one subquery per figure, instead of joins that multiply
    rows (meetings × plans × tasks) and make the list of 1,500 pairs slow."""

    template = "(SELECT count(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()

    def __init__(self, queryset, **extra):
        super().__init__(queryset.order_by().values("pk"), **extra)


def overdue_tasks(today: datetime.date) -> QuerySet[PlanTask]:
    """Tasks of running plans whose deadline has passed without a recorded result."""
    return PlanTask.objects.filter(
        deadline__lt=today,
        result_status="",
        section__plan__status__in=[DevelopmentPlan.Status.DRAFT, DevelopmentPlan.Status.ACTIVE],
        section__plan__group__status=GroupStatus.ACTIVE,
    )


def with_flags(groups: QuerySet[MentoringGroup], *, today: datetime.date, gap_weeks: int):
    """Annotate each group with what the curator watches: last meeting, mentees without a plan,
    overdue plan tasks, and whether the pair has gone `gap_weeks` without meeting."""
    last_meeting = Meeting.objects.filter(group=OuterRef("pk")).order_by("-held_on").values("held_on")[:1]
    placements = GroupMentee.objects.filter(group=OuterRef("pk"), left_on__isnull=True)
    without_plan = placements.filter(
        ~Exists(DevelopmentPlan.objects.filter(group=OuterRef("group"), mentee=OuterRef("request")))
    )
    overdue = overdue_tasks(today).filter(section__plan__group=OuterRef("pk"))
    meetings = Meeting.objects.filter(group=OuterRef("pk"))
    cutoff = stale_before(today, gap_weeks)
    return groups.annotate(
        last_met_on=Subquery(last_meeting),
        mentee_count=SubqueryCount(placements),
        mentees_without_plan=SubqueryCount(without_plan),
        overdue_task_count=SubqueryCount(overdue),
        meeting_count=SubqueryCount(meetings),
    ).annotate(
        is_stale=ExpressionWrapper(
            Q(status=GroupStatus.ACTIVE, start_date__lte=cutoff)
            & (Q(last_met_on__isnull=True) | Q(last_met_on__lte=cutoff)),
            output_field=BooleanField(),
        )
    )


def stale_before(today: datetime.date, weeks: int) -> datetime.date:
    """A pair whose last meeting (or, with none, its start) is on or before this day is stale."""
    return today - datetime.timedelta(weeks=weeks)


@dataclass(frozen=True)
class GroupFilters:
    form: str = ""
    status: str = ""
    mentor: int | None = None
    flag: str = ""  # "stale", "no_plan", "overdue"


def group_list(
    groups: QuerySet[MentoringGroup],
    *,
    programme: Programme | None,
    today: datetime.date,
    filters: GroupFilters = GroupFilters(),
    gap_weeks: int | None = None,
) -> QuerySet[MentoringGroup]:
    """The visible groups of a programme, filtered and flagged; mentees prefetched for the names."""
    if programme is not None:
        groups = groups.filter(programme=programme)
    if filters.form:
        groups = groups.filter(form=filters.form)
    if filters.status:
        groups = groups.filter(status=filters.status)
    if filters.mentor:
        groups = groups.filter(mentor_id=filters.mentor)
    weeks = gap_weeks if gap_weeks is not None else SchoolSettings.current().meeting_gap_weeks
    groups = with_flags(groups, today=today, gap_weeks=weeks)
    if filters.flag == "stale":
        groups = groups.filter(is_stale=True)
    elif filters.flag == "no_plan":
        groups = groups.filter(mentees_without_plan__gt=0)
    elif filters.flag == "overdue":
        groups = groups.filter(overdue_task_count__gt=0)
    active_mentees = GroupMentee.objects.filter(left_on__isnull=True).select_related("request__participant")
    return groups.prefetch_related(Prefetch("mentees", queryset=active_mentees, to_attr="active_mentees"))


def mentor_choices(programme: Programme | None) -> list[tuple[int, str]]:
    """(mentor base entry, «Фамилия И. О.») of those who lead a pair or group: the list's filter.

    Plain values, not model instances: a big school has hundreds of mentors in this drop-down.
    """
    mentors = MentorEntry.objects.filter(groups__isnull=False)
    if programme is not None:
        mentors = mentors.filter(programme=programme)
    rows = (
        mentors.order_by("participant__last_name", "participant__first_name", "pk")
        .values_list("pk", "participant__last_name", "participant__first_name", "participant__middle_name")
        .distinct()
    )
    return [
        (pk, f"{last} {''.join(f'{part[0]}.' for part in (first, middle) if part)}".strip())
        for pk, last, first, middle in rows
    ]


def group_detail(group: MentoringGroup) -> MentoringGroup:
    """One group with its people, plans, meetings and releases loaded for the detail page."""
    return (
        MentoringGroup.objects.select_related(
            "mentor__participant", "role_model", "programme", "fixing_order"
        )
        .prefetch_related(
            Prefetch(
                "mentees",
                queryset=GroupMentee.objects.select_related("request__participant").order_by(
                    "left_on", "request__participant__last_name"
                ),
            ),
            Prefetch(
                "plans",
                queryset=DevelopmentPlan.objects.select_related("mentee__participant", "template").annotate(
                    task_count=Count("sections__tasks"),
                    tasks_done=Count("sections__tasks", filter=~Q(sections__tasks__result_status="")),
                ),
            ),
            Prefetch(
                "meetings",
                queryset=Meeting.objects.prefetch_related("attendance__participant").order_by(
                    "held_on", "pk"
                ),
            ),
            "releases__order",
        )
        .get(pk=group.pk)
    )


def group_members(group: MentoringGroup, on: datetime.date | None = None) -> list:
    """The mentor and the mentees (participants) of a group; with `on`, those who were in it that day."""
    mentees = GroupMentee.objects.filter(group=group).select_related("request__participant")
    if on is not None:
        mentees = mentees.filter(Q(joined_on__lte=on) & (Q(left_on__isnull=True) | Q(left_on__gte=on)))
    people = [group.mentor.participant]
    people += [placement.request.participant for placement in mentees]
    return people


def active_mentee_requests(group: MentoringGroup):
    """The requests of the mentees now in the group (a plan is drawn up for each of them)."""
    return [
        placement.request
        for placement in GroupMentee.objects.filter(group=group, left_on__isnull=True).select_related(
            "request__participant"
        )
    ]
