import datetime
from collections import OrderedDict

from django.utils import timezone

from ..models import Programme, RoadmapItem, Stage


def roadmap_by_stage(programme: Programme, today: datetime.date | None = None) -> list[dict]:
    """The road map grouped by the seven stages, each item marked overdue when its deadline passed."""
    today = today or timezone.localdate()
    stages = OrderedDict(
        (code, {"stage": label, "items": [], "done": 0, "overdue": 0}) for code, label in Stage.choices
    )
    for item in programme.roadmap.all():
        item.overdue = item.is_overdue_on(today)
        entry = stages[item.stage]
        entry["items"].append(item)
        entry["done"] += item.status == RoadmapItem.Status.DONE
        entry["overdue"] += item.overdue
    return list(stages.values())


def overdue_items(programme: Programme, today: datetime.date | None = None):
    today = today or timezone.localdate()
    return programme.roadmap.filter(
        deadline__lt=today, status__in=[RoadmapItem.Status.PLANNED, RoadmapItem.Status.IN_PROGRESS]
    )
