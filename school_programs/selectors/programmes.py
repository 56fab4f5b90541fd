from django.db.models import QuerySet
from django.http import Http404

from ..models import Programme


def programme_list() -> QuerySet[Programme]:
    return Programme.objects.all()


def current_programme(programme_id: int | str | None = None) -> Programme | None:
    """The programme a page works on: the one asked for, else the latest that is not completed."""
    if programme_id:
        programme = Programme.objects.filter(pk=programme_id).first()
        if programme is None:
            raise Http404
        return programme
    running = Programme.objects.exclude(status=Programme.Status.COMPLETED).order_by("-start_date").first()
    return running or Programme.objects.order_by("-start_date").first()
