"""Open data: each site's public model as a valid exchange document, with nothing internal and
no e-mail address, conditional requests, CORS and a licence; the index of every municipality;
the page that explains it."""

import json

from django.contrib.auth import get_user_model

from wagtail.models import PageViewRestriction, Site

import pytest
from bs4 import BeautifulSoup

from models_app.core.models import MunicipalitySettings
from models_app.exchange.exporter import export_document
from models_app.exchange.validation import validate_document
from models_app.model.models import ElementPage, LevelPage
from models_app.opendata.documents import EMAIL
from models_app.routines.models import RoutineIndexPage, RoutinePage
from tests.factories import demo_document, example_document, imported
from tests.helpers import count_queries

DOCUMENT = "/data/samhandlingsmodell.json"
INTERNAL_IN_DEMO = {"stafettlogg-dokumentasjon", "avvik-i-samhandlingen", "sjekkliste-fravaer"}


def make_internal(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def get_document(client, host="localhost", **headers):
    response = client.get(DOCUMENT, HTTP_HOST=host, **headers)
    assert response.status_code == 200, response.status_code
    return response, json.loads(response.content)


def object_ids(document):
    return {
        item["id"]
        for key, value in document.items()
        if isinstance(value, list)
        for item in value
        if isinstance(item, dict) and "id" in item
    }


@pytest.mark.django_db
def test_document_is_valid_and_holds_nothing_internal_nor_below_internal(client, demo_site):
    root = demo_site.root_page
    make_internal(RoutineIndexPage.objects.descendant_of(root).get())  # a whole section
    make_internal(LevelPage.objects.descendant_of(root).get(level="individ"))
    routines = set(RoutinePage.objects.values_list("exchange_id", flat=True))
    individ = set(
        ElementPage.objects.descendant_of(
            LevelPage.objects.get(level="individ", path__startswith=root.path)
        ).values_list("exchange_id", flat=True)
    )

    _response, document = get_document(client)
    assert validate_document(document) == []
    ids = object_ids(document)
    assert not ids & (INTERNAL_IN_DEMO | routines | individ)
    assert "routines" not in document or document["routines"] == []
    assert ids, "the public objects are there"
    text = json.dumps(document, ensure_ascii=False)
    assert '"internal"' not in text
    assert "Sjekkliste ved bekymringsfullt fravær" not in text
    # References to what was left out are left out too (the document is valid).
    assert "routine:" not in text


@pytest.mark.django_db
def test_document_holds_no_email_address(client, demo_site):
    assert EMAIL.search(json.dumps(demo_document())), "the demo has e-mail addresses"
    _response, document = get_document(client)
    text = json.dumps(document, ensure_ascii=False)
    assert not EMAIL.search(text)
    assert "mailto:" not in text
    assert validate_document(document) == []
    # The rest of a contact stays.
    assert any(service.get("contact", {}).get("phone") for service in document["services"])


@pytest.mark.django_db
def test_document_is_the_same_for_an_employee(client, demo_site):
    _response, anonymous = get_document(client)
    client.force_login(get_user_model().objects.create_user("ansatt", password="x-pw-1234"))
    response, employee = get_document(client)
    assert employee == anonymous
    assert "Set-Cookie" not in response.headers


@pytest.mark.django_db
def test_document_answers_304_to_its_etag_and_its_date(client, demo_site):
    response, _document = get_document(client)
    etag, modified = response["ETag"], response["Last-Modified"]
    assert etag and modified

    again = client.get(DOCUMENT, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Access-Control-Allow-Origin"] == "*"
    assert client.get(DOCUMENT, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304

    element = ElementPage.objects.descendant_of(demo_site.root_page).first()
    element.title = "Et nytt navn på elementet"
    element.save_revision().publish()
    changed = client.get(DOCUMENT, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@pytest.mark.django_db
def test_document_carries_cors_caching_and_the_sites_licence(client, demo_site):
    response, _document = get_document(client)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "public" in response["Cache-Control"]
    assert response["Link"] == '<https://data.norge.no/nlod/no/2.0>; rel="license"'

    settings = MunicipalitySettings.for_site(demo_site)
    settings.open_data_licence = "cc-by-4.0"
    settings.save()
    response, _document = get_document(client)
    assert "creativecommons.org/licenses/by/4.0" in response["Link"]


@pytest.mark.django_db
def test_each_site_publishes_its_own_model(client, demo_site, nynorsk_site):
    _response, fjordvik = get_document(client)
    _response, lidal = get_document(client, nynorsk_site.hostname)
    assert fjordvik["municipality"]["name"] == "Fjordvik kommune"
    assert lidal["municipality"]["name"] == "Lidal kommune"
    assert lidal["language"] == "nn"


@pytest.mark.django_db
def test_exporter_counts_a_page_below_an_internal_page_as_internal(demo_site):
    make_internal(RoutineIndexPage.objects.descendant_of(demo_site.root_page).get())
    document = export_document(demo_site.root_page.specific)
    assert document["routines"]
    assert {routine["audience"] for routine in document["routines"]} == {"internal"}


@pytest.mark.django_db
def test_index_lists_every_site_with_a_public_model_on_the_default_site_only(
    client, demo_site, nynorsk_site
):
    document = example_document()
    document["municipality"]["name"] = "Lukkvik kommune"
    closed = imported(document, hostname="lukkvik.example").site
    make_internal(closed.root_page)

    response = client.get("/data/kommuner.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    entries = json.loads(response.content)["municipalities"]
    assert [entry["name"] for entry in entries] == ["Fjordvik kommune", "Lidal kommune"]
    lidal = entries[1]
    assert lidal["language"] == "nn"
    assert lidal["address"] == nynorsk_site.root_url + "/"
    assert lidal["document"] == nynorsk_site.root_url + DOCUMENT
    assert lidal["last_change"]
    assert entries[0]["number"] == "9998"

    assert client.get("/data/kommuner.json", HTTP_HOST=nynorsk_site.hostname).status_code == 404
    assert client.get(DOCUMENT, HTTP_HOST="lukkvik.example").status_code == 404


@pytest.mark.django_db
def test_open_data_page_says_what_is_offered_and_under_which_licence(client, demo_site):
    response = client.get("/data/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    links = {a["href"] for a in soup.select("main a")}
    assert demo_site.root_url + DOCUMENT in links
    assert demo_site.root_url + "/data/kommuner.json" in links
    assert "https://data.norge.no/nlod/no/2.0" in links
    schema = client.get("/data/samhandlingsmodell-1.schema.json")
    assert json.loads(b"".join(schema.streaming_content))["$id"]
    # Every page's footer leads there.
    home = BeautifulSoup(client.get("/").content, "html.parser")
    assert home.select_one('footer a[href="/data/"]')
    assert Site.objects.count() == 1


@pytest.mark.django_db
def test_index_costs_the_same_queries_for_two_and_four_municipalities(client, demo_site):
    def add(name, hostname):
        document = example_document()
        document["municipality"]["name"] = name
        imported(document, hostname=hostname)

    add("Andrevik kommune", "andrevik.example")
    two = count_queries(client, "/data/kommuner.json")
    add("Tredjevik kommune", "tredjevik.example")
    add("Fjerdevik kommune", "fjerdevik.example")
    assert count_queries(client, "/data/kommuner.json") == two
    assert len(json.loads(client.get("/data/kommuner.json").content)["municipalities"]) == 4
