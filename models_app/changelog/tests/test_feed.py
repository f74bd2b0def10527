"""The Endringslogg as an Atom feed: it parses, is linked from every page, and holds only
public changes, never a person's name."""

from xml.etree import ElementTree

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import pytest
from bs4 import BeautifulSoup

from models_app.core.models import MunicipalitySettings
from models_app.model.models import ElementPage
from models_app.plans.models import PlanPage

from .test_change_log import change_log_page, model, publish

ATOM = {"a": "http://www.w3.org/2005/Atom"}
HOST = "avik.example"


def feed(client, log):
    response = client.get(log.get_url_parts()[2] + "feed/", HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert "Set-Cookie" not in response.headers
    # Our own response, not untrusted input.
    return ElementTree.fromstring(response.content)  # noqa: S314


def entry_titles(root):
    return [entry.findtext("a:title", namespaces=ATOM) for entry in root.findall("a:entry", ATOM)]


@pytest.mark.django_db
def test_feed_parses_newest_first_with_note_link_and_the_municipality_as_author(client):
    _site, root = model("Avik kommune", HOST)
    log = change_log_page(root)
    element = ElementPage.objects.descendant_of(root).first()
    publish(element, change_note="Ny kontaktperson i tjenesten.")

    atom = feed(client, log)
    assert atom.findtext("a:title", namespaces=ATOM) == "Endringslogg – Avik kommune"
    assert atom.findtext("a:author/a:name", namespaces=ATOM) == "Avik kommune"
    first = atom.find("a:entry", ATOM)
    assert first.findtext("a:title", namespaces=ATOM) == element.title
    assert first.findtext("a:summary", namespaces=ATOM) == "Ny kontaktperson i tjenesten."
    link = first.find("a:link", ATOM).get("href")
    assert link == f"http://{HOST}{element.get_url_parts()[2]}"
    assert first.findtext("a:updated", namespaces=ATOM).startswith(
        element.last_published_at.isoformat()[:19]
    )
    ids = [entry.findtext("a:id", namespaces=ATOM) for entry in atom.findall("a:entry", ATOM)]
    assert len(ids) == len(set(ids)) > 5


@pytest.mark.django_db
def test_feed_holds_no_internal_change_even_for_an_employee(client):
    _site, root = model("Avik kommune", HOST)
    log = change_log_page(root)
    internal = PlanPage.objects.descendant_of(root).get(title="Intern plan")
    publish(internal, change_note="Hemmelig endring.")

    for logged_in in (False, True):
        if logged_in:
            client.force_login(get_user_model().objects.create_user("ansatt", password="x-pw-12"))
        atom = feed(client, log)
        text = ElementTree.tostring(atom, encoding="unicode")
        assert "Intern plan" not in text
        assert "Hemmelig endring" not in text
        assert entry_titles(atom), "the public changes are there"


@pytest.mark.django_db
def test_feed_names_no_editor(client):
    _site, root = model("Avik kommune", HOST)
    log = change_log_page(root)
    editor = get_user_model().objects.create_user(
        "kari.nordmann", password="x-passord-1", first_name="Kari", last_name="Nordmann"
    )
    editor.groups.add(Group.objects.get(name="Avik kommune – modellansvarlig"))
    publish(ElementPage.objects.descendant_of(root).first(), user=editor, change_note="Endret.")

    text = ElementTree.tostring(feed(client, log), encoding="unicode")
    for name in ("Kari", "Nordmann", "kari.nordmann"):
        assert name not in text


@pytest.mark.django_db
def test_every_page_links_the_feed_for_feed_readers(client):
    site, root = model("Avik kommune", HOST)
    log = change_log_page(root)
    site_settings = MunicipalitySettings.for_site(site)
    site_settings.change_log_page = log
    site_settings.save()
    response = client.get("/", HTTP_HOST=HOST)
    soup = BeautifulSoup(response.content, "html.parser")
    alternate = soup.select_one('link[rel="alternate"][type="application/atom+xml"]')
    assert alternate["href"] == log.get_url_parts()[2] + "feed/"
    assert client.get(alternate["href"], HTTP_HOST=HOST).status_code == 200
