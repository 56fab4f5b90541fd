"""Celery task of the participants' bulk import (large files). Runs in the schema it was queued from
(tenant-schemas-celery); the work is services.imports.import_job_run, which is idempotent."""

from celery import shared_task

from .services.imports import TASK_NAME, import_job_run


@shared_task(name=TASK_NAME)
def participants_import_job(job_id: str) -> dict:
    job = import_job_run(job_id=job_id)
    # The outcome is in the cache for the page; the result backend gets the short version.
    return {"state": job["state"], "result": job.get("result"), "errors": len(job.get("errors", []))}
