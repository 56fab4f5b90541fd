"""The regional project's road map: the three stages of seed 002 and their milestones.

Schema: PUBLIC. Rules: a stage's period is not inverted and does not overlap another stage's; the
stages follow in their order (organisational-preparatory, creative-transforming, analytical-
generalising); a milestone falls within its stage; a stage is completed only when its milestones are.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Region, RoadmapMilestone, RoadmapStage

ORDER = list(RoadmapStage.Kind.values)


def _d(day: datetime.date) -> str:
    return f"{day:%d.%m.%Y}"


def _check_stage(*, stage: RoadmapStage) -> None:
    errors: dict[str, str] = {}
    if stage.starts_on and stage.ends_on and stage.ends_on < stage.starts_on:
        errors["ends_on"] = (
            f"Окончание этапа ({_d(stage.ends_on)}) раньше его начала ({_d(stage.starts_on)})."
        )
    if errors:
        raise ValidationError(errors)
    index = ORDER.index(stage.kind)
    for other in RoadmapStage.objects.filter(region=stage.region).exclude(kind=stage.kind):
        overlaps = stage.starts_on <= other.ends_on and other.starts_on <= stage.ends_on
        if overlaps:
            raise ValidationError(
                {
                    "starts_on": (
                        f"Период этапа пересекается с этапом «{other.get_kind_display()}» "
                        f"({_d(other.starts_on)} – {_d(other.ends_on)})."
                    )
                }
            )
        other_index = ORDER.index(other.kind)
        if other_index < index and other.starts_on > stage.starts_on:
            raise ValidationError(
                {"starts_on": f"Этап должен начинаться после этапа «{other.get_kind_display()}»."}
            )
        if other_index > index and other.starts_on < stage.starts_on:
            raise ValidationError(
                {"ends_on": f"Этап должен заканчиваться до этапа «{other.get_kind_display()}»."}
            )
    if stage.pk:
        outside = stage.milestones.exclude(due_on__gte=stage.starts_on, due_on__lte=stage.ends_on).first()
        if outside:
            raise ValidationError(
                {
                    "starts_on": (
                        f"Контрольная точка «{outside}» ({_d(outside.due_on)}) окажется вне периода этапа."
                    )
                }
            )
        if stage.status == RoadmapStage.Status.COMPLETED:
            open_count = stage.milestones.filter(done_on__isnull=True).count()
            if open_count:
                raise ValidationError(
                    {"status": f"Этап нельзя завершить: не выполнено контрольных точек — {open_count}."}
                )


@transaction.atomic
def stage_save(
    *,
    region: Region,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    status: str = RoadmapStage.Status.PLANNED,
    tasks: str = "",
) -> RoadmapStage:
    """Create or change one stage of the region's road map (one per kind)."""
    # Stages are checked against each other: lock the region so two edits cannot both pass.
    Region.objects.select_for_update().get(pk=region.pk)
    if kind not in ORDER:
        raise ValidationError({"kind": "Такого этапа нет в дорожной карте."})
    stage = RoadmapStage.objects.filter(region=region, kind=kind).first() or RoadmapStage(
        region=region, kind=kind
    )
    stage.starts_on, stage.ends_on, stage.status, stage.tasks = starts_on, ends_on, status, tasks.strip()
    stage.full_clean(validate_unique=False, validate_constraints=False)
    _check_stage(stage=stage)
    stage.save()
    return stage


def _check_milestone(*, milestone: RoadmapMilestone) -> None:
    stage = milestone.stage
    if milestone.due_on and not (stage.starts_on <= milestone.due_on <= stage.ends_on):
        raise ValidationError(
            {
                "due_on": (
                    f"Срок {_d(milestone.due_on)} вне периода этапа «{stage}» "
                    f"({_d(stage.starts_on)} – {_d(stage.ends_on)})."
                )
            }
        )
    if milestone.done_on and milestone.done_on < stage.starts_on:
        raise ValidationError({"done_on": "Дата выполнения раньше начала этапа."})


@transaction.atomic
def milestone_create(
    *, stage: RoadmapStage, title: str, due_on: datetime.date, responsible: str = ""
) -> RoadmapMilestone:
    stage = RoadmapStage.objects.select_for_update().get(pk=stage.pk)
    milestone = RoadmapMilestone(
        stage=stage, title=title.strip(), due_on=due_on, responsible=responsible.strip()
    )
    milestone.full_clean()
    _check_milestone(milestone=milestone)
    milestone.save()
    return milestone


@transaction.atomic
def milestone_update(*, milestone: RoadmapMilestone, **fields) -> RoadmapMilestone:
    """Change a milestone; `done_on` set marks it done, None reopens it (a completed stage cannot
    have an open milestone: reopen the stage first)."""
    allowed = {"title", "due_on", "responsible", "done_on"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    milestone = RoadmapMilestone.objects.select_for_update().select_related("stage").get(pk=milestone.pk)
    for name, value in fields.items():
        setattr(milestone, name, value.strip() if isinstance(value, str) else value)
    milestone.full_clean()
    _check_milestone(milestone=milestone)
    if milestone.done_on is None and milestone.stage.status == RoadmapStage.Status.COMPLETED:
        raise ValidationError({"done_on": "Этап завершён: сначала верните его в работу."})
    milestone.save()
    return milestone
