"""Every page and list a visitor sees costs the same number of SQL queries, whatever the size."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, Site

import pytest

from tests.factories import imported, scaled_document

ROUTES = ["arshjul/", "kalender.ics"]


def pages_by_type(root):
    """One live page of every type on the site, found by its position in the tree."""
    chosen = {}
    for page in Page.objects.descendant_of(root, inclusive=True).live().order_by("path"):
        chosen.setdefault(page.content_type_id, page)
    return chosen


def count(client, host, path):
    client.get(path, HTTP_HOST=host)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


@pytest.mark.django_db
def test_every_page_type_costs_the_same_queries_for_a_small_and_a_large_model(client):
    imported(scaled_document(2, "Litenvik kommune"), hostname="liten.example")
    imported(scaled_document(20, "Storvik kommune"), hostname="stor.example")
    counts = {}
    for host in ("liten.example", "stor.example"):
        root = Site.objects.get(hostname=host).root_page
        for content_type, page in pages_by_type(root).items():
            path = page.get_url_parts()[2]
            counts[(host, content_type)] = count(client, host, path)
            if page.specific_class.__name__ in ("ArenaIndexPage", "ArenaPage"):
                for route in ROUTES:
                    if route == "arshjul/" and page.specific_class.__name__ == "ArenaPage":
                        continue
                    counts[(host, content_type, route)] = count(client, host, path + route)
            if page.specific_class.__name__ == "MeasureIndexPage":
                counts[(host, "filtered")] = count(
                    client, host, path + "?malgruppe=barn&alder=4&tilgang=henvisning"
                )
            if page.specific_class.__name__ == "GuidePage":
                counts[(host, "guide-print")] = count(client, host, path + "skriv-ut/")
    small = {key[1:]: value for key, value in counts.items() if key[0] == "liten.example"}
    large = {key[1:]: value for key, value in counts.items() if key[0] == "stor.example"}
    assert small.keys() == large.keys()
    assert len(small) >= 20
    assert small == large
