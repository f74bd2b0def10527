"""Privacy by default: no cookies for anonymous visitors, no third-party requests, no analytics."""

import io
from urllib.parse import urlsplit

from django.core.management import call_command

from wagtail.documents.models import Document

import pytest
from bs4 import BeautifulSoup

from models_app.arenas.models import ArenaIndexPage, ArenaPage
from models_app.tools.models import ToolPage
from tests.demo_pages import page_type_urls
from tests.factories import demo_document, imported

# Every attribute through which a page makes the browser fetch something by itself.
FETCHING_ATTRIBUTES = [
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("input", "src"),
    ("form", "action"),
]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo_with_documents(demo_site, media_root):
    call_command("load_demo_documents", stdout=io.StringIO(), stderr=io.StringIO())
    return demo_site


def anonymous_urls(site):
    """Every kind of address an anonymous visitor can open, with the status it answers."""
    urls = {name: (url, 200) for name, url in page_type_urls(site).items()}
    root = site.root_page
    arenas = ArenaIndexPage.objects.descendant_of(root).get()
    arena = ArenaPage.objects.descendant_of(root).live().public().first()
    tools = ToolPage.objects.exclude(document=None).select_related("document")
    documents = {tool.exchange_id: tool.document for tool in tools}
    urls.update(
        {
            "404 page": ("/finnes-ikke/", 404),
            "sitemap": ("/sitemap.xml", 200),
            "robots.txt": ("/robots.txt", 200),
            "calendar of all arenas": (arenas.url + "kalender.ics", 200),
            "calendar of one arena": (arena.url + "kalender.ics", 200),
            "public document": (documents["samtykkeskjema"].url, 200),
            "internal document": (documents["sjekkliste-fravaer"].url, 302),
            "internal page": (
                ToolPage.objects.get(exchange_id="sjekkliste-fravaer").url,
                302,
            ),
        }
    )
    return urls


@pytest.mark.django_db
def test_no_cookie_is_set_for_an_anonymous_visitor_anywhere(client, demo_with_documents):
    assert Document.objects.count() >= 4
    for name, (url, status) in anonymous_urls(demo_with_documents).items():
        response = client.get(url)
        assert response.status_code == status, (name, url, response.status_code)
        assert not response.cookies, (name, url, list(response.cookies))
        assert "Set-Cookie" not in response.headers, (name, url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)  # documents stream; read them to the end
    assert not client.cookies


def same_site(address, hosts):
    """Relative, a data: URI, or on one of this site's own hosts."""
    parts = urlsplit(address.strip())
    if parts.scheme == "data":
        return True
    return (not parts.scheme and not parts.netloc) or parts.netloc in hosts


@pytest.mark.django_db
def test_pages_load_nothing_from_other_hosts_and_carry_no_analytics(client, demo_site):
    hosts = {"testserver", urlsplit(demo_site.root_url).netloc}
    for name, url in [*page_type_urls(demo_site).items(), ("404 page", "/finnes-ikke/")]:
        document = BeautifulSoup(client.get(url).content, "html.parser")
        for tag, attribute in FETCHING_ATTRIBUTES:
            for element in document.find_all(tag, attrs={attribute: True}):
                for address in element[attribute].split(","):
                    candidate = address.strip().split(" ")[0] if "srcset" in attribute else address
                    assert same_site(candidate, hosts), (name, url, tag, address)
        for script in document.find_all("script"):
            assert script.get("src"), (name, url, "inline script")
        text = document.decode()
        for tracker in ("google-analytics", "googletagmanager", "gtag(", "matomo", "plausible"):
            assert tracker not in text, (name, url, tracker)


@pytest.fixture
def demo_url(live_server, wagtail_root):
    imported(demo_document())
    return live_server.url


def visit_recording_requests(browser, base_url, paths):
    context = browser.new_context()
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    for path in paths:
        response = page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        assert response.status in (200, 404), (path, response.status)
    cookies = context.cookies()
    context.close()
    return requested, cookies


@pytest.mark.browser
def test_in_a_real_browser_every_request_stays_on_the_site_and_no_cookie_is_stored(
    browser, demo_url
):
    from wagtail.models import Site

    urls = page_type_urls(Site.objects.get(is_default_site=True))
    paths = [*urls.values(), "/finnes-ikke/"]

    requested, cookies = visit_recording_requests(browser, demo_url, paths)

    assert len(requested) > len(paths), "pages load their stylesheet and script"
    assert any(url.endswith("/static/core/core.css") for url in requested)
    foreign = [
        url for url in requested if not (url.startswith(demo_url + "/") or url.startswith("data:"))
    ]
    assert not foreign
    assert cookies == []
