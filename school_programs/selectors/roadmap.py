import datetime
from collections import OrderedDict

from django.utils import timezone

from ..models import Programme, RoadmapItem, Stage


def roadmap_by_stage(programme: Programme, today: datetime.date | None = None) -> list[dict]:
    """The road map grouped by the seven stages, each item marked overdue when its deadline passed."""
    today = today or timezone.localdate()
    stages = OrderedDict(
        (code, {"code": code, "stage": label, "items": [], "done": 0, "overdue": 0})
        for code, label in Stage.choices
    )
    cycles = programme.cycles()
    for item in programme.roadmap.all():
        item.overdue = item.is_overdue_on(today)
        item.cycle = cycle_label(cycles, item.deadline) if len(cycles) > 1 else ""
        entry = stages[item.stage]
        entry["items"].append(item)
        entry["done"] += item.status == RoadmapItem.Status.DONE
        entry["overdue"] += item.overdue
    return list(stages.values())


def cycle_label(cycles, day: datetime.date) -> str:
    """«2025/26 уч. г.» for the school-year cycle a deadline falls in."""
    for first, last in cycles:
        if first <= day <= last:
            return f"{first.year}/{(first.year + 1) % 100:02d} уч. г."
    return ""


def overdue_items(programme: Programme, today: datetime.date | None = None):
    today = today or timezone.localdate()
    return programme.roadmap.filter(
        deadline__lt=today, status__in=[RoadmapItem.Status.PLANNED, RoadmapItem.Status.IN_PROGRESS]
    )
