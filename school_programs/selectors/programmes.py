from django.db.models import QuerySet

from ..models import Programme


def programme_list() -> QuerySet[Programme]:
    return Programme.objects.all()
