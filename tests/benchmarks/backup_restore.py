"""Benchmark: backing up the demo municipality (model, demo documents, settings, dates) and
restoring it into a new site, next to a plain import of the same model.

Run with `make bench`. Prints figures; asserts nothing (models_app/exchange/tests/test_backup.py
proves the round trip).
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samhandling.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from models_app.exchange.backup import restore_backup, write_backup  # noqa: E402
from tests.benchmarks import throwaway_database  # noqa: E402
from tests.factories import demo_document, imported  # noqa: E402


def seconds(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def main():
    with throwaway_database():
        with tempfile.TemporaryDirectory() as media:
            settings.MEDIA_ROOT = media
            import_s, _report = seconds(imported, demo_document())
            call_command("load_demo_documents", stdout=io.StringIO(), stderr=io.StringIO())
            archive = io.BytesIO()
            backup_s, manifest = seconds(write_backup, None, archive)
            archive.seek(0)
            restore_s, _report = seconds(restore_backup, archive, "kopi.example")
        pages, documents = len(manifest["pages"]), len(manifest["documents"])
        print(
            f"{'pages':>6} {'docs':>5} {'KiB':>6} {'backup s':>9} {'restore s':>10} "
            f"{'vs import':>10}"
        )
        print(
            f"{pages:>6} {documents:>5} {len(archive.getvalue()) / 1024:>6.0f} {backup_s:>9.2f} "
            f"{restore_s:>10.2f} {restore_s / import_s:>9.1f}×"
        )


if __name__ == "__main__":
    main()
