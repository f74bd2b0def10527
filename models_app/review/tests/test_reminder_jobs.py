"""Cron enqueues the review reminders; the worker sends them."""

from django.core.management import call_command

import pytest
from django_tasks_db.models import DBTaskResult

from models_app.review.tasks import send_review_reminders


@pytest.mark.django_db(transaction=True)  # the worker closes the connection it ran on
def test_cron_enqueues_the_reminders_and_the_worker_runs_them(wagtail_root, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("review_reminders", "--enqueue", "--days", "14", verbosity=0)
    job = DBTaskResult.objects.get(task_path=send_review_reminders.module_path)
    assert job.status == "READY"
    assert job.args_kwargs["kwargs"]["days"] == 14
    call_command("db_worker", "--batch", "--interval", "0", verbosity=0)
    job.refresh_from_db()
    assert job.status == "SUCCESSFUL"
    assert job.return_value  # the command's summary
