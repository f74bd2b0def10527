"""Benchmark: what a first visit of the demo's model page transfers, compressed.

Run with `make bench`. The HTML and every stylesheet and script it links, each gzip-compressed
as WhiteNoise serves them (level 9); the CSS split into Designsystemet (vendored) and our own.
Prints figures; asserts nothing.
"""

import gzip
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samhandling.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.test import Client  # noqa: E402

from tests.benchmarks import throwaway_database  # noqa: E402
from tests.factories import demo_document, imported  # noqa: E402

ASSET = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')


def compressed(data):
    return len(gzip.compress(data, compresslevel=9))


def asset_bytes(url):
    path = finders.find(url.removeprefix(settings.STATIC_URL))
    return Path(path).read_bytes()


def main():
    with throwaway_database():
        imported(demo_document())
        html = Client().get("/").content
        rows = [("HTML /", html)] + [
            (url, asset_bytes(url)) for url in ASSET.findall(html.decode())
        ]
        print(f"{'resource':<55} {'bytes':>8} {'gzip':>7}")
        totals = {"vendored": [0, 0], "ours": [0, 0]}
        for name, data in rows:
            print(f"{name:<55} {len(data):>8} {compressed(data):>7}")
            if name.endswith(".css"):
                part = totals["vendored" if "/vendor/" in name else "ours"]
                part[0] += len(data)
                part[1] += compressed(data)
        total = sum(compressed(data) for _, data in rows)
        for part, (raw, packed) in totals.items():
            print(f"CSS {part:<51} {raw:>8} {packed:>7}")
        print(f"{'first visit of the model page, compressed':<55} {'':>8} {total:>7}")
        print(f"share of the 60 kB budget: {total / 60000:.2f}")


if __name__ == "__main__":
    main()
