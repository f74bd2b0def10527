"""Every page and list a visitor sees costs the same number of SQL queries, whatever the size."""

from wagtail.models import PageViewRestriction, Site

import pytest

from tests.factories import imported, scaled_document
from tests.helpers import count_queries, page_of_every_type

# Views that read query parameters, with parameters that filter.
FILTERED = {
    "MeasureIndexPage": "?malgruppe=barn&alder=4&tilgang=henvisning",
    "GuidePage": "?tjeneste=tjeneste-0",
    "ModelIndexPage": "?tjeneste=tjeneste-1",  # "Jeg jobber i …" marks and counts
}


# Views outside the page tree: the embedded model and the open data.
VIEWS = [
    ("embed", "/innebygd/"),
    ("open data", "/data/"),
    ("open data document", "/data/samhandlingsmodell.json"),
]


def budget_paths(root):
    """[(label, path)]: a page of every type with its routes, the filtered views, and the
    views outside the tree."""
    paths, _missing = page_of_every_type(root)
    filtered = [
        (f"{label} filtered", path + FILTERED[label]) for label, path in paths if label in FILTERED
    ]
    return paths + filtered + VIEWS


@pytest.mark.django_db
def test_every_page_type_costs_the_same_queries_for_a_small_and_a_large_model(client):
    imported(scaled_document(2, "Litenvik kommune"), hostname="liten.example")
    imported(scaled_document(20, "Storvik kommune"), hostname="stor.example")
    counts = {}
    for host in ("liten.example", "stor.example"):
        root = Site.objects.get(hostname=host).root_page
        counts[host] = {
            path: count_queries(client, path, host) for _label, path in budget_paths(root)
        }
    assert counts["liten.example"].keys() == counts["stor.example"].keys()
    assert len(counts["liten.example"]) >= 20
    assert counts["liten.example"] == counts["stor.example"]


# The two pages most visitors see: a fixed ceiling, uncached, however many municipalities.
MOST_VISITED_CEILING = 8
MOST_VISITED = ("/", "/?tjeneste=tjeneste-1", "/kommuneniva/element-0/")


def with_internal_content(document):
    """Some internal elements and routines, so every municipality has view restrictions."""
    for item in document["elements"][1::4] + document["routines"][::2]:
        item["audience"] = "internal"
    return document


@pytest.mark.django_db
def test_model_and_element_page_cost_at_most_8_queries_with_1_or_6_municipalities(client):
    imported(with_internal_content(scaled_document(2, "Kommune 0")), hostname="m0.example")

    def counts():
        return {path: count_queries(client, path, "m0.example") for path in MOST_VISITED}

    alone = counts()
    for number in range(1, 6):
        document = with_internal_content(scaled_document(2, f"Kommune {number}"))
        imported(document, hostname=f"m{number}.example")
    assert PageViewRestriction.objects.count() >= 6 * 3
    assert Site.objects.filter(hostname__endswith=".example").count() == 6
    among_six = counts()
    assert among_six == alone
    assert max(alone.values()) <= MOST_VISITED_CEILING, alone
