from django.db.models import Count, Q, QuerySet

from .models import Municipality, Region


def municipalities_with_school_counts(region: Region) -> QuerySet[Municipality]:
    return (
        Municipality.objects.filter(region=region)
        .annotate(
            school_count=Count("schools", distinct=True),
            low_results_count=Count("schools", filter=Q(schools__low_results=True), distinct=True),
            partner_count=Count("schools", filter=Q(schools__partner_school=True), distinct=True),
            point_count=Count("consultation_points", distinct=True),
        )
        .order_by("name")
    )
