"""Benchmark: import time and SQL queries per page for models of growing size.

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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from wagtail.models import Site  # noqa: E402

from models_app.model.models import ElementPage  # noqa: E402
from tests.factories import imported, sized_document  # noqa: E402


def queries_and_time(client, path, host):
    client.get(path, HTTP_HOST=host)
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(path, HTTP_HOST=host)
        elapsed = time.perf_counter() - start
    assert response.status_code == 200
    return len(queries), elapsed * 1000, len(response.content)


def main():
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    call_command("migrate", verbosity=0)
    client = Client()
    print(f"{'elements':>8} {'import s':>9} {'page':>8} {'queries':>8} {'ms':>7} {'KiB':>6}")
    for size in (10, 100, 300):
        host = f"m{size}.example"
        start = time.perf_counter()
        imported(sized_document(size, f"Kommune {size}"), hostname=host)
        import_seconds = time.perf_counter() - start
        root = Site.objects.get(hostname=host).root_page
        element = ElementPage.objects.descendant_of(root).get(exchange_id="element-3")
        for name, page in (("model", root), ("level", element.get_parent()), ("element", element)):
            count, ms, size_bytes = queries_and_time(client, page.get_url_parts()[2], host)
            print(
                f"{size:>8} {import_seconds:>9.1f} {name:>8} {count:>8} {ms:>7.1f} "
                f"{size_bytes / 1024:>6.1f}"
            )


if __name__ == "__main__":
    main()
