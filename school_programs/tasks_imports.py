"""Celery task of the participants' bulk import (large files). Runs in the schema it was queued from
(tenant-schemas-celery); the work is services.imports.import_job_run, which is idempotent."""

from celery import shared_task

from nastavnik.celery import RETRYING

from .services.imports import IMPORT_SOFT_TIME_LIMIT, TASK_NAME, import_job_run


@shared_task(
    bind=True,
    name=TASK_NAME,
    **{
        **RETRYING,
        "max_retries": 3,
        "soft_time_limit": IMPORT_SOFT_TIME_LIMIT,
        "time_limit": IMPORT_SOFT_TIME_LIMIT + 60,
    },
)
def participants_import_job(self, job_id: str) -> dict:
    # Before the last attempt a transient error leaves the job queued for the retry; at the last
    # one the job is marked failed, so that the page stops waiting.
    job = import_job_run(job_id=job_id, last_attempt=self.request.retries >= self.max_retries)
    # The outcome is in the cache for the page; the result backend gets the short version.
    return {"state": job["state"], "result": job.get("result"), "errors": len(job.get("errors", []))}
