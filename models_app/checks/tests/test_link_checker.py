"""The link checker, against a local HTTP server that the tests start (no internet)."""

import contextlib
import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Collection, Page

import pytest

from models_app.checks.link_checker import (
    HostThrottle,
    InternalAddressError,
    LinkChecker,
    collect_targets,
    is_internal,
    vetted_connection,
)
from models_app.checks.models import LinkCheckResult
from models_app.model.models import ElementPage
from models_app.tools.models import ToolPage
from tests.factories import imported, sized_document

SLOW_SECONDS = 3
SHORT_TIMEOUT = "0.5"


class Handler(BaseHTTPRequestHandler):
    """200, 404, a slow answer, a redirect to 200, and a server that refuses HEAD."""

    requests = []  # (method, path, user agent), for the assertions

    def answer(self, send_body):
        Handler.requests.append((self.command, self.path, self.headers.get("User-Agent")))
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
            return self.reply(200, send_body)
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if self.path == "/redirect-loop":
            self.send_response(302)
            self.send_header("Location", "/redirect-loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if self.path == "/no-head" and self.command == "HEAD":
            return self.reply(405, send_body)
        if self.path in ("/ok", "/no-head"):
            return self.reply(200, send_body)
        return self.reply(404, send_body)

    def reply(self, status, send_body):
        body = b"hello\n"
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def do_HEAD(self):  # noqa: N802 (http.server's naming)
        self.answer(send_body=False)

    def do_GET(self):  # noqa: N802
        self.answer(send_body=True)

    def log_message(self, *args):
        pass


@pytest.fixture
def any_server():
    """The local server, which the checker refuses unless loopback is allowed."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.requests = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def server(any_server, settings):
    """The local server, allowed as an operator allows an internal network of its own."""
    settings.LINK_CHECK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    return any_server


def link(url, title="Lenke"):
    return {"url": url, "title": title}


def document_with_links(base):
    """A small model whose pages use the local server's addresses in every kind of field."""
    return {
        "format": "samhandlingsmodell",
        "version": 1,
        "municipality": {"name": "Lenkevik kommune", "website": f"{base}/ok"},
        "language": "nb",
        "title": "Samhandlingsmodell for Lenkevik",
        "elements": [
            {
                "id": "element-a",
                "level": "kommune",
                "dimension": "kultur",
                "title": "Element A",
                "body": f"Se [siden]({base}/redirect) og [den trege]({base}/slow).",
                "links": [link(f"{base}/ok"), link(f"{base}/missing")],
            },
            {
                "id": "element-b",
                "level": "etat",
                "dimension": "struktur",
                "title": "Element B",
                "links": [link(f"{base}/ok"), link("mailto:post@lenkevik.example")],
            },
        ],
        "plans": [{"id": "plan", "title": "Plan", "url": f"{base}/no-head"}],
        "tools": [{"id": "skjema", "title": "Skjema"}],
        "guide": {
            "title": "Handlingsveileder",
            "levels": [
                {
                    "number": 0,
                    "title": "Undring",
                    "steps": [
                        {
                            "title": "Beskriv",
                            "body": f"Les [veiledningen]({base}/ok).",
                            "links": [link(f"{base}/missing")],
                        }
                    ],
                }
            ],
        },
    }


def imported_offline(document):
    """Import, then unpublish any page that links outside the local server (such as starter
    text of default pages), so that no test reaches the internet."""
    site = imported(document, hostname="lenkevik.example.no").site
    for url, target in collect_targets(site.root_page.specific).items():
        if target.document is None and not url.startswith("http://127.0.0.1:"):
            for page in Page.objects.filter(pk__in=target.page_ids).specific():
                assert page.pk != site.root_page_id, url
                page.unpublish()
    return site


@pytest.fixture
def linked_site(server, db):
    return imported_offline(document_with_links(server))


def run_links(*args):
    out = io.StringIO()
    try:
        call_command(
            "check_links",
            "--site",
            "lenkevik.example.no",
            "--timeout",
            SHORT_TIMEOUT,
            *args,
            stdout=out,
        )
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def stored(site):
    rows = LinkCheckResult.objects.filter(page__path__startswith=site.root_page.path)
    return {(row.page.title, row.url): row for row in rows.select_related("page")}


def test_collects_every_external_address_once_with_its_pages(linked_site, server):
    targets = collect_targets(linked_site.root_page.specific)
    assert set(targets) == {
        f"{server}/ok",
        f"{server}/missing",
        f"{server}/redirect",
        f"{server}/slow",
        f"{server}/no-head",
    }
    titles = {
        url: sorted(ElementPage.objects.filter(pk__in=t.page_ids).values_list("title", flat=True))
        for url, t in targets.items()
    }
    assert titles[f"{server}/ok"] == ["Element A", "Element B"]  # and the root, step body
    assert len(targets[f"{server}/ok"].page_ids) == 4
    assert len(targets[f"{server}/missing"].page_ids) == 2  # an element and a guide step


def test_404_and_timeout_are_broken_200_and_redirect_work(linked_site, server):
    status, output = run_links()
    assert status == 1
    results = stored(linked_site)
    ok = results[("Element A", f"{server}/ok")]
    assert ok.ok and ok.status_code == 200
    redirect = results[("Element A", f"{server}/redirect")]
    assert redirect.ok and redirect.status_code == 200
    missing = results[("Element A", f"{server}/missing")]
    assert not missing.ok and missing.status_code == 404 and missing.error == "HTTP 404"
    slow = results[("Element A", f"{server}/slow")]
    assert not slow.ok and slow.status_code is None and slow.error == "timeout"
    no_head = results[("Plan", f"{server}/no-head")]
    assert no_head.ok and no_head.status_code == 200
    assert f"BROKEN {server}/missing (HTTP 404) on Element A" in output
    assert f"BROKEN {server}/slow (timeout) on Element A" in output
    assert output.strip().endswith(": 3 broken link(s).")  # /missing twice, /slow once


def test_requests_are_polite_and_named(linked_site, server):
    run_links()
    methods = {(method, path) for method, path, _agent in Handler.requests}
    assert ("HEAD", "/ok") in methods and ("GET", "/ok") not in methods
    assert ("HEAD", "/no-head") in methods and ("GET", "/no-head") in methods
    assert [path for _m, path, _a in Handler.requests].count("/ok") == 2  # once, then redirect
    assert all(agent.startswith("samhandling-lenkesjekk/") for _m, _p, agent in Handler.requests)


def test_redirect_loops_stop(server, db):
    document = document_with_links(server)
    document["elements"][1]["links"] = [link(f"{server}/redirect-loop")]
    site = imported_offline(document)
    run_links()
    loop = stored(site)[("Element B", f"{server}/redirect-loop")]
    assert not loop.ok and loop.status_code == 302


def test_a_second_run_updates_rows_and_removes_stale_ones(linked_site, server):
    run_links()
    first = stored(linked_site)
    element = ElementPage.objects.get(exchange_id="element-b")
    element.links = [{"type": "link", "value": {"page": None, **link(f"{server}/missing")}}]
    element.save_revision().publish()
    status, _output = run_links()
    second = stored(linked_site)
    assert ("Element B", f"{server}/ok") not in second
    assert not second[("Element B", f"{server}/missing")].ok
    kept = ("Element A", f"{server}/ok")
    assert second[kept].pk == first[kept].pk
    assert second[kept].checked_at > first[kept].checked_at


def test_other_sites_results_are_left_alone(linked_site, server):
    other_site = imported(sized_document(6), hostname="annen.example.no").site
    other_element = ElementPage.objects.descendant_of(other_site.root_page).first()
    other = LinkCheckResult.objects.create(
        page=other_element, url="https://example.invalid/", ok=False, checked_at=timezone.now()
    )
    run_links()
    assert LinkCheckResult.objects.filter(pk=other.pk).exists()


def test_documents_are_checked_in_storage(linked_site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = get_document_model().objects.create(
        title="Skjema",
        file=ContentFile(b"%PDF-1.4\n", name="skjema.pdf"),
        collection=Collection.get_first_root_node(),
    )
    tool = ToolPage.objects.get(exchange_id="skjema")
    tool.document = document
    tool.save_revision().publish()
    run_links()
    assert stored(linked_site)[("Skjema", document.url)].ok

    document.file.storage.delete(document.file.name)
    run_links()
    missing = stored(linked_site)[("Skjema", document.url)]
    assert not missing.ok and missing.error == "file missing in storage"


def test_unpublished_pages_are_not_checked(linked_site, server):
    ElementPage.objects.get(exchange_id="element-a").unpublish()
    run_links()
    assert ("Element A", f"{server}/missing") not in stored(linked_site)
    assert all(path != "/slow" for _m, path, _a in Handler.requests)


def test_model_check_reports_the_broken_links(linked_site, server):
    run_links()
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("check_model", "--site", "lenkevik.example.no", "--format", "json", stdout=out)
    broken = [f for f in json.loads(out.getvalue()) if f["code"] == "BROKEN_LINK"]
    assert len(broken) == 3
    messages = {f["message"] for f in broken}
    assert f"«Element A» har en lenke som ikke virker: {server}/slow (svarer ikke i tide)." in (
        messages
    )
    assert f"«Element A» har en lenke som ikke virker: {server}/missing (HTTP 404)." in messages


def test_the_admin_shows_broken_links_first(linked_site, server, client):
    run_links()
    admin = get_user_model().objects.create_superuser("admin", password="passord-123-x")
    client.force_login(admin)
    response = client.get("/admin/modellsjekk/lenker/", {"site": linked_site.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 lenker virker ikke." in html
    assert html.index(f"{server}/missing") < html.index(f"{server}/ok")
    assert html.index(f"{server}/slow") < html.index(f"{server}/redirect")


def test_throttle_spaces_requests_to_one_host():
    throttle = HostThrottle(per_host=1, delay=0.1)
    starts = []

    def visit():
        with throttle.slot("example.invalid"):
            starts.append(time.monotonic())

    threads = [threading.Thread(target=visit) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    starts.sort()
    assert starts[2] - starts[0] >= 0.19


# -- internal addresses ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",  # noqa: S104 (a value to classify, not a binding)
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:10.0.0.1",
        "ff02::1",
    ],
)
def test_internal_addresses_are_recognised(address):
    assert is_internal(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "151.101.1.69", "2001:4860:4860::8888"])
def test_public_addresses_are_not_internal(address):
    assert not is_internal(address)


def test_check_links_sends_no_request_to_a_local_server(any_server, db):
    """Without an allowed network, loopback is refused: the server hears nothing, the links
    are stored as not checked, and neither the command nor the model check calls them broken."""
    site = imported_offline(document_with_links(any_server))
    code, out = run_links()
    assert Handler.requests == []
    rows = stored(site)
    web = [row for (_title, url), row in rows.items() if url.startswith(any_server)]
    assert web
    assert all(row.skipped and not row.ok and row.error == "internal address" for row in web)
    assert f"NOT CHECKED {any_server}/ok (internal address)" in out
    assert "BROKEN" not in out.replace("0 broken", "")
    assert code == 0
    findings = io.StringIO()
    with contextlib.suppress(SystemExit):  # the small model has other errors
        call_command(
            "check_model", "--site", "lenkevik.example.no", "--format", "json", stdout=findings
        )
    codes = {finding["code"] for finding in json.loads(findings.getvalue())}
    assert "BROKEN_LINK" not in codes
    assert "LINKS_NOT_CHECKED" not in codes


def test_a_host_name_that_resolves_to_loopback_is_refused(any_server, db):
    port = any_server.rsplit(":", 1)[1]
    outcome = LinkChecker(timeout=1).check_url(f"http://localhost:{port}/ok")
    assert outcome.skipped and outcome.error == "internal address"
    assert Handler.requests == []


def test_every_connection_is_vetted_also_after_a_redirect(any_server):
    """Redirects open new connections through the same vetted connector, so a public page
    that redirects to 127.0.0.1 is refused at the connection, before any byte is sent."""
    port = int(any_server.rsplit(":", 1)[1])
    for host in ("127.0.0.1", "localhost", "::ffff:127.0.0.1"):
        with pytest.raises(InternalAddressError):
            vetted_connection((host, port), timeout=1)
    assert Handler.requests == []


def test_the_admin_shows_internal_addresses_as_not_checked(any_server, db, client):
    site = imported_offline(document_with_links(any_server))
    run_links()
    admin = get_user_model().objects.create_superuser("admin", password="passord-123-x")
    client.force_login(admin)
    html = client.get("/admin/modellsjekk/lenker/", {"site": site.pk}).content.decode()
    assert "Ikke sjekket" in html
    assert "intern adresse" in html
    assert "0 lenker virker ikke." in html
