"""Every page and list a visitor sees costs the same number of SQL queries, whatever the size."""

from wagtail.models import Site

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
