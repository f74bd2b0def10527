"""The admin's imports as background jobs: a large model or a new municipality is imported by
the worker (`manage.py db_worker`), never inside a web request that a proxy or gunicorn would
cut off. The admin follows the job on its own page (views.JobView).

The job holds the validated document in its arguments (in the database), so none is lost when
the worker restarts. A document with problems is no failure to retry: its problems are the
job's result. Anything else that raises is retried (core.jobs), then reported.
"""

import uuid

from django.conf import settings
from django.db import transaction
from django.utils import translation

from models_app.core.jobs import retried_task

from .importer import import_document, lock_site_for_import
from .starting import keep_private, starts_new_model
from .validation import DocumentError

# What an import job was started as: it decides what the admin says when it is done.
IMPORT, NEW_MUNICIPALITY = "import", "new"


def new_job_id():
    """The id the admin follows a job by: the same for every attempt of it."""
    return str(uuid.uuid4())


@retried_task
def import_model_job(job_id, document, hostname, kind=IMPORT, file_name=""):
    """Import the document into the site of `hostname` (made when missing; a new model starts
    private). Returns what the admin shows: the counts, or the problems."""
    try:
        with transaction.atomic():
            # Before asking whether the site is new: an import into it may be running.
            lock_site_for_import(hostname)
            new_site = starts_new_model(hostname)
            report = import_document(document, hostname=hostname)
            if new_site:
                keep_private(report.site)
    except DocumentError as error:
        with translation.override(settings.LANGUAGE_CODE):
            problems = [[problem.path, str(problem.message)] for problem in error.problems]
        return {"problems": problems, "file_name": file_name}
    return {
        "kind": kind,
        "site": report.site.pk,
        "hostname": report.site.hostname,
        "root_page": report.site.root_page_id,
        "name": document["municipality"]["name"],
        "new_site": new_site,
        "added": len(report.added),
        "changed": len(report.changed),
        "unpublished": len(report.unpublished),
    }
