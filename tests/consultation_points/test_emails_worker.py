"""The consultation service's e-mails, sent by a real Celery worker: the assignment (queued on commit,
sent once) and the reminder a day before a session (the worker's clock is the suite's, see
tests/support/clocked.py). The worker writes its e-mails as files (settings/test.py), read back here."""

import datetime
import email
import email.policy
import time

import pytest
from django.utils import timezone

from consultation_points.models import Consultant, Consultation, ConsultationRequest, Format, RequestEvent
from consultation_points.services.consultants import consultant_create
from consultation_points.services.consultations import consultation_log
from consultation_points.services.requests import consultant_assign, request_submit
from consultation_points.tasks import reminders_send_task
from tenants.models import Membership, User
from tests.support import world as world_module
from tests.support.db import committed

pytestmark = pytest.mark.worker


def _mails(folder) -> list[email.message.EmailMessage]:
    """Every message in the folder (the file backend writes one file per connection, messages
    separated by a line of dashes)."""
    found = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                found.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return found


def _wait(condition, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("the worker did not do it in time")


def _story(world, tag: str):
    user = User.objects.create(
        username=f"worker-consultant-{tag}", last_name="Рабочева", first_name="Вера", email=f"{tag}@cons.test"
    )
    consultant = consultant_create(
        user=user,
        points=[world.point],
        selected_on=datetime.date(2026, 5, 1),
        training_programme="ДПП ПК «Наставничество» (72 ч)",
        subjects=["maths"],
        deficit_areas=["assessment"],
        teacher_categories=["subject"],
        formats=[Format.ONLINE],
        monthly_capacity=5,
        active_from=datetime.date(2026, 8, 1),
    )
    request = request_submit(
        school=world.school_a,
        by=world.users["mentor_a"],
        topic=f"Письма из воркера {tag}",
        subject="maths",
        deficit_area="assessment",
        support_kind="consultative",
        teacher_category="subject",
        contact_name="Учителева Мария Ивановна",
        contact_email=f"teacher-{tag}@school.test",
    )
    return consultant, request


def _forget(tag: str) -> None:
    """What the test committed, removed so the standing world stays as it was."""
    requests = ConsultationRequest.objects.filter(topic=f"Письма из воркера {tag}")
    Consultation.objects.filter(request__in=requests).delete()
    RequestEvent.objects.filter(request__in=requests).delete()
    requests.delete()
    Consultant.objects.filter(user__username=f"worker-consultant-{tag}").delete()
    Membership.objects.filter(user__username=f"worker-consultant-{tag}").delete()
    User.objects.filter(username=f"worker-consultant-{tag}").delete()


def test_the_worker_sends_the_assignment_e_mail_once_after_commit(worker, django_db_blocker, mail_dir):
    world = world_module.current
    with committed(django_db_blocker):
        try:
            consultant, request = _story(world, "assign")
            consultant_assign(request=request, consultant=consultant, by=world.users["coordinator"])
            event = RequestEvent.objects.get(request=request, kind=RequestEvent.Kind.ASSIGNED)
            _wait(lambda: RequestEvent.objects.get(pk=event.pk).notified_at)

            mails = [m for m in _mails(mail_dir) if f"№ {request.pk}" in m["Subject"]]
            to_consultant = [m for m in mails if m["To"] == "assign@cons.test"]
            assert len(to_consultant) == 1
            body = to_consultant[0].get_content()
            assert f"Вам назначен запрос на методическую помощь № {request.pk}" in body
            assert "Учителева Мария Ивановна, teacher-assign@school.test" in body  # the consultant needs it
            assert [m["To"] for m in mails if m["To"] != "assign@cons.test"] == [
                world.users["mentor_a"].email
            ]

            # A second delivery of the same task (a retry, a redelivered message) sends nothing.
            from consultation_points.tasks import assignment_notify_task

            assert assignment_notify_task.delay(event.pk).get(timeout=60) == []
            assert len([m for m in _mails(mail_dir) if f"№ {request.pk}" in m["Subject"]]) == len(mails)
        finally:
            _forget("assign")
    assert worker.poll() is None


def test_the_worker_reminds_of_tomorrows_session_once(worker, django_db_blocker, mail_dir, time_machine):
    world = world_module.current
    now = timezone.now()
    with committed(django_db_blocker):
        try:
            # The request was made and assigned three days ago, on the test's clock.
            time_machine.move_to(now - datetime.timedelta(days=3))
            consultant, request = _story(world, "remind")
            consultant_assign(
                request=request, consultant=consultant, by=world.users["coordinator"], notify=False
            )
            time_machine.move_to(now)
            sessions = {
                "tomorrow": now + datetime.timedelta(hours=20),
                "later": now + datetime.timedelta(days=3),
            }
            logged = {
                name: consultation_log(
                    request=request,
                    by=consultant.user,
                    starts_at=starts_at,
                    format=Format.ONLINE,
                    duration_minutes=45,
                )
                for name, starts_at in sessions.items()
            }

            # The worker's clock is the suite's: only the session within its next 24 hours is due.
            assert reminders_send_task.delay().get(timeout=60) == 1
            tomorrow = Consultation.objects.get(pk=logged["tomorrow"].pk)
            assert tomorrow.reminder_sent_at is not None
            assert Consultation.objects.get(pk=logged["later"].pk).reminder_sent_at is None
            reminders = [m for m in _mails(mail_dir) if f"по запросу № {request.pk} " in m.get_content()]
            assert sorted(m["To"] for m in reminders) == ["remind@cons.test", "teacher-remind@school.test"]
            when = timezone.localtime(sessions["tomorrow"])
            assert f"{when:%d.%m.%Y в %H:%M}" in reminders[0].get_content()

            assert reminders_send_task.delay().get(timeout=60) == 0  # nothing twice
        finally:
            _forget("remind")
    assert worker.poll() is None
