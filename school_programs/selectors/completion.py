"""The programme's results (stage 7): figures per form and role model, rewards and practices.

Schema: TENANT. A handful of grouped queries, folded in Python: the report of a programme with a
thousand pairs stays a few milliseconds of SQL.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from ..models import (
    BestPractice,
    DevelopmentPlan,
    Form,
    GroupMentee,
    GroupStatus,
    Meeting,
    MentorEntry,
    MentorRelease,
    MentorReward,
    PlanTask,
    Programme,
    ResultStatus,
)


@dataclass
class ReportRow:
    form: str
    form_label: str
    role_model: str
    pairs: int = 0
    groups: int = 0
    active: int = 0
    completed: int = 0
    terminated: int = 0
    meetings: int = 0
    plans: int = 0
    tasks: int = 0
    tasks_full: int = 0
    tasks_exceeded: int = 0
    practices: int = 0

    @property
    def formed(self) -> int:
        return self.pairs + self.groups

    @property
    def achieved_share(self) -> float | None:
        """Share of plan tasks achieved in full or exceeded, percent (None without tasks)."""
        if not self.tasks:
            return None
        return round(100 * (self.tasks_full + self.tasks_exceeded) / self.tasks, 1)

    def add(self, other: ReportRow) -> None:
        for name in (
            "pairs",
            "groups",
            "active",
            "completed",
            "terminated",
            "meetings",
            "plans",
            "tasks",
            "tasks_full",
            "tasks_exceeded",
            "practices",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class ProgrammeReport:
    rows: list[ReportRow]
    total: ReportRow
    rewards: list[tuple[str, int]] = field(default_factory=list)
    rewarded_mentors: int = 0
    releases: list[tuple[str, int]] = field(default_factory=list)
    practices_published: int = 0


def programme_report(programme: Programme) -> ProgrammeReport:
    groups = list(programme.groups.values("pk", "form", "role_model_id", "role_model__name", "status"))
    mentees = dict(
        GroupMentee.objects.filter(group__programme=programme)
        .values("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    meetings = dict(
        Meeting.objects.filter(group__programme=programme)
        .values("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    plans = dict(
        DevelopmentPlan.objects.filter(group__programme=programme)
        .values("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    tasks: dict[int, Counter] = defaultdict(Counter)
    for group_id, status, n in (
        PlanTask.objects.filter(section__plan__group__programme=programme)
        .values("section__plan__group_id", "result_status")
        .annotate(n=Count("pk"))
        .values_list("section__plan__group_id", "result_status", "n")
    ):
        tasks[group_id][status] += n

    rows: dict[tuple[str, int | None], ReportRow] = {}
    form_labels = dict(Form.choices)

    def row_for(form: str, role_model_id, role_model_name) -> ReportRow:
        key = (form, role_model_id)
        if key not in rows:
            rows[key] = ReportRow(form, form_labels.get(form, form), role_model_name or "без ролевой модели")
        return rows[key]

    for group in groups:
        row = row_for(group["form"], group["role_model_id"], group["role_model__name"])
        if mentees.get(group["pk"], 0) > 1:
            row.groups += 1
        else:
            row.pairs += 1
        row.active += group["status"] == GroupStatus.ACTIVE
        row.completed += group["status"] == GroupStatus.COMPLETED
        row.terminated += group["status"] == GroupStatus.TERMINATED
        row.meetings += meetings.get(group["pk"], 0)
        row.plans += plans.get(group["pk"], 0)
        counts = tasks.get(group["pk"], Counter())
        row.tasks += sum(counts.values())
        row.tasks_full += counts[ResultStatus.FULL]
        row.tasks_exceeded += counts[ResultStatus.EXCEEDED]
    for practice in (
        BestPractice.objects.filter(programme=programme)
        .values("form", "role_model_id", "role_model__name")
        .annotate(n=Count("pk"))
    ):
        row_for(
            practice["form"], practice["role_model_id"], practice["role_model__name"]
        ).practices += practice["n"]

    ordered = sorted(rows.values(), key=lambda r: (list(form_labels).index(r.form), r.role_model))
    total = ReportRow("", "Всего", "")
    for row in ordered:
        total.add(row)
    rewards = MentorReward.objects.filter(mentor__programme=programme)
    reward_labels = dict(MentorReward.Kind.choices)
    release_labels = dict(MentorRelease.Reason.choices)
    return ProgrammeReport(
        rows=ordered,
        total=total,
        rewards=[
            (reward_labels[kind], n)
            for kind, n in rewards.values("kind")
            .annotate(n=Count("pk"))
            .values_list("kind", "n")
            .order_by("kind")
        ],
        rewarded_mentors=rewards.values("mentor").distinct().count(),
        releases=[
            (release_labels[reason], n)
            for reason, n in MentorRelease.objects.filter(group__programme=programme)
            .values("reason")
            .annotate(n=Count("pk"))
            .values_list("reason", "n")
            .order_by("reason")
        ],
        practices_published=BestPractice.objects.filter(
            programme=programme, published_on__isnull=False
        ).count(),
    )


def reward_list(programme: Programme) -> QuerySet[MentorReward]:
    return MentorReward.objects.filter(mentor__programme=programme).select_related(
        "mentor__participant", "order"
    )


def practice_list(programme: Programme) -> QuerySet[BestPractice]:
    return BestPractice.objects.filter(programme=programme).select_related("role_model")


def mentor_reward_choices(programme: Programme) -> list[tuple[int, str]]:
    """(mentor base entry, full name) of the mentors who may be rewarded, as plain values."""
    rows = (
        mentors_to_reward(programme)
        .order_by("participant__last_name", "participant__first_name", "pk")
        .values_list("pk", "participant__last_name", "participant__first_name", "participant__middle_name")
    )
    return [(pk, " ".join(part for part in names if part)) for pk, *names in rows]


def mentors_to_reward(programme: Programme) -> QuerySet[MentorEntry]:
    """Mentors who led a pair or group of the programme."""
    return (
        MentorEntry.objects.filter(programme=programme, groups__isnull=False)
        .select_related("participant")
        .distinct()
        .order_by("participant__last_name", "participant__first_name")
    )
