"""A probe task for the worker test: reports where it ran. Loaded into the test worker with `-I`."""

from celery import shared_task
from django.db import connection


@shared_task(name="tests.report_schema")
def report_schema() -> dict:
    from school_programs.models import Programme

    return {
        "schema": connection.schema_name,
        "programmes": list(Programme.objects.values_list("title", flat=True)),
    }
