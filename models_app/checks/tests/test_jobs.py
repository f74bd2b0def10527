"""Link checks as background jobs in the database: started from the admin, run by the worker,
retried when they fail, and failures reported in the admin."""

from django.core.management import call_command
from django.urls import reverse

import pytest
from django_tasks_db.models import DBTaskResult

from models_app.checks.tasks import check_site_links
from models_app.core.jobs import retried_task

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@retried_task
def always_fails(label):
    raise RuntimeError(f"broken on purpose: {label}")


@pytest.fixture
def database_jobs(settings):
    settings.TASKS = DATABASE_TASKS
    settings.JOB_ATTEMPTS = 3
    settings.JOB_RETRY_SECONDS = 0


def run_worker():
    call_command("db_worker", "--batch", "--interval", "0", verbosity=0)


@pytest.mark.django_db(transaction=True)  # the worker closes the connection it ran on
def test_a_job_that_raises_is_retried_then_reported(wagtail_root, database_jobs, admin_client):
    always_fails.enqueue("x")
    run_worker()
    runs = DBTaskResult.objects.filter(task_path=always_fails.module_path)
    assert runs.count() == 3
    assert set(runs.values_list("status", flat=True)) == {"FAILED"}
    assert sorted(run.args_kwargs["kwargs"].get("attempt", 1) for run in runs) == [1, 2, 3]
    page = admin_client.get(reverse("model_check:jobs"))
    assert page.status_code == 200
    assert page.content.decode().count("RuntimeError") == 3
    for attempt in (1, 2, 3):  # read from the job's arguments without loading them whole
        assert f"<td>{attempt}</td>" in page.content.decode()


def test_check_links_now_enqueues_a_job_the_admin_shows(database_jobs, admin_client, example_site):
    links = reverse("model_check:links") + f"?site={example_site.pk}"
    response = admin_client.post(reverse("model_check:run_links") + f"?site={example_site.pk}")
    assert response.status_code == 302
    job = DBTaskResult.objects.get(task_path=check_site_links.module_path)
    assert job.args_kwargs["args"] == [example_site.pk]
    assert job.status == "READY"
    assert "En lenkesjekk venter på å starte." in admin_client.get(links).content.decode()


def test_the_cron_command_only_enqueues(database_jobs, example_site):
    call_command("check_links", "--enqueue", verbosity=0)
    assert DBTaskResult.objects.filter(task_path=check_site_links.module_path).count() == 1


def test_only_superusers_see_failed_jobs(client, employee):
    client.force_login(employee)
    assert client.get(reverse("model_check:jobs")).status_code in (302, 403)
