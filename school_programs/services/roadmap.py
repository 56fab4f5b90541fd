"""The road map of a programme (дорожная карта), generated from the seed template. Schema: TENANT."""

from __future__ import annotations

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Programme, RoadmapItem
from ..reference import ROADMAP


def _month_end(start: datetime.date, months: int) -> datetime.date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def deadline_for(programme: Programme, month_offset: int) -> datetime.date:
    """Months from the programme's start (negative: from its end), kept inside the period."""
    if month_offset < 0:
        return programme.end_date
    return min(_month_end(programme.start_date, month_offset), programme.end_date)


@transaction.atomic
def roadmap_generate(*, programme: Programme) -> list[RoadmapItem]:
    """Fill an empty road map from the template of the seeds; deadlines follow the programme's period."""
    if programme.roadmap.exists():
        raise ValidationError("Дорожная карта уже составлена: отредактируйте её пункты.")
    items = [
        RoadmapItem(
            programme=programme,
            stage=stage,
            order=order,
            activity=activity,
            content=content,
            deadline=deadline_for(programme, offset),
            responsible=responsible,
        )
        for order, (stage, activity, content, offset, responsible) in enumerate(ROADMAP, start=1)
    ]
    return RoadmapItem.objects.bulk_create(items)


@transaction.atomic
def roadmap_item_update(*, item: RoadmapItem, **fields) -> RoadmapItem:
    """Edit an item; a deadline outside the programme's period is refused, «выполнено» gets a date."""
    programme = item.programme
    deadline = fields.get("deadline", item.deadline)
    if not programme.start_date <= deadline <= programme.end_date:
        raise ValidationError(
            {
                "deadline": f"Срок должен быть в пределах программы: {programme.start_date:%d.%m.%Y} — "
                f"{programme.end_date:%d.%m.%Y}."
            }
        )
    for name, value in fields.items():
        setattr(item, name, value)
    if item.status == RoadmapItem.Status.DONE and item.done_on is None:
        item.done_on = timezone.localdate()
    if item.status != RoadmapItem.Status.DONE:
        item.done_on = None
    item.full_clean()
    item.save()
    return item
