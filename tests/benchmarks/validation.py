"""Benchmark: seconds to validate documents with 300 and 3 000 services, and the ratio (linear
growth shows as about 10). Three shapes: a wide tree (valid), one long chain (deeper than
MAX_SERVICE_DEPTH, so one problem per service) and one long cycle (one message per service).
Issue 11 asks for 3 000 services in at most 2 s.

Run with `make bench`. Prints figures; asserts nothing. Needs no database.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samhandling.settings.test")

import django  # noqa: E402

django.setup()

from models_app.exchange.validation import validate_document  # noqa: E402
from tests.factories import example_document  # noqa: E402

SIZES = (300, 3000)


def with_services(services):
    """The example document with these services and nothing that refers to the old ones."""
    document = example_document()
    document["services"] = services
    for kind in ("elements", "routines", "arenas", "measures", "tools", "plans"):
        for item in document.get(kind, []):
            item.pop("services", None)
            item.pop("provider", None)
            item.pop("participants", None)
    return document


def wide_tree(count):
    """A municipality, ten sectors, and the rest as units below them."""
    services = [{"id": "s0", "name": "Kommunen"}]
    services += [{"id": f"s{i}", "name": f"Sektor {i}", "parent": "s0"} for i in range(1, 11)]
    services += [
        {"id": f"s{i}", "name": f"Enhet {i}", "parent": f"s{1 + i % 10}"} for i in range(11, count)
    ]
    return with_services(services)


def chain(count):
    services = [{"id": "s0", "name": "Tjeneste 0"}]
    services += [{"id": f"s{i}", "name": f"T {i}", "parent": f"s{i - 1}"} for i in range(1, count)]
    return with_services(services)


def cycle(count):
    document = chain(count)
    document["services"][0]["parent"] = f"s{count - 1}"
    return document


def seconds_to_validate(document, runs=3):
    """The fastest of a few runs, so that other work on the machine counts less."""
    timings = []
    for _run in range(runs):
        start = time.perf_counter()
        problems = validate_document(document)
        timings.append(time.perf_counter() - start)
    return min(timings), len(problems)


def main():
    validate_document(example_document())  # the schema is loaded once, not in the figures
    print(f"{'shape':>6} {'services':>8} {'problems':>8} {'seconds':>8} {'vs 300':>7}")
    for name, make in (("wide", wide_tree), ("chain", chain), ("cycle", cycle)):
        first = None
        for count in SIZES:
            seconds, problems = seconds_to_validate(make(count))
            first = first or seconds
            print(f"{name:>6} {count:>8} {problems:>8} {seconds:>8.2f} {seconds / first:>7.1f}")


if __name__ == "__main__":
    main()
