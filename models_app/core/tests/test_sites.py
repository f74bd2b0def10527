"""core.sites.find_request_site chooses the site exactly as Wagtail's Site.find_for_request
does (hostname and port, the default site on its own hostname, then the default site), with
one query that also brings the model page and the settings."""

from django.test import RequestFactory

from wagtail.models import Page, Site

import pytest

from models_app.core.sites import find_request_site

HOSTS = ["a.example", "b.example", "c.example", "ukjent.example"]
PORTS = ["80", "8080", "443"]


def request_for(hostname, port):
    return RequestFactory().get("/", HTTP_HOST=f"{hostname}:{port}", SERVER_PORT=port)


def wagtail_choice(hostname, port):
    try:
        return Site.find_for_request(request_for(hostname, port))
    except Site.DoesNotExist:
        return None


@pytest.mark.django_db
def test_the_same_site_as_wagtail_for_every_host_and_port():
    Site.objects.all().delete()
    root = Page.get_first_root_node()
    pages = [root.add_child(instance=Page(title=f"S{n}", slug=f"s{n}")) for n in range(5)]
    Site.objects.create(hostname="a.example", port=80, root_page=pages[0])
    Site.objects.create(hostname="a.example", port=8080, root_page=pages[1])
    Site.objects.create(hostname="b.example", port=8080, root_page=pages[2])
    default = Site.objects.create(
        hostname="c.example", port=443, root_page=pages[3], is_default_site=True
    )
    Site.objects.create(hostname="c.example", port=80, root_page=pages[4])
    chosen = {}
    for hostname in HOSTS:
        for port in PORTS:
            found = find_request_site(request := request_for(hostname, port))
            assert found is None  # none of these roots is a model page
            chosen[hostname, port] = request._wagtail_site
            assert request._wagtail_site == wagtail_choice(hostname, port), (hostname, port)
    assert chosen["ukjent.example", "80"] == default  # an unknown host gets the default site
    assert chosen["a.example", "8080"].root_page_id == pages[1].pk  # the port decides
    assert chosen["c.example", "8080"] == default  # the default site on its own hostname


@pytest.mark.django_db
def test_no_default_site_and_an_unknown_host_is_no_site():
    Site.objects.all().delete()
    root = Page.get_first_root_node()
    page = root.add_child(instance=Page(title="A", slug="a"))
    Site.objects.create(hostname="a.example", port=80, root_page=page)
    request = request_for("ukjent.example", "80")
    assert find_request_site(request) is None
    assert request._wagtail_site is None is wagtail_choice("ukjent.example", "80")
