"""Celery tasks of the regional layer. Queued from PUBLIC, they run there (tenant-schemas-celery)."""

from celery import shared_task

from nastavnik.celery import RETRYING
from tenants.services.onboarding import TASK_NAME, onboarding_job_run

ONBOARDING_SOFT_TIME_LIMIT = 6 * 3600  # 2,000 schools at a few seconds each


@shared_task(
    bind=True,
    name=TASK_NAME,
    **{
        **RETRYING,
        "max_retries": 3,
        "soft_time_limit": ONBOARDING_SOFT_TIME_LIMIT,
        "time_limit": ONBOARDING_SOFT_TIME_LIMIT + 60,
    },
)
def schools_onboard_job(self, job_id: str) -> dict:
    """Provision the schools of a checked onboarding file; idempotent (a finished job is left as is).

    Before the last attempt a transient error leaves the job queued for the retry, which skips the
    schools already created; at the last one the job is marked failed, so that the page stops waiting."""
    job = onboarding_job_run(job_id=job_id, last_attempt=self.request.retries >= self.max_retries)
    return {
        "state": job["state"],
        "schools": len(job.get("schools", [])),
        "errors": len(job.get("errors", [])),
    }


# --- CENTRE (issue 9 §2): warnings before cooperation agreements expire -------------------------------


@shared_task(bind=True, name="regional_center.agreement_warnings_send", **{**RETRYING, "max_retries": 3})
def agreement_warnings_send(self) -> dict:
    """Daily: e-mail the administrators once per agreement per threshold, and mark agreements past
    their end as expired. Idempotent (regional_center.services.agreements: a warning is recorded in
    the transaction that sends it), so a retry after a mail server or database hiccup sends only
    what was not sent; a bug is not retried."""
    from .services.agreements import agreement_warnings_send as run

    result = run()
    return {"sent": result.sent, "expired": result.expired}
