"""The change log: "Sist endret" with the change note on every page, and the Endringslogg."""

import datetime
import zoneinfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Page

import pytest
from bs4 import BeautifulSoup

from models_app.changelog.models import ChangeLogPage
from models_app.model.models import ElementPage, ModelIndexPage
from models_app.plans.models import PlanPage
from tests.factories import imported, sized_document
from tests.helpers import count_queries

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def model(name, hostname, elements=6, language="nb"):
    document = sized_document(elements, name)
    document["language"] = language
    document["plans"][0]["audience"] = "internal"
    document["plans"][0]["title"] = "Intern plan"
    site = imported(document, hostname=hostname).site
    return site, site.root_page.specific


def change_log_page(root):
    page = ChangeLogPage.objects.child_of(root).first()
    if page is None:  # the default pages may not make one
        page = root.add_child(instance=ChangeLogPage(title="Endringslogg", slug="endringslogg"))
        page.save_revision().publish()
    return page


def publish(page, user=None, **values):
    for name, value in values.items():
        setattr(page, name, value)
    page.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return page


def set_published_at(page, when):
    Page.objects.filter(pk=page.pk).update(last_published_at=when)


def get(client, host, page):
    response = client.get(page.get_url_parts()[2], HTTP_HOST=host)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def last_changed(soup):
    block = soup.select_one("main .last-changed")
    return " ".join(block.get_text(" ").split()) if block else ""


@pytest.mark.django_db
def test_every_page_shows_when_it_last_changed_and_its_note(client):
    _site, root = model("Avik kommune", "avik.example")
    element = ElementPage.objects.descendant_of(root).first()
    publish(element, change_note="Nytt ansvar for helsestasjonen.")
    set_published_at(element, datetime.datetime(2026, 3, 5, 12, tzinfo=OSLO))
    plain = ElementPage.objects.descendant_of(root).last()
    set_published_at(plain, datetime.datetime(2025, 9, 30, 22, 30, tzinfo=datetime.UTC))

    soup = get(client, "avik.example", element)
    assert last_changed(soup) == "Sist endret 5. mars 2026 Endring: Nytt ansvar for helsestasjonen."
    assert soup.select_one(".last-changed time")["datetime"] == "2026-03-05"
    # The block is the last thing in main.
    assert soup.select_one("main").find_all(recursive=False)[-1]["class"] == ["last-changed"]
    # A page without a note shows only the date, in Norway's time zone.
    assert last_changed(get(client, "avik.example", plain)) == "Sist endret 1. oktober 2025"


@pytest.mark.django_db
def test_a_nynorsk_municipality_shows_the_date_in_nynorsk(client):
    _site, root = model("Nyvik kommune", "nyvik.example", language="nn")
    element = ElementPage.objects.descendant_of(root).first()
    set_published_at(element, datetime.datetime(2026, 1, 14, 9, tzinfo=OSLO))

    assert last_changed(get(client, "nyvik.example", element)) == "Sist endra 14. januar 2026"


@pytest.mark.django_db
def test_a_note_belongs_to_one_publication(client):
    _site, root = model("Avik kommune", "avik.example")
    element = ElementPage.objects.descendant_of(root).first()

    publish(element, change_note="Ny rutine for samtykke.")
    assert element.change_note == "Ny rutine for samtykke."
    # Published again without a new note: the old one no longer describes the change.
    publish(element, summary="Kortere ingress.")
    assert element.change_note == ""
    assert element.latest_revision.content["change_note"] == ""
    assert "Endring:" not in last_changed(get(client, "avik.example", element))
    # A draft with a note, published later (as a workflow does), keeps its note.
    element.change_note = "Lenke til ny plan."
    revision = element.save_revision()
    revision.publish()
    element.refresh_from_db()
    assert element.change_note == "Lenke til ny plan."


@pytest.mark.django_db
def test_the_change_log_lists_the_latest_publication_first_with_date_type_and_note(client):
    _site, root = model("Avik kommune", "avik.example")
    log = change_log_page(root)
    element = ElementPage.objects.descendant_of(root).last()
    publish(element, change_note="Tydeligere om brukermedvirkning.")

    soup = get(client, "avik.example", log)
    items = soup.select(".change-log__item")
    assert 1 < len(items) <= 50
    first = items[0]
    assert first.select_one("a")["href"] == element.get_url_parts()[2]
    assert first.select_one("a").get_text() == element.title
    assert "Modellelement" in first.get_text() or "model element" in first.get_text().lower()
    assert first.select_one(".change-log__note").get_text() == "Tydeligere om brukermedvirkning."
    assert first.select_one("time")["datetime"] == datetime.date.today().isoformat()
    # The log does not list itself.
    assert all(item.select_one("a")["href"] != log.get_url_parts()[2] for item in items)


@pytest.mark.django_db
def test_internal_pages_are_never_in_the_log_for_anonymous_visitors(client):
    _site, root = model("Avik kommune", "avik.example")
    log = change_log_page(root)
    internal = PlanPage.objects.descendant_of(root).get(title="Intern plan")
    publish(internal, change_note="Hemmelig endring.")

    html = str(get(client, "avik.example", log))
    assert "Intern plan" not in html
    assert "Hemmelig endring" not in html

    employee = get_user_model().objects.create_user("ansatt", password="x-passord-1")
    employee.groups.add(Group.objects.get(name="Avik kommune – ansatte"))
    client.force_login(employee)
    soup = get(client, "avik.example", log)
    first = soup.select(".change-log__item")[0]
    assert first.select_one("a").get_text() == "Intern plan"
    assert first.select_one(".badge--internal")


@pytest.mark.django_db
def test_no_editor_name_on_the_page_or_in_the_log(client):
    _site, root = model("Avik kommune", "avik.example")
    log = change_log_page(root)
    editor = get_user_model().objects.create_user(
        "kari.nordmann", password="x-passord-1", first_name="Kari", last_name="Nordmann"
    )
    editor.groups.add(Group.objects.get(name="Avik kommune – modellansvarlig"))
    element = ElementPage.objects.descendant_of(root).first()
    publish(element, user=editor, change_note="Oppdatert kontaktinformasjon.")

    for page in (element, log):
        html = str(get(client, "avik.example", page))
        assert "Oppdatert kontaktinformasjon." in html
        for name in ("Kari", "Nordmann", "kari.nordmann"):
            assert name not in html


@pytest.mark.django_db
def test_the_log_costs_the_same_queries_for_a_small_and_a_large_model(client):
    counts = []
    for name, host, size in (("Litenvik", "liten.example", 6), ("Storvik", "stor.example", 120)):
        _site, root = model(name, host, elements=size)
        log = change_log_page(root)
        for element in ElementPage.objects.descendant_of(root)[:3]:
            publish(element, change_note=f"Endret {element.title}.")
        counts.append(count_queries(client, log.get_url_parts()[2], host))
    assert counts[0] == counts[1]
    assert ModelIndexPage.objects.count() == 2
