"""Benchmark: import time (wall clock and this process's CPU time: the machine may be shared)
and SQL queries per page for models of 10, 100, 300 and 1 000 elements (the queries must not
grow: the query budget test asserts it; a 300-element import should take at most 10 s on
PostgreSQL), and the time
to validate a document with a long service chain (linear: 3 000 services cost about ten
times 300).

Run with `make bench`. Prints figures; asserts nothing (the query budget test does that).
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samhandling.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from wagtail.models import Site  # noqa: E402

from models_app.exchange.validation import validate_document  # noqa: E402
from models_app.model.models import ElementPage  # noqa: E402
from tests.benchmarks import throwaway_database  # noqa: E402
from tests.factories import example_document, imported, sized_document  # noqa: E402


def queries_and_time(client, path, host):
    client.get(path, HTTP_HOST=host)
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(path, HTTP_HOST=host)
        elapsed = time.perf_counter() - start
    assert response.status_code == 200
    return len(queries), elapsed * 1000, len(response.content)


def main():
    with throwaway_database():
        client = Client()
        print(
            f"{'elements':>8} {'import s':>9} {'cpu s':>6} {'page':>8} {'queries':>8} {'ms':>7} "
            f"{'KiB':>6}"
        )
        for size in (10, 100, 300, 1000):
            host = f"m{size}.example"
            start, cpu_start = time.perf_counter(), time.process_time()
            imported(sized_document(size, f"Kommune {size}"), hostname=host)
            import_seconds = time.perf_counter() - start
            cpu_seconds = time.process_time() - cpu_start
            root = Site.objects.get(hostname=host).root_page
            element = ElementPage.objects.descendant_of(root).get(exchange_id="element-3")
            for name, page in (
                ("model", root),
                ("level", element.get_parent()),
                ("element", element),
            ):
                count, ms, size_bytes = queries_and_time(client, page.get_url_parts()[2], host)
                print(
                    f"{size:>8} {import_seconds:>9.1f} {cpu_seconds:>6.1f} {name:>8} {count:>8} "
                    f"{ms:>7.1f} "
                    f"{size_bytes / 1024:>6.1f}"
                )

        validation_figures()


def chained_services(count):
    """The example document with `count` services, each the parent of the next."""
    document = example_document()
    services = [{"id": "s0", "name": "Tjeneste 0"}]
    services += [{"id": f"s{i}", "name": f"T {i}", "parent": f"s{i - 1}"} for i in range(1, count)]
    document["services"] = services
    for kind in ("elements", "routines", "arenas", "measures", "tools", "plans"):
        for item in document.get(kind, []):
            item.pop("services", None)
            item.pop("provider", None)
    return document


def validation_figures():
    """Seconds to validate 300 and 3 000 chained services (cycle-free and as one cycle)."""
    print(f"{'services':>8} {'cycle':>6} {'validate s':>11} {'vs 300':>7}")
    for cycle in (False, True):
        first = None
        for count in (300, 3000):
            document = chained_services(count)
            if cycle:
                document["services"][0]["parent"] = f"s{count - 1}"
            start = time.perf_counter()
            validate_document(document)
            seconds = time.perf_counter() - start
            first = first or seconds
            print(f"{count:>8} {cycle!s:>6} {seconds:>11.2f} {seconds / first:>7.1f}")


if __name__ == "__main__":
    main()
