"""In headless Chromium: a page of another origin frames the embedded model, which grows and
shrinks with its content, so the frame never scrolls on its own."""

import contextlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from wagtail.models import Site

import pytest

from models_app.core.models import MunicipalitySettings
from tests.factories import example_document, imported

pytestmark = pytest.mark.browser

# The host page is served by a small server of its own on 127.0.0.1: another local origin than
# the live server's "localhost" (Chromium refuses a public page framing a local one).
HOST_PORTS = range(8211, 8220)

HOST_PAGE = """<!DOCTYPE html>
<html lang="nb"><head><meta charset="utf-8"><title>Kommunens nettsted</title></head>
<body><h1>Kommunens egen side</h1>
<iframe src="{src}" title="Samhandlingsmodell" width="100%" height="300"
  data-samhandling-embed></iframe>
<script src="{script}" defer></script>
<p id="after">Etter modellen</p></body></html>"""

INNER_OVERFLOW = """() => {
  const root = document.scrollingElement;
  return root.scrollHeight - root.clientHeight;
}"""


def serve_once_bound(handler):
    for port in HOST_PORTS:
        with contextlib.suppress(OSError):
            return ThreadingHTTPServer(("127.0.0.1", port), handler)
    pytest.fail(f"no free port in {HOST_PORTS} for the host page")


@pytest.fixture
def host_server(live_server):
    """The municipality's own website: one page that frames our embed."""
    embed_url = live_server.url.replace("127.0.0.1", "localhost")
    html = HOST_PAGE.format(
        src=embed_url + "/innebygd/", script=embed_url + "/static/embed/host.js"
    ).encode()

    class HostPage(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = serve_once_bound(HostPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", embed_url
    server.shutdown()
    server.server_close()


@pytest.fixture
def embed_url(host_server, wagtail_root):
    host_origin, embed_url = host_server
    imported(example_document())
    settings = MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))
    settings.embed_origins = host_origin
    settings.save()
    return embed_url


@pytest.fixture
def host_page(browser, host_server, embed_url):
    context = browser.new_context(viewport={"width": 1024, "height": 700})
    page = context.new_page()
    page.goto(host_server[0] + "/")
    yield page
    context.close()


def embedded(page):
    return next(frame for frame in page.frames if frame.url.endswith("/innebygd/"))


def frame_height(page):
    return page.eval_on_selector("iframe", "frame => frame.getBoundingClientRect().height")


def test_the_framed_model_sizes_itself_to_its_content(host_page):
    frame = embedded(host_page)
    frame.wait_for_selector("a.element-link[aria-expanded]")  # model.js ran in the frame
    host_page.wait_for_function(
        "() => document.querySelector('iframe').getBoundingClientRect().height > 300"
    )
    host_page.wait_for_timeout(200)
    assert frame.evaluate(INNER_OVERFLOW) <= 0, "the frame has a scroll bar of its own"
    closed = frame_height(host_page)

    # Opening an element in place makes the model taller; the frame follows.
    frame.locator("a.element-link").first.click()
    host_page.wait_for_function(
        f"() => document.querySelector('iframe').getBoundingClientRect().height > {closed}"
    )
    host_page.wait_for_timeout(200)
    assert frame.evaluate(INNER_OVERFLOW) <= 0

    # A narrow window: the model wraps, the frame grows again and nothing scrolls sideways.
    host_page.set_viewport_size({"width": 320, "height": 700})
    host_page.wait_for_function(
        f"() => document.querySelector('iframe').getBoundingClientRect().height > {closed}"
    )
    host_page.wait_for_timeout(300)
    assert frame.evaluate(INNER_OVERFLOW) <= 0
    assert frame.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def test_a_link_in_the_frame_opens_the_full_page_in_the_top_window(host_page, embed_url):
    frame = embedded(host_page)
    frame.wait_for_selector(".embedded__more a")
    with host_page.expect_navigation():
        frame.locator(".embedded__more a").click()
    assert host_page.url.startswith(embed_url)
    assert host_page.locator("header.site-header").count() == 1
