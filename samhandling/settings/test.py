import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if "DATABASE_URL" not in os.environ:
    # A file on tmpfs, not ":memory:": with an in-memory database the live server's threads share
    # the test's one connection, and a request running beside the test can leave it in manual
    # transaction mode (Django's docs warn of random failures). One file per run (the xdist
    # workers inherit the run's id and add their own suffix), so parallel runs never meet.
    _run = os.environ.setdefault("SAMHANDLING_TEST_RUN", str(os.getpid()))
    _memory = "/dev/shm"  # noqa: S108 -- a throwaway test database, kept in memory for speed
    _folder = _memory if os.path.isdir(_memory) else tempfile.gettempdir()
    DATABASES["default"] = {  # noqa: F405
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.path.join(_folder, f"samhandling-{_run}.sqlite3"),
        "TEST": {"NAME": os.path.join(_folder, f"samhandling-test-{_run}.sqlite3")},
    }
# Tests of pages see the database as it is now; the page cache's own tests switch it on.
PAGE_CACHE_SECONDS = 0

# Each test worker has its own Redis database: tests clear the cache (FLUSHDB), which must not
# wipe another worker's cached pages or Wagtail's list of sites in the middle of its test.
if REDIS_URL:  # noqa: F405
    from urllib.parse import urlsplit, urlunsplit

    _worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    _database = 1 + (int(_worker.removeprefix("gw")) + 1 if _worker.startswith("gw") else 0)
    CACHES["default"]["LOCATION"] = urlunsplit(  # noqa: F405
        urlsplit(REDIS_URL)._replace(path=f"/{_database}")  # noqa: F405
    )
