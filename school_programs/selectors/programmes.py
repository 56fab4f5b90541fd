import datetime

from django.db.models import QuerySet
from django.utils import timezone

from ..models import GroupStatus, MenteeRequest, MentorEntry, Programme, RequestStatus


def programme_list() -> QuerySet[Programme]:
    return Programme.objects.all()


def current_programme(today: datetime.date | None = None) -> Programme | None:
    """The programme a page works on when none is asked for: the one running today (the latest
    started of them), else the nearest not completed one, else the latest. A programme prepared for
    next year is newer than the running one, yet the running one is what people work in today.
    (One asked for by id is reached through access.chosen_programme.)"""
    today = today or timezone.localdate()
    open_ones = Programme.objects.exclude(status=Programme.Status.COMPLETED)
    running = open_ones.filter(start_date__lte=today, end_date__gte=today).order_by("-start_date").first()
    if running:
        return running
    upcoming = open_ones.filter(start_date__gt=today).order_by("start_date").first()
    return (
        upcoming or open_ones.order_by("-end_date").first() or Programme.objects.order_by("-end_date").first()
    )


def programme_summary(programme: Programme) -> dict:
    """The counts a curator and a director look at first, one query per figure."""
    mentors = MentorEntry.objects.filter(programme=programme)
    requests = MenteeRequest.objects.filter(programme=programme)
    groups = programme.groups.all()
    return {
        "mentee_requests": requests.count(),
        "requests_open": requests.filter(status__in=[RequestStatus.NEW, RequestStatus.SUPPORT]).count(),
        "mentors": mentors.count(),
        "mentors_ready": mentors.filter(
            selection=MentorEntry.Selection.SELECTED, training_completed_on__isnull=False
        ).count(),
        "groups_active": groups.filter(status=GroupStatus.ACTIVE).count(),
        "groups_completed": groups.filter(status=GroupStatus.COMPLETED).count(),
        "groups_terminated": groups.filter(status=GroupStatus.TERMINATED).count(),
    }
