"""Exact purge through a real Varnish (Debian's varnish, `make varnish`) in front of the app:
a published change is visible through Varnish on the very next request."""

import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from django.conf import settings

import pytest

from models_app.model.models import ElementPage
from tests.factories import example_document, imported
from tests.ports import wait_for_port

VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
VCL = Path(settings.BASE_DIR) / "deploy" / "varnish.vcl"
PORT = 8117  # this project's test port range is 8100-8119
HOST = "localhost"

pytestmark = pytest.mark.skipif(
    not Path(VARNISHD).exists(), reason="varnishd is not installed (make varnish)"
)


@pytest.fixture
def varnish(live_server):
    backend = live_server.url.rsplit(":", 1)[1]
    workdir = Path(tempfile.mkdtemp(prefix="samhandling-varnish-"))
    workdir.chmod(0o755)  # varnishd's compiler runs as its own unprivileged user
    vcl = workdir / "default.vcl"
    vcl.write_text(
        VCL.read_text().replace("BACKEND_HOST", "127.0.0.1").replace("BACKEND_PORT", backend)
    )
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            VARNISHD,
            "-F",
            "-f",
            str(vcl),
            "-a",
            f"127.0.0.1:{PORT}",
            "-n",
            str(workdir),
            "-s",
            "malloc,32m",
            "-T",
            "none",
        ],
        stdout=subprocess.DEVNULL,
        stderr=(workdir / "varnishd.log").open("w"),
    )
    try:
        # Varnish compiles the VCL with the C compiler first: slow on a busy machine.
        wait_for_port(PORT, 60, f"varnishd did not listen on {PORT}")
        yield f"http://127.0.0.1:{PORT}"
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)


def fetch(base, path):
    request = urllib.request.Request(base + path, headers={"Host": HOST})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.headers, response.read().decode()


@pytest.mark.django_db(transaction=True)
def test_a_publish_is_purged_from_varnish_at_once(wagtail_root, page_cache, varnish, settings):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": varnish,
        }
    }
    imported(example_document())
    fetch(varnish, "/")
    headers, _body = fetch(varnish, "/")
    assert headers["X-Cache"] == "HIT"

    page = ElementPage.objects.get(slug="samtykke")
    page.title = "Samtykke, ny versjon"
    page.save_revision().publish()

    headers, body = fetch(varnish, "/")
    assert headers["X-Cache"] == "MISS"
    assert "Samtykke, ny versjon" in body
    assert fetch(varnish, "/")[0]["X-Cache"] == "HIT"
