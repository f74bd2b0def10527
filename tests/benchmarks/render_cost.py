"""Benchmark: the CPU of rendering the most visited pages uncached, in-process (Django's test
client, a throwaway database, the demo model, PAGE_CACHE_SECONDS = 0).

Run with `make bench`. Prints for the model page (also with "Jeg jobber i …"), an element page
and a guide level: milliseconds and CPU milliseconds per request (the best of five batches,
steadier on a shared machine), the Python function calls of one request (cProfile: the
steadiest figure, the same on any machine) and each page's CPU and calls as a ratio to the
element page's. Asserts nothing (tests/test_query_budget.py counts the queries).
"""

import cProfile
import os
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samhandling.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from models_app.guide.models import GuideLevelPage  # noqa: E402
from models_app.model.models import ElementPage  # noqa: E402
from tests.benchmarks import best_batch, throwaway_database  # noqa: E402
from tests.factories import demo_document, imported  # noqa: E402

HOST = "localhost"
BATCHES, PER_BATCH = 5, 20


def cost(client, path):
    """(ms, CPU ms) per request, the batch with the least CPU; and one request's calls."""
    *best, response = best_batch(client, path, HOST, BATCHES, PER_BATCH)
    assert response.status_code == 200, (path, response.status_code)
    profile = cProfile.Profile()
    profile.enable()
    client.get(path, HTTP_HOST=HOST)
    profile.disable()
    return (*best, pstats.Stats(profile).total_calls)


def main():
    with throwaway_database():
        settings.PAGE_CACHE_SECONDS = 0
        root = imported(demo_document()).site.root_page
        element = ElementPage.objects.descendant_of(root).first()
        level = GuideLevelPage.objects.descendant_of(root).first()
        paths = [
            ("element page", element.get_url_parts()[2]),
            ("model page", "/"),
            ("model, a service", "/?tjeneste=helsestasjon"),
            ("guide level", level.get_url_parts()[2]),
        ]
        client = Client()
        figures = {name: cost(client, path) for name, path in paths}
        _ms, element_cpu, element_calls = figures["element page"]
        heading = ("uncached page", "ms", "CPU ms", "calls", "CPU/element", "calls/element")
        print("{:<18} {:>6} {:>7} {:>7} {:>11} {:>13}".format(*heading))
        for name, (ms, cpu, calls) in figures.items():
            print(
                f"{name:<18} {ms:>6.1f} {cpu:>7.1f} {calls:>7} {cpu / element_cpu:>11.2f} "
                f"{calls / element_calls:>13.2f}"
            )


if __name__ == "__main__":
    main()
