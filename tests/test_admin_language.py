"""The admin speaks bokmål: a walk through the screens a coordinator uses fails on any of the
English (or misspelt) strings once found there, which models_app/core/admin_strings.py and our
own views now translate. Wagtail's JavaScript strings come from its catalogue (/admin/jsi18n/),
which locale/nb/LC_MESSAGES/djangojs.po completes; a headless Chromium checks them as rendered."""

import json
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

import pytest
from bs4 import BeautifulSoup

from models_app.model.models import ElementPage, LevelPage
from tests.factories import example_document, imported

# Seen by coordinators in English or misspelt before (issue 16), with where they show.
KNOWN_BAD = [
    "Sort menu order",  # the page listing's "more" menu
    "Set schedule",  # the editor's status panel
    "Tiittel",  # the title field's help text, misspelt in Wagtail's nb
    "created in",  # the dashboard's page count ("205 Pages created in …")
    '"Help"',  # the sidebar's help menu (in its JSON)
    "Published",
    "Move up",
    "Add an element here",
    "Errors (",
    "Warnings (",
]
# Rendered by Wagtail's JavaScript, from its catalogue: untranslated in Wagtail's nb.
KNOWN_BAD_IN_SCRIPT = ["Collapse all", "Expand all", "Insert a block", "Toggle side panel"]


@pytest.fixture
def screens(db):
    site = imported(example_document()).site
    element = ElementPage.objects.first()
    level = LevelPage.objects.first()
    return [
        "/admin/",
        f"/admin/pages/{site.root_page_id}/",
        f"/admin/pages/{level.pk}/",
        f"/admin/pages/{element.pk}/edit/",
        f"/admin/pages/add/model/elementpage/{level.pk}/",
        f"/admin/modell/nytt-element/{level.pk}/kultur/",
        "/admin/modell/",
        "/admin/modellsjekk/",
        "/admin/import-eksport/",
    ]


def test_a_coordinators_admin_screens_have_none_of_the_known_english_strings(client, screens):
    admin = get_user_model().objects.create_superuser("admin", password="hemmelig-passord-1")
    client.force_login(admin)
    found = []
    for url in screens:
        response = client.get(url)
        assert response.status_code == 200, url
        html = BeautifulSoup(response.content, "html.parser")
        data = " ".join(script.get_text() for script in html.select("script[type]"))
        shown = f"{html.get_text(' ')} {data} {html_titles(html)}"
        found += [f"{url}: {phrase}" for phrase in KNOWN_BAD if phrase in shown]
    assert not found, "\n".join(found)


def html_titles(html):
    """Help texts and labels kept in attributes (tooltips, aria-labels)."""
    return " ".join(
        node.get(attribute, "")
        for node in html.find_all(True)
        for attribute in ("title", "aria-label", "data-w-tooltip-content-value")
    )


def test_wagtails_javascript_catalogue_is_bokmal(client, db):
    admin = get_user_model().objects.create_superuser("admin", password="hemmelig-passord-1")
    client.force_login(admin)
    script = client.get("/admin/jsi18n/").content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S).group(1))
    assert catalogue["Collapse all"] == "Skjul alle"
    assert catalogue["Insert a block"] == "Sett inn en blokk"
    assert catalogue["%(num)s error"] == ["%(num)s feil", "%(num)s feil"]
    # Wrong in Wagtail's nb ("De må være maks …").
    assert catalogue["The maximum number of items is %(max_num)d"] == (
        "Det kan være høyst %(max_num)d elementer"
    )
    assert catalogue["Save"] == "Lagre"  # Wagtail's own translations are kept


@pytest.mark.browser
def test_the_editor_shows_wagtails_script_strings_in_bokmal(browser, live_server, wagtail_root):
    imported(example_document())
    element = ElementPage.objects.first()
    admin = get_user_model().objects.create_superuser("admin", password="hemmelig-passord-1")
    client = Client()
    client.force_login(admin)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/pages/{element.pk}/edit/")
    # The body's "+" buttons are drawn by the StreamField script, labelled from the catalogue.
    page.locator("[aria-label='Sett inn en blokk']").first.wait_for(state="attached")
    assert page.evaluate("window.django.gettext('Collapse all')") == "Skjul alle"
    shown = page.evaluate(
        """() => document.body.innerText + ' ' + [...document.querySelectorAll('*')]
            .map((node) => [node.getAttribute('aria-label'), node.getAttribute('title')].join(' '))
            .join(' ')"""
    )
    context.close()
    assert [phrase for phrase in KNOWN_BAD_IN_SCRIPT if phrase in shown] == []
