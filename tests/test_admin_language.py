"""The admin speaks bokmål: a walk through the screens a coordinator uses fails on any of the
English (or misspelt) strings once found there, which models_app/core/admin_strings.py and our
own views now translate."""

from django.contrib.auth import get_user_model

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
