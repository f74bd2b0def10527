"""Admin imports and new municipalities as background jobs: confirming enqueues, the worker
imports, the admin's job page shows waiting, the result with a link, the problems, or (after
the retries) the failure. Also: a valid 5 MB document goes through preview and confirmation."""

import json

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from wagtail.models import Site

import pytest
from django_tasks_db.models import DBTaskResult

from models_app.exchange import tasks
from models_app.exchange.starting import is_private
from models_app.exchange.tasks import import_model_job, new_job_id
from models_app.exchange.views import MAX_UPLOAD_BYTES
from models_app.model.models import ElementPage
from tests.factories import document_of_size, sized_document
from tests.helpers import database_state

PREVIEW = "/admin/import-eksport/forhandsvis/"
CONFIRM = "/admin/import-eksport/bekreft/"
NEW = "/admin/import-eksport/ny-kommune/"


@pytest.fixture
def database_jobs(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JOB_ATTEMPTS = 3
    settings.JOB_RETRY_SECONDS = 0


@pytest.fixture
def admin(client, wagtail_root):
    client.force_login(get_user_model().objects.create_superuser("admin", password="x-y-z-123"))
    return client


def run_worker():
    call_command("db_worker", "--batch", "--interval", "0", verbosity=0)


def upload(document):
    text = json.dumps(document, ensure_ascii=False).encode("utf-8")
    return SimpleUploadedFile("modell.json", text, content_type="application/json")


def token_in(html):
    return html.split('name="token" value="', 1)[1].split('"', 1)[0]


def preview_and_confirm(client, document, hostname):
    preview = client.post(PREVIEW, {"file": upload(document), "hostname": hostname})
    assert preview.status_code == 200
    return client.post(CONFIRM, {"token": token_in(preview.content.decode())})


@pytest.mark.django_db(transaction=True)  # the worker closes the connection it ran on
def test_confirming_enqueues_and_the_job_page_follows_the_worker(admin, database_jobs):
    confirmed = preview_and_confirm(admin, sized_document(6, "Jobbvik kommune"), "jobb.example")

    job_page = confirmed["Location"]
    assert job_page.startswith("/admin/import-eksport/jobb/")
    assert not Site.objects.filter(hostname="jobb.example").exists()  # not in the request
    waiting = admin.get(job_page).content.decode()
    assert "Venter på å starte" in waiting

    run_worker()  # a worker started later finds the job in the database: none is lost

    done = admin.get(job_page).content.decode()
    site = Site.objects.get(hostname="jobb.example")
    assert "Importert til jobb.example: " in done
    assert " lagt til, 0 endret, 0 avpublisert." in done
    assert f"/admin/modellsjekk/?site={site.pk}" in done  # a new site: its model check
    assert is_private(site)
    assert ElementPage.objects.descendant_of(site.root_page).live().count() == 6


@pytest.mark.django_db(transaction=True)
def test_a_new_municipality_is_made_by_the_worker(admin, database_jobs):
    form = {"name": "Malvik", "number": "5031", "hostname": "malvik.example", "language": "nn"}
    response = admin.post(NEW, form, follow=True)

    assert "nynorsk" in response.content.decode()  # told at once, before the job has run
    run_worker()
    done = admin.get(response.redirect_chain[0][0]).content.decode()
    assert "Malvik har fått sitt eget nettsted på malvik.example" in done
    assert "Åpne modellsjekken" in done
    assert is_private(Site.objects.get(hostname="malvik.example"))


@pytest.mark.django_db(transaction=True)
def test_the_job_page_shows_the_problems_the_worker_found(admin, database_jobs):
    document = sized_document(6, "Feilvik kommune")
    document["elements"][2]["dimension"] = "farge"
    job_id = new_job_id()
    import_model_job.enqueue(job_id, document, "feil.example", file_name="feil.json")
    before = database_state()

    run_worker()

    html = admin.get(f"/admin/import-eksport/jobb/{job_id}/").content.decode()
    assert "elements[2].dimension" in html
    assert "feil.json: 1 feil ble funnet" in html
    assert "Ingenting ble endret" in html
    assert database_state() == before
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"  # a refusal is not retried


@pytest.mark.django_db(transaction=True)
def test_an_import_that_raises_is_retried_then_reported(admin, database_jobs, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(tasks, "import_document", broken)
    confirmed = preview_and_confirm(admin, sized_document(6, "Brekkvik kommune"), "brekk.example")

    run_worker()

    runs = DBTaskResult.objects.filter(task_path=import_model_job.module_path)
    assert sorted(run.status for run in runs) == ["FAILED"] * 3
    html = admin.get(confirmed["Location"]).content.decode()
    assert "Importen mislyktes, og ingenting ble endret" in html
    assert "Bakgrunnsjobber" in html
    assert html.count("RuntimeError") == 0  # no traceback for the user
    assert not Site.objects.filter(hostname="brekk.example").exists()


def test_only_site_managers_see_a_job(client, employee):
    client.force_login(employee)
    response = client.get(f"/admin/import-eksport/jobb/{new_job_id()}/")
    assert response.status_code in (302, 403)


@pytest.mark.django_db(transaction=True)
def test_a_valid_5_mb_document_is_previewed_and_confirmed(admin, database_jobs):
    document = document_of_size(MAX_UPLOAD_BYTES)
    size = len(json.dumps(document, ensure_ascii=False).encode("utf-8"))
    assert 0.95 * MAX_UPLOAD_BYTES < size <= MAX_UPLOAD_BYTES

    confirmed = preview_and_confirm(admin, document, "stor.example")

    assert confirmed.status_code == 302  # the signed copy is not refused as too large
    run_worker()
    site = Site.objects.get(hostname="stor.example")
    elements = ElementPage.objects.descendant_of(site.root_page).live()
    assert elements.count() == len(document["elements"])
    assert "Importert til stor.example" in admin.get(confirmed["Location"]).content.decode()
