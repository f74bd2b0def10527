"""A second worker sees a new municipality at once: an app server that has served a page (and so
holds Wagtail's list of site roots) serves a municipality imported by another process right
away, with right URLs. Production settings, two processes, one database and the settings'
shared cache (Redis when REDIS_URL is set, else the files of one server)."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import production_environment

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "data" / "example.json"
PORT = 8131


@pytest.fixture
def production(tmp_path):
    env = production_environment(
        tmp_path,
        ALLOWED_HOSTS="*",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        TASK_BACKEND="immediate",
    )
    if os.environ.get("REDIS_URL"):
        env.update(REDIS_URL="redis://127.0.0.1:6379/13", CACHE_KEY_PREFIX=f"w{tmp_path.name}")
    return env


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def get(host, path="/"):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"Host": host})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (our own server)
        return response.status, response.read().decode()


def wait_for(server, host):
    for _attempt in range(120):
        if server.poll() is not None:
            raise RuntimeError(server.stderr.read().decode())
        try:
            return get(host)
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the app server did not start")


def test_a_municipality_imported_elsewhere_is_served_right_at_once(production):
    manage(production, "migrate", "--no-input")
    manage(production, "import_model", str(EXAMPLE), "--site", "forste.example")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{PORT}"],
        cwd=ROOT,
        env=production,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        status, first = wait_for(server, "forste.example")  # its list of site roots is warm
        assert status == 200
        assert 'href="/kommuneniva/' in first

        manage(production, "import_model", str(EXAMPLE), "--site", "andre.example")

        status, second = get("andre.example")
        assert status == 200
        assert 'href="/kommuneniva/' in second  # the new site's pages have their URLs
        assert "forste.example" not in second
    finally:
        server.terminate()
        server.wait(timeout=30)
