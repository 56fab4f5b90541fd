"""Celery tasks of the regional layer. Queued from PUBLIC, they run there (tenant-schemas-celery)."""

from celery import shared_task

from tenants.services.onboarding import TASK_NAME, onboarding_job_run


@shared_task(name=TASK_NAME, soft_time_limit=6 * 3600, time_limit=6 * 3600 + 60)
def schools_onboard_job(job_id: str) -> dict:
    """Provision the schools of a checked onboarding file; idempotent (a finished job is left as is)."""
    job = onboarding_job_run(job_id=job_id)
    return {
        "state": job["state"],
        "schools": len(job.get("schools", [])),
        "errors": len(job.get("errors", [])),
    }
