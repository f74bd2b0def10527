"""Search relevance: 32 queries of the kinds employees type (parts of compound words,
prefixes, inflections, small typos, several words, synonyms) over a model written for this
test. The wanted page must be among the first five results for at least 90 % of them.

On PostgreSQL Wagtail's Norwegian full-text search takes part; on SQLite the words module
alone. Both print their score (`pytest -s`)."""

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory

from wagtail.models import Site

from models_app.search.views import SearchQuery, matching_pages
from tests.factories import imported, sized_document

TOP = 5
WANTED_SHARE = 0.9


def relevance_document():
    document = sized_document(6, "Relevansvik kommune")
    sector = [{"id": "oppvekst", "name": "Oppvekst", "kind": "sektor"}]
    services = [
        (
            "barnevernstjenesten",
            "Barnevernstjenesten",
            "Undersøker bekymringsmeldinger og gir hjelpetiltak i hjemmet.",
        ),
        (
            "helsestasjon",
            "Helsestasjon og skolehelsetjeneste",
            "Helsesykepleier følger opp gravide, barn og unge.",
        ),
        (
            "ppt",
            "Pedagogisk-psykologisk tjeneste (PPT)",
            "Sakkyndig vurdering av spesialundervisning.",
        ),
        (
            "psykisk-helse",
            "Psykisk helse og rus",
            "Hjelp til barn og foreldre med psykiske vansker og rusmidler.",
        ),
        ("familiesenteret", "Familiesenteret", "Foreldreveiledning og samtaler for familier."),
        ("tannhelse", "Den offentlige tannhelsetjenesten", "Tannlege for barn og unge."),
        ("flyktning", "Flyktningtjenesten", "Bosetting og oppfølging av flyktninger."),
        ("tjeneste-0", "Tjeneste 0", "Brukes i veilederen."),
    ]
    document["services"] = sector + [
        {"id": id_, "name": name, "summary": summary, "parent": "oppvekst", "kind": "tjeneste"}
        for id_, name, summary in services
    ]
    document["routines"] = [
        {
            "id": "melding",
            "title": "Rutine for bekymringsmelding til barnevernet",
            "summary": "Slik sender du en bekymringsmelding, og når du har plikt til det.",
            "steps": ["Drøft saken anonymt.", "Send meldingen skriftlig."],
        },
        {
            "id": "rus",
            "title": "Rutine ved bekymring for rusmiddelbruk i familien",
            "summary": "Når foreldre bruker rusmidler og barnet trenger hjelp.",
        },
        {
            "id": "fravaer",
            "title": "Rutine ved bekymringsfullt skolefravær",
            "summary": "Oppfølging av elever som ofte er borte fra skolen.",
        },
        {
            "id": "samtykke",
            "title": "Samtykke og taushetsplikt",
            "summary": "Når du kan dele opplysninger med andre tjenester.",
        },
        {
            "id": "vold",
            "title": "Rutine ved mistanke om vold og overgrep",
            "summary": "Ring barnevernvakten eller politiet. Ikke snakk med foreldrene først.",
        },
        {
            "id": "overgang",
            "title": "Overgang fra barnehage til skole",
            "summary": "Overføring av informasjon til skolen med foreldrenes samtykke.",
        },
    ]
    document["plans"] = [
        {"id": "plan-0", "title": "Plan 0"},
        {
            "id": "rusplan",
            "title": "Rusmiddelpolitisk handlingsplan",
            "summary": "Kommunens plan mot rusmisbruk blant unge.",
        },
        {
            "id": "oppvekstplan",
            "title": "Oppvekstplan 2025–2030",
            "summary": "Mål for barnehager, skoler og fritid.",
        },
        {"id": "plan-1", "title": "Plan 1"},
        {"id": "plan-2", "title": "Plan 2"},
        {"id": "plan-3", "title": "Plan 3"},
        {"id": "plan-4", "title": "Plan 4"},
    ]
    document["tools"] = [{"id": f"verktoy-{i}", "title": f"Verktøy {i}"} for i in range(5)] + [
        {
            "id": "stafettlogg",
            "title": "Stafettloggen",
            "summary": "Digital logg for stafettholderen.",
        },
        {
            "id": "undringsskjema",
            "title": "Skjema for undringssamtale",
            "summary": "Støtte til samtalen med barnet og foreldrene.",
        },
        {
            "id": "kartlegging",
            "title": "Kartleggingsverktøy for språkutvikling",
            "summary": "Observasjon av barnets språk i barnehagen.",
        },
    ]
    for element in document["elements"]:
        element["services"] = ["tjeneste-0"]
    return document


# (query, title of the wanted page)
QUERIES = [
    ("barnevern", "Barnevernstjenesten"),
    ("barnevernet", "Barnevernstjenesten"),
    ("barnvern", "Barnevernstjenesten"),
    ("barnevernstjeneste", "Barnevernstjenesten"),
    ("tjenestene for barnevern", "Barnevernstjenesten"),
    ("bvt", "Barnevernstjenesten"),
    ("rusmiddel", "Rusmiddelpolitisk handlingsplan"),
    ("rusmidler foreldre", "Rutine ved bekymring for rusmiddelbruk i familien"),
    ("rus", "Psykisk helse og rus"),
    ("helsestasjonen", "Helsestasjon og skolehelsetjeneste"),
    ("helsestasjon", "Helsestasjon og skolehelsetjeneste"),
    ("helsesøster", "Helsestasjon og skolehelsetjeneste"),
    ("helsesykepleier", "Helsestasjon og skolehelsetjeneste"),
    ("ppt", "Pedagogisk-psykologisk tjeneste (PPT)"),
    ("pedagogisk psykologisk", "Pedagogisk-psykologisk tjeneste (PPT)"),
    ("spesialundervisning", "Pedagogisk-psykologisk tjeneste (PPT)"),
    ("bekymringsmelding", "Rutine for bekymringsmelding til barnevernet"),
    ("bekymringsmeldinger", "Rutine for bekymringsmelding til barnevernet"),
    ("melding barnevernet", "Rutine for bekymringsmelding til barnevernet"),
    ("fravær", "Rutine ved bekymringsfullt skolefravær"),
    ("skolefravr", "Rutine ved bekymringsfullt skolefravær"),
    ("taushetsplikten", "Samtykke og taushetsplikt"),
    ("samtykke", "Samtykke og taushetsplikt"),
    ("vold", "Rutine ved mistanke om vold og overgrep"),
    ("overgrep mot barn", "Rutine ved mistanke om vold og overgrep"),
    ("barnevernvakt", "Rutine ved mistanke om vold og overgrep"),
    ("stafettlogg", "Stafettloggen"),
    ("stafettholder", "Stafettloggen"),
    ("undringssamtale", "Skjema for undringssamtale"),
    ("kartlegging språk", "Kartleggingsverktøy for språkutvikling"),
    ("tannlege", "Den offentlige tannhelsetjenesten"),
    ("tannhelse", "Den offentlige tannhelsetjenesten"),
    ("flyktninger", "Flyktningtjenesten"),
    ("familiesenter", "Familiesenteret"),
    ("overgang barnehage skole", "Overgang fra barnehage til skole"),
    ("oppvekstplanen", "Oppvekstplan 2025–2030"),
]


def top_titles(site, text):
    request = RequestFactory().get("/sok/", {"q": text}, HTTP_HOST=site.hostname)
    request.user = AnonymousUser()
    return [item.page.title for item in matching_pages(site, SearchQuery(text), request)[:TOP]]


def test_wanted_page_is_among_the_first_five_for_nine_in_ten_queries(db):
    imported(relevance_document(), hostname="relevans.example")
    site = Site.objects.get(hostname="relevans.example")
    misses = [
        (text, wanted, top_titles(site, text))
        for text, wanted in QUERIES
        if wanted not in top_titles(site, text)
    ]
    score = 1 - len(misses) / len(QUERIES)
    print(f"\nsearch relevance on {connection.vendor}: {score:.0%} of {len(QUERIES)} queries")
    for miss in misses:
        print("  missed:", miss)
    assert len(QUERIES) >= 30
    assert score >= WANTED_SHARE, misses
