"""Imports into one site at the same time run one after another (a PostgreSQL advisory lock in
`lock_site_for_import`): the second reads what the first committed, instead of overwriting it
unseen or making the same new site a second time."""

import copy
import threading

from django.conf import settings
from django.db import connection

from wagtail.models import Site

import pytest

from models_app.exchange.importer import import_document
from models_app.exchange.starting import is_private
from models_app.exchange.tasks import import_model_job, new_job_id
from models_app.model.models import ElementPage
from tests.factories import imported, sized_document

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="the lock is PostgreSQL's; SQLite lets only one transaction write at a time anyway",
    ),
    pytest.mark.django_db(transaction=True),
]


def at_once(*calls):
    """Run the calls in threads (each on its own database connection), started together; their
    results in the order they finished."""
    start, finished, errors = threading.Barrier(len(calls)), [], []

    def run(call):
        try:
            start.wait()
            finished.append(call())
        except Exception as error:  # the test shows it
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert errors == []
    return finished


def test_two_imports_into_a_new_site_at_once_make_it_once(wagtail_root):
    document = sized_document(6, "Tvivik kommune")

    first, second = at_once(
        lambda: import_document(copy.deepcopy(document), hostname="tvi.example"),
        lambda: import_document(copy.deepcopy(document), hostname="tvi.example"),
    )

    site = Site.objects.get(hostname="tvi.example")
    assert first.site.pk == second.site.pk == site.pk
    assert len(first.added) > 0
    assert (second.added, second.changed) == ([], [])  # it found the first's model
    assert ElementPage.objects.descendant_of(site.root_page).count() == 6


def test_two_admin_import_jobs_into_a_new_site_at_once(wagtail_root):
    document = sized_document(6, "Jobbtvi kommune")

    outcomes = at_once(
        lambda: import_model_job.call(new_job_id(), copy.deepcopy(document), "jt.example"),
        lambda: import_model_job.call(new_job_id(), copy.deepcopy(document), "jt.example"),
    )

    assert [outcome["new_site"] for outcome in outcomes] == [True, False]
    assert outcomes[1]["added"] == 0
    assert Site.objects.filter(hostname="jt.example").count() == 1
    assert is_private(Site.objects.get(hostname="jt.example"))


def test_the_second_import_into_a_site_sees_the_first_ones_result(wagtail_root):
    document = sized_document(6, "Samvik kommune")
    imported(document, hostname="sam.example")
    renames_0, renames_1 = copy.deepcopy(document), copy.deepcopy(document)
    renames_0["elements"][0]["title"] = "Først endret"
    renames_1["elements"][1]["title"] = "Også endret"

    first, second = at_once(
        lambda: (renames_0, import_document(renames_0, hostname="sam.example")),
        lambda: (renames_1, import_document(renames_1, hostname="sam.example")),
    )

    # The first changed its element; the second found that change (and, holding the old
    # title, changed it back) besides its own: nothing was overwritten unseen.
    assert len(first[1].changed) == 1
    assert sorted(second[1].changed) == ["element:element-0", "element:element-1"]
    for element in second[0]["elements"][:2]:
        assert ElementPage.objects.get(exchange_id=element["id"]).title == element["title"]
