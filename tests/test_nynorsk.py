"""Bokmål and nynorsk: each municipality's site speaks the language of its own model.

Lidal (fixtures/demo-nn.json) writes nynorsk and is imported as a second site beside Fjordvik,
the bokmål default site. Both are requested from the same test process, one after the other,
so that a language left over from one request would show in the next.
"""

import datetime
import html
import io
import re

from django.core.management import call_command
from django.utils import translation

from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup

from models_app.arenas.models import ArenaIndexPage
from models_app.exchange.exporter import KINDS, export_document
from models_app.exchange.importer import canonical
from models_app.exchange.validation import validate_document
from models_app.guide.models import GuidePage
from models_app.measures.models import MeasureIndexPage
from models_app.model.models import ElementPage, ModelIndexPage
from models_app.services.models import ServicePage
from tests.factories import ROOT, demo_document, imported, load

NN_PATH = ROOT / "fixtures" / "demo-nn.json"
NN_HOST = "lidal.localhost"
NB_HOST = "localhost"

# Interface strings (msgids) whose bokmål and nynorsk differ, by the page they are on.
EVERY_PAGE = ["Skip to main content", "Log in (employees)", "Sections of the model"]
ON_PAGE = {
    "model": ["Read more about %(title)s"],
    "element": ["Services", "User involvement"],
    "guide": [
        "Print the whole guide",
        "The stafettholder holds the thread",
        "I work in …",
        "When to move on",
    ],
    "service": ["Everything that concerns this service", "Opening hours"],
    "measures": ["Find a measure", "Who is it for?", "You can choose more than one."],
}
# An element with the theme brukermedvirkning on each site, shown on its own page.
ELEMENT = {NN_HOST: "barn-og-unge-blir-hoyrde", NB_HOST: "barn-og-unge-blir-hort"}
SKIP_LINK = {"nn": "Hopp til hovudinnhald", "nb": "Hopp til hovedinnhold"}


def nynorsk_document():
    return load(NN_PATH)


def other(language):
    return "nb" if language == "nn" else "nn"


def interface(msgid, language):
    """The translation, up to its first placeholder (`Les meir om %(title)s` → `Les meir om`)."""
    with translation.override(language):
        return translation.gettext(msgid).split("%(")[0].strip()


def page_paths(site):
    root = site.root_page

    def below(model, **lookup):
        return model.objects.descendant_of(root).get(**lookup).relative_url(site)

    return {
        "model": "/",
        "element": below(ElementPage, exchange_id=ELEMENT[site.hostname]),
        "guide": below(GuidePage),
        "service": below(ServicePage, exchange_id="helsestasjon"),
        "measures": below(MeasureIndexPage),
    }


def get(client, host, path, **headers):
    response = client.get(path, HTTP_HOST=host, **headers)
    assert response.status_code == 200, (host, path, response.status_code)
    return response


def html_lang(response):
    return BeautifulSoup(response.content, "html.parser").html["lang"]


def assert_speaks(response, language, msgids):
    """The page is in `language`: `<html lang>`, and each interface string in that language
    is on the page while its translation in the other language is not."""
    text = html.unescape(response.content.decode())
    assert html_lang(response) == language
    assert response["Content-Language"] == language
    assert SKIP_LINK[language] in text and SKIP_LINK[other(language)] not in text
    for msgid in [*EVERY_PAGE, *msgids]:
        mine, theirs = interface(msgid, language), interface(msgid, other(language))
        assert mine not in theirs and theirs not in mine, msgid  # the pair tells them apart
        assert mine in text, (language, msgid, mine)
        assert theirs not in text, (language, msgid, theirs)


# The demo document -----------------------------------------------------------------------------


def test_the_nynorsk_demo_is_valid_against_the_schema_and_rules():
    document = nynorsk_document()
    assert validate_document(document) == []
    assert document["language"] == "nn"
    assert document["municipality"]["name"] == "Lidal kommune"


def test_the_nynorsk_demo_has_every_part_of_a_model():
    document = nynorsk_document()
    elements = document["elements"]
    for level in ("kommune", "etat", "individ"):
        for dimension in ("kultur", "struktur"):
            cell = [e for e in elements if (e["level"], e["dimension"]) == (level, dimension)]
            assert len(cell) >= 2, (level, dimension)
        themes = {t for e in elements if e["level"] == level for t in e.get("themes", [])}
        assert {"brukermedvirkning", "evaluering", "dokumentasjon"} <= themes, level
    today = datetime.date.today()
    for element in elements:
        assert element["responsible"] and element["links"], element["id"]
        assert element["review"]["interval_months"] in (12, 24)
        assert datetime.date.fromisoformat(element["review"]["last_reviewed"]) <= today

    services = {s["id"]: s for s in document["services"]}
    assert any(s.get("parent") in services for s in services.values())  # a tree
    for service in services.values():
        phone = service["contact"]["phone"]
        assert re.fullmatch(r"\+47 [49]00 00 1\d\d", phone), phone  # fictional numbers
        email = service["contact"].get("email", "x@lidal.kommune.no")
        assert email.endswith("@lidal.kommune.no"), email
    assert document["plans"] and document["tools"]
    assert [r["id"] for r in document["routines"] if r.get("audience") == "internal"]
    for arena in document["arenas"]:
        assert arena["participants"] and arena["frequency"] and arena["convener"]
        assert arena["months"], arena["id"]
    assert len(document["measures"]) >= 5
    levels = document["guide"]["levels"]
    assert [level["number"] for level in levels] == [0, 1, 2, 3]
    assert all(level["steps"] for level in levels)


# Words that only bokmål spells this way; nynorsk writes ikkje, kva, korleis, kven, dersom, eg,
# sjølv, berre, noko, nokon, mykje, frå, teneste, skule, rettleiar, tilsette, heim(e), blei.
BOKMAL_ONLY = re.compile(
    r"\b(ikke|hva|hvordan|hvem|hvis|jeg|selv|bare|noe|noen|mye|fra|tjenester?|tjenesten|"
    r"skoler?|skolen|veileder|veilederen|ansatte|hjem|hjemme|ble)\b",
    re.IGNORECASE,
)


# Keys whose values are identifiers, addresses or the format's fixed (bokmål) vocabulary.
CODES = {"id", "ref", "url", "email", "evidence_url", "website", "kind", "access", "audience"}
CODES |= {"target_groups", "themes", "level", "dimension", "language", "format"}


def texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in CODES:
                yield from texts(item)


def test_the_nynorsk_demo_has_no_bokmal_words():
    found = {word for text in texts(nynorsk_document()) for word in BOKMAL_ONLY.findall(text)}
    assert found == set()


# Importing: a second site ------------------------------------------------------------------------


@pytest.mark.django_db
def test_dry_run_of_the_nynorsk_demo_reports_and_creates_nothing():
    out = io.StringIO()
    call_command("import_model", str(NN_PATH), "--site", NN_HOST, "--dry-run", stdout=out)
    assert out.getvalue().startswith(f"Would import into site {NN_HOST} (Lidal kommune)")
    assert not Site.objects.filter(hostname=NN_HOST).exists()
    assert not ModelIndexPage.objects.exists()


@pytest.mark.django_db
def test_importing_the_nynorsk_demo_creates_a_second_site(demo_site):
    out = io.StringIO()
    call_command("import_model", str(NN_PATH), "--site", NN_HOST, stdout=out)
    assert "0 changed" in out.getvalue()

    lidal = Site.objects.get(hostname=NN_HOST)
    assert not lidal.is_default_site and lidal.site_name == "Lidal kommune"
    assert Site.objects.get(is_default_site=True) == demo_site
    models = {m.municipality_name: m.language for m in ModelIndexPage.objects.all()}
    assert models == {"Fjordvik kommune": "nb", "Lidal kommune": "nn"}
    root = lidal.root_page.specific
    document = nynorsk_document()
    assert ElementPage.objects.descendant_of(root).live().count() == len(document["elements"])
    assert ElementPage.objects.descendant_of(demo_site.root_page).count() == len(
        demo_document()["elements"]
    )


# Pages: each site in its own language -----------------------------------------------------------


@pytest.mark.django_db
def test_each_sites_pages_speak_its_language_one_request_after_the_other(
    client, nynorsk_site, demo_site
):
    lidal, fjordvik = page_paths(nynorsk_site), page_paths(demo_site)
    for kind, msgids in ON_PAGE.items():
        # Alternate, and come back with the browser asking for the other language: neither what
        # the previous request spoke nor Accept-Language may change a site's language.
        assert_speaks(get(client, NN_HOST, lidal[kind]), "nn", msgids)
        assert_speaks(get(client, NB_HOST, fjordvik[kind]), "nb", msgids)
        assert_speaks(get(client, NN_HOST, lidal[kind], HTTP_ACCEPT_LANGUAGE="nb"), "nn", msgids)
        assert_speaks(get(client, NB_HOST, fjordvik[kind], HTTP_ACCEPT_LANGUAGE="nn"), "nb", msgids)


@pytest.mark.django_db
def test_sub_routes_search_and_not_found_speak_the_sites_language(
    client, nynorsk_site, example_site
):
    """Routes of routable pages (årshjul, printable guide) and views outside the page tree."""

    def paths(site):
        guide = GuidePage.objects.descendant_of(site.root_page).get().relative_url(site)
        arenas = ArenaIndexPage.objects.descendant_of(site.root_page).get().relative_url(site)
        return [f"{arenas}arshjul/", f"{guide}skriv-ut/", "/sok/?q=barn", "/data/"]

    for site, language in ((nynorsk_site, "nn"), (example_site, "nb")):
        for path in paths(site):
            response = get(client, site.hostname, path, HTTP_ACCEPT_LANGUAGE=other(language))
            assert html_lang(response) == language, path
            assert SKIP_LINK[language] in response.content.decode(), path
        missing = client.get("/finst-ikkje/", HTTP_HOST=site.hostname)
        assert missing.status_code == 404
        assert html_lang(missing) == language
        assert interface("Page not found", language) in missing.content.decode()


# The admin ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_stays_usable_with_both_sites(admin_client, nynorsk_site, example_site):
    root = nynorsk_site.root_page
    element = ElementPage.objects.descendant_of(root).get(exchange_id=ELEMENT[NN_HOST])
    for host in (NN_HOST, example_site.hostname):
        for path in ("/admin/", f"/admin/pages/{root.id}/", f"/admin/pages/{element.id}/edit/"):
            response = admin_client.get(path, HTTP_HOST=host)
            assert response.status_code == 200, (host, path)
            assert html_lang(response) != "nn"  # the admin keeps the editor's language
    explorer = admin_client.get(f"/admin/pages/{root.id}/", HTTP_HOST=NN_HOST).content.decode()
    assert "Kommunenivå" in explorer and "Tenestenivå" in explorer

    # A preview is the page as visitors will see it: in the municipality's language.
    preview = GuidePage.objects.descendant_of(root).get().make_preview_request()
    preview.render()
    assert html_lang(preview) == "nn"
    assert interface("Print the whole guide", "nn") in preview.content.decode()


# The document's language: import and export ------------------------------------------------------


@pytest.mark.django_db
def test_the_documents_language_sets_the_models_language_on_import(client):
    document = nynorsk_document()
    document["language"] = "nb"
    imported(document, hostname="skifte.example")
    root = Site.objects.get(hostname="skifte.example").root_page.specific
    assert root.language == "nb"
    assert html_lang(get(client, "skifte.example", "/")) == "nb"

    document["language"] = "nn"
    report = imported(document, hostname="skifte.example")
    assert report.changed == ["model"]
    root.refresh_from_db()
    assert root.language == "nn"
    assert_speaks(get(client, "skifte.example", "/"), "nn", ON_PAGE["model"])


@pytest.mark.django_db
def test_export_of_the_nynorsk_site_round_trips(nynorsk_site):
    original = nynorsk_document()
    exported = export_document(nynorsk_site.root_page.specific)
    assert validate_document(exported) == []
    assert exported["language"] == "nn"
    assert exported["municipality"] == original["municipality"]
    for kind, (_model, key) in KINDS.items():
        wanted = [canonical(kind, item) for item in original.get(key, [])]
        if kind == "service":  # exported parents first; siblings keep their order
            assert sorted(exported[key], key=lambda s: s["id"]) == sorted(
                wanted, key=lambda s: s["id"]
            )
        else:
            assert exported.get(key, []) == wanted, key

    imported(exported, hostname="kopi.example")
    copy_root = Site.objects.get(hostname="kopi.example").root_page.specific
    assert copy_root.language == "nn"
    assert export_document(copy_root) == exported
