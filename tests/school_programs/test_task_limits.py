"""Every Celery task of ours has soft and hard time limits and retries transient errors with backoff."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError

from nastavnik.celery import SOFT_TIME_LIMIT, TIME_LIMIT, TRANSIENT_ERRORS, app
from school_programs.services import imports
from school_programs.tasks_surveys import survey_reminders_send_task

PROJECT_APPS = ("school_programs.", "tenants.", "analytics.", "regional_center.", "consultation_points.")


def our_tasks():
    app.loader.import_default_modules()
    tasks = {name: task for name, task in app.tasks.items() if name.startswith(PROJECT_APPS)}
    assert tasks, "the project's tasks are registered"
    return tasks


def test_the_app_has_default_time_limits():
    assert app.conf.task_soft_time_limit == SOFT_TIME_LIMIT
    assert app.conf.task_time_limit == TIME_LIMIT > SOFT_TIME_LIMIT


@pytest.mark.parametrize("name", sorted(our_tasks()))
def test_each_task_declares_its_limits_and_retries(name):
    task = our_tasks()[name]

    assert task.soft_time_limit and task.time_limit
    assert task.soft_time_limit < task.time_limit
    assert task.max_retries and task.max_retries <= 5
    assert task.retry_backoff and task.retry_jitter
    assert set(TRANSIENT_ERRORS) <= set(task.autoretry_for)
    assert Exception not in task.autoretry_for  # a bug is not retried


def test_a_transient_error_is_retried(in_school_a):
    outcomes = [OperationalError("the server closed the connection"), 2]
    with mock.patch("school_programs.tasks_surveys.survey_reminders_send", side_effect=outcomes) as send:
        result = survey_reminders_send_task.apply()  # eager: the retry runs at once, without its countdown

    assert result.get() == 2
    assert send.call_count == 2


def test_an_import_hit_by_a_transient_error_waits_for_its_retry_then_fails_at_the_last(in_school_a):
    content = ("Фамилия;Имя;Класс\n" + "Иванов;Иван;7А\n").encode()
    job_id = "retry-job"
    imports._job_save(job_id, {"state": "queued", "kind": "student", "file": "s.csv", "done": 0, "total": 1})
    imports.cache.set(imports._job_key(job_id) + ":file", {"name": "s.csv", "content": content})

    with mock.patch.object(imports, "participants_import", side_effect=OperationalError("gone")):
        with pytest.raises(OperationalError):
            imports.import_job_run(job_id=job_id, last_attempt=False)
        assert imports.import_job(job_id)["state"] == "queued"
        with pytest.raises(OperationalError):
            imports.import_job_run(job_id=job_id, last_attempt=True)

    job = imports.import_job(job_id)
    assert job["state"] == "failed"
    assert "попробуйте загрузить файл позже" in job["errors"][0]["text"]
