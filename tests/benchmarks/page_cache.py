"""Benchmark: the anonymous page cache, in-process (Django's test client, a throwaway database).

Run with `make bench`. Prints figures as ratios; asserts nothing (the tests do that). For each
page: requests per second uncached and cached, the cached/uncached ratio, SQL queries per
uncached request, and the HTML's size plain and gzipped; then the uncached model page's time
with more municipalities in one installation, as a ratio to one.
"""

import gzip
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samhandling.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from wagtail.models import Site  # noqa: E402

from models_app.guide.models import GuideLevelPage  # noqa: E402
from models_app.model.models import ElementPage  # noqa: E402
from tests.benchmarks import best_batch, throwaway_database  # noqa: E402
from tests.factories import demo_document, imported, sized_document  # noqa: E402

HOST = "localhost"
ROUNDS = 200


def rate(client, path, host=HOST):
    """Requests per second of one path (after a warm-up request)."""
    client.get(path, HTTP_HOST=host)
    start = time.perf_counter()
    for _ in range(ROUNDS):
        client.get(path, HTTP_HOST=host)
    return ROUNDS / (time.perf_counter() - start)


def queries(client, path, host=HOST):
    client.get(path, HTTP_HOST=host)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured), response.content


def demo_paths(root):
    element = ElementPage.objects.descendant_of(root).first()
    level = GuideLevelPage.objects.descendant_of(root).first()
    return [
        ("model page", "/"),
        ("element page", element.get_url_parts()[2]),
        ("guide level", level.get_url_parts()[2]),
        ("tiltak filtered", "/tiltak/?malgruppe=barn&alder=4"),
        ("search", "/sok/?q=samtykke"),
    ]


def page_figures(client, root):
    heading = ("page", "uncached/s", "cached/s", "ratio", "SQL", "KiB", "gz KiB")
    print("{:<16} {:>10} {:>9} {:>6} {:>4} {:>5} {:>6}".format(*heading))
    for name, path in demo_paths(root):
        settings.PAGE_CACHE_SECONDS = 0
        count, content = queries(client, path)
        uncached = rate(client, path)
        settings.PAGE_CACHE_SECONDS = 600
        cache.clear()
        cached = rate(client, path)
        print(
            f"{name:<16} {uncached:>10.0f} {cached:>9.0f} {cached / uncached:>6.1f} {count:>4} "
            f"{len(content) / 1024:>5.1f} {len(gzip.compress(content)) / 1024:>6.1f}"
        )


def serve_ms(client, path, host):
    """CPU milliseconds per request, the best of several batches (CPU, not wall time, and the
    best batch: another process taking the core for a moment does not count)."""
    _ms, cpu_ms, _response = best_batch(client, path, host, batches=7, per_batch=30)
    return cpu_ms


def small_municipality(number):
    """A small model with internal content (view restrictions), as every real site has."""
    document = sized_document(6, f"Kommune {number}")
    document["elements"][0]["audience"] = "internal"
    return document


def municipality_figures(client):
    """The uncached model page of one municipality, alone and among 50 and 200: its time and
    queries must not grow with the installation."""
    settings.PAGE_CACHE_SECONDS = 0
    print(f"\n{'municipalities':>14} {'model page CPU ms':>17} {'ratio to 1':>10} {'SQL':>4}")
    imported(sized_document(30, "Kommune 0"), hostname="m0.example")
    one = None
    for count in (1, 50, 200):
        start = time.perf_counter()
        while Site.objects.filter(hostname__endswith=".example").count() < count:
            number = Site.objects.filter(hostname__endswith=".example").count()
            imported(small_municipality(number), hostname=f"m{number}.example")
        made = time.perf_counter() - start
        sql, _content = queries(client, "/", "m0.example")
        ms = serve_ms(client, "/", "m0.example")
        one = one or ms
        note = f"  ({made:.0f} s to import the others)" if made > 1 else ""
        print(f"{count:>14} {ms:>17.2f} {ms / one:>10.2f} {sql:>4}{note}")


def main():
    with throwaway_database():
        client = Client()
        root = imported(demo_document()).site.root_page
        page_figures(client, root)
        municipality_figures(client)


if __name__ == "__main__":
    main()
