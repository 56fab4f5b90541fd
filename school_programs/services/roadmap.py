"""The road map of a programme (дорожная карта), generated from the seed template. Schema: TENANT."""

from __future__ import annotations

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import Programme, RoadmapItem, Stage
from ..reference import ROADMAP


def _month_end(start: datetime.date, months: int) -> datetime.date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def deadline_in_cycle(cycle: tuple[datetime.date, datetime.date], month_offset: int) -> datetime.date:
    """Months from the cycle's start (negative: the cycle's last day), kept inside the cycle."""
    first, last = cycle
    if month_offset < 0:
        return last
    return min(_month_end(first, month_offset), last)


def _period_problem(programme: Programme, deadline: datetime.date) -> dict | None:
    if programme.start_date <= deadline <= programme.end_date:
        return None
    return {
        "deadline": f"Срок должен быть в пределах программы: {programme.start_date:%d.%m.%Y} — "
        f"{programme.end_date:%d.%m.%Y}."
    }


@transaction.atomic
def roadmap_generate(*, programme: Programme) -> list[RoadmapItem]:
    """Fill an empty road map from the template of the seeds: preparation once, the yearly stages in
    every school-year cycle of the programme, deadlines inside their cycle."""
    if programme.roadmap.exists():
        raise ValidationError("Дорожная карта уже составлена: отредактируйте её пункты.")
    items = []
    for number, cycle in enumerate(programme.cycles()):
        for stage, activity, content, offset, responsible, yearly in ROADMAP:
            if number and not yearly:
                continue
            items.append(
                RoadmapItem(
                    programme=programme,
                    stage=stage,
                    order=len(items) + 1,
                    activity=activity,
                    content=content,
                    deadline=deadline_in_cycle(cycle, offset),
                    responsible=responsible,
                )
            )
    return RoadmapItem.objects.bulk_create(items)


@transaction.atomic
def roadmap_item_create(
    *,
    programme: Programme,
    stage: str,
    activity: str,
    deadline: datetime.date,
    responsible: str,
    content: str = "",
) -> RoadmapItem:
    """A curator's own line of the road map; it goes after the last line of its stage."""
    problem = _period_problem(programme, deadline)
    if problem:
        raise ValidationError(problem)
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    last_of_stage = programme.roadmap.filter(stage=stage).order_by("-order").first()
    order = last_of_stage.order + 1 if last_of_stage else _first_order_of_later_stage(programme, stage)
    # Make room: the lines after the new one move down by one.
    programme.roadmap.filter(order__gte=order).update(order=F("order") + 1)
    item = RoadmapItem(
        programme=programme,
        stage=stage,
        order=order,
        activity=activity,
        content=content,
        deadline=deadline,
        responsible=responsible,
    )
    item.full_clean()
    item.save()
    return item


def _first_order_of_later_stage(programme: Programme, stage: str) -> int:
    later = Stage.values[Stage.values.index(stage) + 1 :]
    following = programme.roadmap.filter(stage__in=later).order_by("order").first()
    if following:
        return following.order
    last = programme.roadmap.order_by("-order").first()
    return last.order + 1 if last else 1


@transaction.atomic
def roadmap_item_move(*, item: RoadmapItem, direction: str) -> RoadmapItem:
    """Move a line up or down among the lines of its stage (its place in the printed road map)."""
    if direction not in {"up", "down"}:
        raise ValidationError({"direction": "Направление: «up» (выше) или «down» (ниже)."})
    Programme.objects.select_for_update().filter(pk=item.programme_id).first()
    siblings = item.programme.roadmap.filter(stage=item.stage)
    neighbour = (
        siblings.filter(order__lt=item.order).order_by("-order").first()
        if direction == "up"
        else siblings.filter(order__gt=item.order).order_by("order").first()
    )
    if neighbour is None:
        where = "первый" if direction == "up" else "последний"
        raise ValidationError({"direction": f"Пункт уже {where} в своём этапе."})
    item.order, neighbour.order = neighbour.order, item.order
    RoadmapItem.objects.bulk_update([item, neighbour], ["order"])
    return item


@transaction.atomic
def roadmap_item_delete(*, item: RoadmapItem) -> None:
    """Remove a line that is not needed; a line already done is the programme's history and stays
    (mark a line that will not happen «отменено» instead)."""
    if item.status == RoadmapItem.Status.DONE:
        raise ValidationError("Выполненный пункт дорожной карты удалить нельзя: он часть отчёта о программе.")
    item.delete()


@transaction.atomic
def roadmap_item_update(*, item: RoadmapItem, **fields) -> RoadmapItem:
    """Edit an item; a deadline outside the programme's period is refused, «выполнено» gets a date."""
    problem = _period_problem(item.programme, fields.get("deadline", item.deadline))
    if problem:
        raise ValidationError(problem)
    for name, value in fields.items():
        setattr(item, name, value)
    if item.status == RoadmapItem.Status.DONE and item.done_on is None:
        item.done_on = timezone.localdate()
    if item.status != RoadmapItem.Status.DONE:
        item.done_on = None
    item.full_clean()
    item.save()
    return item
