"""Production keeps each worker's database connection between requests (CONN_MAX_AGE), and
checks it before reusing it (CONN_HEALTH_CHECKS): a connection the database closed meanwhile
(a restart, a failover, an idle timeout) costs a new connection, never an error page.

Run on PostgreSQL only (.ci/run's first round): the app in gunicorn on production settings,
reading the test database, and the database server itself telling which backend served it."""

import subprocess
import sys
import urllib.request
from pathlib import Path

from django.db import connection

import pytest

from tests.factories import example_document, imported
from tests.helpers import production_environment
from tests.ports import wait_for_port

ROOT = Path(__file__).resolve().parent.parent
PORT = 8132
HOST = "forste.example"
APP_NAME = "samhandling-kept-connections-test"

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's backends are what is kept"
)


def database_url():
    """The test database, with a name for the app's connections, to tell them from others."""
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{settings['NAME']}?application_name={APP_NAME}"


@pytest.fixture
def app_server(wagtail_root, tmp_path):
    imported(example_document(), HOST)
    env = production_environment(tmp_path, ALLOWED_HOSTS=HOST, DATABASE_URL=database_url())
    command = [sys.executable, "-m", "gunicorn", "samhandling.wsgi", "--workers", "1"]
    server = subprocess.Popen(  # noqa: S603
        [*command, "--bind", f"127.0.0.1:{PORT}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(PORT, 60, "gunicorn did not start")
        yield
    finally:
        server.terminate()
        server.wait(30)


def get(path="/"):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"Host": HOST})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (our own server)
        return response.status


def app_backends():
    """The database server's backends serving the app (by the name its connections give)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s", [APP_NAME])
        return {row[0] for row in cursor.fetchall()}


def test_a_worker_keeps_its_connection_and_replaces_a_closed_one(app_server):
    assert get() == 200
    kept = app_backends()
    assert len(kept) == 1  # one worker, one connection, still open after its request

    assert get() == 200
    assert get("/kommuneniva/") == 200
    assert app_backends() == kept  # the same connection served the next requests

    with connection.cursor() as cursor:  # the database closes it, as a restart would
        cursor.execute("SELECT pg_terminate_backend(%s)", [next(iter(kept))])

    assert get() == 200  # checked before reuse: a new connection, no error page
    replaced = app_backends()
    assert len(replaced) == 1
    assert replaced != kept
