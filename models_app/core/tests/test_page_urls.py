"""core.tree.PageUrls: page addresses from their url_path, as Wagtail's Page.get_url gives
them (relative on the request's own site, absolute for another municipality's site, None for
a page no site holds), without a reverse() per page."""

from django.test import RequestFactory

from wagtail.models import Page

import pytest

from models_app.core.tree import PageUrls
from tests.factories import imported, sized_document


def request_for(hostname):
    return RequestFactory().get("/", HTTP_HOST=hostname)


@pytest.mark.django_db
@pytest.mark.parametrize("hostnames", [("a.example",), ("a.example", "b.example")])
def test_every_page_has_the_address_wagtail_gives_it(hostnames):
    for number, hostname in enumerate(hostnames):
        imported(sized_document(6, f"Kommune {number}"), hostname=hostname)
    pages = list(Page.objects.all())
    assert len(pages) > 30
    for hostname in hostnames:
        request = request_for(hostname)
        urls = PageUrls(request)
        expected = {page.pk: page.get_url(request) for page in pages}
        assert {page.pk: urls.url(page.url_path) for page in pages} == expected
        if len(hostnames) > 1:  # another site's pages are absolute, this site's relative
            assert any(url.startswith("http://") for url in expected.values() if url)
        assert any(url and url.startswith("/") and len(url) > 1 for url in expected.values())
        assert None in expected.values()  # the tree's root belongs to no site


@pytest.mark.django_db
def test_slugs_with_letters_outside_ascii_are_quoted_as_wagtail_quotes_them():
    root = imported(sized_document(6, "Kommune 0"), hostname="a.example").site.root_page
    request = request_for("a.example")
    for slug in ("barnehagen-på-øya", "ærlig-talt", "a_b/c-d"):
        page = Page(url_path=f"{root.url_path}{slug}/", path="", depth=root.depth + 1)
        url = PageUrls(request).url(page.url_path)
        assert url == page.get_url(request)
        assert url.isascii() and url.endswith("/")
    # What Wagtail cannot serve (never a slug) has no address.
    page = Page(url_path=f"{root.url_path}50%/", path="", depth=root.depth + 1)
    assert PageUrls(request).url(page.url_path) is None is page.get_url(request)
