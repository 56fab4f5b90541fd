from django.db.models import QuerySet

from ..models import GroupStatus, MenteeRequest, MentorEntry, Programme, RequestStatus


def programme_list() -> QuerySet[Programme]:
    return Programme.objects.all()


def current_programme() -> Programme | None:
    """The programme a page works on when none is asked for: the latest that is not completed.
    (One asked for by id is reached through access.chosen_programme.)"""
    running = Programme.objects.exclude(status=Programme.Status.COMPLETED).order_by("-start_date").first()
    return running or Programme.objects.order_by("-start_date").first()


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
