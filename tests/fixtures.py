import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import post_save
from django.utils import translation

from wagtail.models import Collection, Locale, Page, Site

import pytest

from tests.factories import ROOT, demo_document, example_document, imported, load


@pytest.fixture
def english():
    """Messages in English, as operators read them on the command line (the default
    language is bokmål, as in the admin)."""
    with translation.override("en"):
        yield


@pytest.fixture
def example_site(db):
    report = imported(example_document())
    return report.site


@pytest.fixture
def demo_site(db):
    report = imported(demo_document())
    return report.site


NYNORSK_HOST = "lidal.localhost"


@pytest.fixture
def nynorsk_site(db):
    """Lidal, the second demo municipality, writing nynorsk, on its own site (not the default)."""
    report = imported(load(ROOT / "fixtures" / "demo-nn.json"), hostname=NYNORSK_HOST)
    return report.site


EMPLOYEE_GROUPS = " – ansatte"


@pytest.fixture
def employee(db):
    """A municipal employee: a member of the "– ansatte" group of every municipality, also
    of those the test makes later, so that it sees their internal content; no other
    permissions. (Per-municipality isolation: models_app/municipalities/tests/.)"""
    user = get_user_model().objects.create_user("ansatt", password="hemmelig-passord-1")
    user.groups.set(Group.objects.filter(name__contains=EMPLOYEE_GROUPS))

    def join(sender, instance, created, **kwargs):
        if created and EMPLOYEE_GROUPS in instance.name:
            user.groups.add(instance)

    post_save.connect(join, sender=Group, weak=False, dispatch_uid="test_employee_joins")
    yield user
    post_save.disconnect(sender=Group, dispatch_uid="test_employee_joins")


@pytest.fixture
def default_site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def wagtail_root(transactional_db):
    """Transactional tests flush every table after each test, also what Wagtail's migrations
    made (the locale, the root page and the root collection); put them back."""
    locale, _created = Locale.objects.get_or_create(language_code="nb")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )


CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright must not download a browser here
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (Playwright's sync API allows one per thread)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still plain synchronous calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
