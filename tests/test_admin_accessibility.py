"""axe on our own admin screens, as a coordinator sees them in headless Chromium: the
Modellsjekk, the Lenkesjekk, the Kontrollrapport, the import page and the import preview (with
changes, and with problems). Only our part of the screen (<main>) is checked; Wagtail's menu and
header are Wagtail's to check. The Modell view has its own test in models_app/model/tests."""

import json

from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

import pytest

from models_app.checks.models import LinkCheckResult
from models_app.model.models import ElementPage
from models_app.model.tests.test_admin_model_browser import RUN_AXE_ON_MAIN
from tests.factories import imported, sized_document
from tests.helpers import member_of
from tests.test_accessibility import AXE_TAGS, axe_source

pytestmark = pytest.mark.browser

MUNICIPALITY = "Avik kommune"


def link_results():
    """One working, one broken and one internal (not checked) link, so every row kind shows."""
    now = timezone.now()
    first, second = ElementPage.objects.order_by("path")[:2]
    LinkCheckResult.objects.bulk_create(
        [
            LinkCheckResult(page=first, url="https://example.org/", ok=True, checked_at=now),
            LinkCheckResult(
                page=first, url="https://example.org/borte", status_code=404, checked_at=now
            ),
            LinkCheckResult(page=second, url="http://10.0.0.1/", skipped=True, checked_at=now),
        ]
    )


def coordinator():
    """The municipality's model owner (approvers' group), who may also import (Sites rights)."""
    user = member_of(f"{MUNICIPALITY} – modellansvarlig", "koordinator")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=["add_site", "change_site"]
        )
    )
    return user


@pytest.fixture
def coordinator_context(browser, live_server, wagtail_root, tmp_path):
    site = imported(sized_document(12, MUNICIPALITY)).site
    link_results()
    client = Client()
    client.force_login(coordinator())
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    # A Norwegian browser, as a coordinator's: the admin also speaks English to those who ask.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO")
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    yield context, live_server.url, tmp_path, site
    context.close()


def changed_document():
    """An edit of the model in nynorsk: a title changed, an element added and one removed,
    so the preview shows all its lists and the language warning."""
    document = sized_document(12, MUNICIPALITY)
    document["language"] = "nn"
    document["elements"][0]["title"] = "Leiinga går føre"
    document["elements"].pop()
    document["elements"].append(
        {"id": "nytt", "level": "etat", "dimension": "kultur", "title": "Eit nytt element"}
    )
    return document


def broken_document():
    document = sized_document(12, MUNICIPALITY)
    document["elements"][0]["level"] = "fylke"
    del document["elements"][1]["title"]
    return document


def upload(page, base, folder, site, document):
    """The import form, filled and sent as a coordinator would."""
    path = folder / "modell.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    page.goto(base + "/admin/import-eksport/")
    page.locator("input[name=file]").set_input_files(path)
    page.locator("select[name=site]").select_option(value=str(site.pk))
    page.locator("form[action$='/forhandsvis/'] button[type=submit]").click()
    page.wait_for_url("**/forhandsvis/")


FITS_IN_MAIN = (
    "(() => { const m = document.querySelector('main'); return m.scrollWidth <= m.clientWidth; })()"
)

# Each screen, and a text that shows it holds what axe should see (not an empty or error page).
SCREENS = {
    "modellsjekk": ("/admin/modellsjekk/", "Advarsler ("),
    "lenkesjekk": ("/admin/modellsjekk/lenker/", "https://example.org/borte"),
    "kontrollrapport": ("/admin/kontroll/", "Element 0"),
    "import": ("/admin/import-eksport/", "Importer en fil"),
    "importforhandsvisning": (changed_document, "Leiinga går føre"),
    "importproblemer": (broken_document, "elements[0].level"),
}


def open_screen(context, base, folder, site, screen, width):
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    target, _shows = SCREENS[screen]
    if callable(target):
        upload(page, base, folder, site, target())
    else:
        response = page.goto(base + target)
        assert response.status == 200, target
    return page


@pytest.mark.parametrize(
    ("screen", "width"),
    [(screen, 1280) for screen in SCREENS]
    + [("modellsjekk", 320), ("import", 320), ("importforhandsvisning", 320)],
)
def test_axe_finds_nothing_on_our_admin_screens(coordinator_context, screen, width):
    context, base, folder, site = coordinator_context
    page = open_screen(context, base, folder, site, screen, width)
    assert SCREENS[screen][1] in page.locator("main").inner_text()
    page.evaluate(axe_source())
    results = page.evaluate(RUN_AXE_ON_MAIN, AXE_TAGS)
    assert results["passes"], "axe ran no check"
    assert results["violations"] == []
    if width == 320:
        # Wagtail's <main> hides what runs past it, so a page scrolls not but cuts content off.
        assert page.evaluate(FITS_IN_MAIN), "our content runs past the screen at 320 px"
