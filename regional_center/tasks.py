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


# --- CENTRE (issue 9 §2): warnings before cooperation agreements expire -------------------------------


@shared_task(
    name="regional_center.agreement_warnings_send",
    bind=True,
    max_retries=3,
    soft_time_limit=300,
    time_limit=360,
)
def agreement_warnings_send(self) -> dict:
    """Daily: e-mail the administrators once per agreement per threshold, and mark agreements past
    their end as expired. Idempotent (regional_center.services.agreements), so a retry is safe."""
    from .services.agreements import agreement_warnings_send as run

    try:
        result = run()
    except Exception as exc:  # a mail server down for a moment: try again later, nothing was recorded
        raise self.retry(exc=exc, countdown=600) from exc
    return {"sent": result.sent, "expired": result.expired}
