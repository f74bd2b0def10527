"""Findable: a sitemap and robots.txt per municipality, and a title and description on every
page type."""

from xml.etree import ElementTree

from wagtail.models import PageViewRestriction, Site

import pytest
from bs4 import BeautifulSoup

from models_app.arenas.models import ArenaIndexPage
from models_app.guide.models import GuidePage
from models_app.measures.models import MeasureIndexPage
from models_app.model.models import ModelIndexPage
from models_app.plans.models import PlanPage
from models_app.routines.models import RoutinePage
from models_app.tools.models import ToolIndexPage
from tests.demo_pages import EMBED_LABEL, page_type_urls
from tests.factories import example_document, imported

SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
OTHER_HOST = "annenvik.example"


def sitemap_entries(client, host):
    response = client.get("/sitemap.xml", HTTP_HOST=host)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert not response.cookies
    # Our own response, not untrusted input.
    urlset = ElementTree.fromstring(response.content)  # noqa: S314
    return {
        url.findtext("sm:loc", namespaces=SITEMAP): url.findtext("sm:lastmod", namespaces=SITEMAP)
        for url in urlset.findall("sm:url", SITEMAP)
    }


def public_pages_of(site):
    """What an anonymous visitor may open on a site, worked out without the sitemap's code:
    live pages below the site's root that lie below no view restriction."""
    restricted = [r.page.path for r in PageViewRestriction.objects.select_related("page")]
    pages = site.root_page.get_descendants(inclusive=True).live().specific()
    return [page for page in pages if not any(page.path.startswith(p) for p in restricted)]


def other_site(hostname=OTHER_HOST):
    document = example_document()
    document["municipality"]["name"] = "Annenvik kommune"
    document["routines"] = [
        {"id": "intern-rutine", "title": "Intern rutine i Annenvik", "audience": "internal"},
        {"id": "apen-rutine", "title": "Åpen rutine i Annenvik"},
    ]
    return imported(document, hostname=hostname).site


@pytest.mark.django_db
def test_sitemap_lists_every_public_page_of_the_request_site_and_nothing_else(client, demo_site):
    annenvik = other_site()
    for site, host in ((demo_site, "localhost"), (annenvik, OTHER_HOST)):
        entries = sitemap_entries(client, host)
        arenas = ArenaIndexPage.objects.descendant_of(site.root_page).get()
        expected = {page.get_full_url() for page in public_pages_of(site)}
        expected.add(arenas.get_full_url() + "arshjul/")
        expected |= {site.root_url + "/data/", site.root_url + "/data/samhandlingsmodell.json"}
        model = ModelIndexPage.objects.descendant_of(site.root_page, inclusive=True).get()
        if model.glossary:  # Ordforklaringer, once the model has terms
            expected.add(model.get_full_url() + "ordforklaringer/")
        assert set(entries) == expected
        assert all(url.startswith(site.root_url + "/") for url in entries)
        assert all(lastmod for lastmod in entries.values()), "every entry has its lastmod"

    demo_urls = set(sitemap_entries(client, "localhost"))
    internal = RoutinePage.objects.descendant_of(demo_site.root_page).get(
        exchange_id="stafettlogg-dokumentasjon"
    )
    assert internal.get_full_url() not in demo_urls
    assert not [url for url in demo_urls if "annenvik" in url or "Annenvik" in url]
    other_urls = set(sitemap_entries(client, OTHER_HOST))
    assert not [url for url in other_urls if url.startswith(demo_site.root_url + "/")]
    hidden = RoutinePage.objects.get(exchange_id="intern-rutine")
    shown = RoutinePage.objects.get(exchange_id="apen-rutine")
    assert hidden.get_full_url() not in other_urls
    assert shown.get_full_url() in other_urls


@pytest.mark.django_db
def test_sitemap_leaves_out_a_restricted_section_with_everything_below_it(client, demo_site):
    tools = ToolIndexPage.objects.descendant_of(demo_site.root_page).get()
    tool_urls = {tool.get_full_url() for tool in tools.get_descendants(inclusive=True).public()}
    assert len(tool_urls) > 2
    assert tool_urls <= set(sitemap_entries(client, "localhost"))

    PageViewRestriction.objects.create(page=tools, restriction_type=PageViewRestriction.LOGIN)

    assert not tool_urls & set(sitemap_entries(client, "localhost"))


@pytest.mark.django_db
def test_sitemap_leaves_out_unpublished_pages_print_views_and_feeds(client, demo_site):
    routine = (
        RoutinePage.objects.descendant_of(demo_site.root_page).live().public().order_by("path")
    ).first()
    routine.unpublish()
    urls = set(sitemap_entries(client, "localhost"))

    assert routine.get_full_url() not in urls
    assert not [url for url in urls if "skriv-ut" in url or url.endswith(".ics")]
    guide = GuidePage.objects.descendant_of(demo_site.root_page).get()
    assert guide.get_full_url() in urls


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap_of_the_request_site(client, demo_site):
    annenvik = other_site()
    for site, host in ((demo_site, "localhost"), (annenvik, OTHER_HOST)):
        response = client.get("/robots.txt", HTTP_HOST=host)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert not response.cookies
        lines = response.content.decode().splitlines()
        assert "User-agent: *" in lines
        assert "Allow: /" in lines
        assert "Disallow: /admin/" in lines
        assert "Disallow: /sok/" in lines
        assert f"Sitemap: {site.root_url}/sitemap.xml" in lines
        assert client.get(f"{site.root_url}/sitemap.xml", HTTP_HOST=host).status_code == 200


def head_of(response):
    document = BeautifulSoup(response.content, "html.parser")
    description = document.find("meta", attrs={"name": "description"})
    return (
        document.title.get_text(strip=True) if document.title else "",
        description["content"].strip() if description else "",
    )


@pytest.mark.django_db
def test_every_page_type_has_a_unique_title_with_the_municipality_and_a_description(
    client, demo_site
):
    municipality = ModelIndexPage.objects.get(id=demo_site.root_page_id).municipality_name
    titles = {}
    for name, url in page_type_urls(demo_site).items():
        if name.startswith(EMBED_LABEL):
            continue  # shown in a frame, not found: the model page is its canonical address
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        title, description = head_of(response)
        assert municipality in title, (name, title)
        assert description, (name, url)
        if "?tjeneste=" not in url:  # the guide for one service is the same page, marked
            titles[name] = title

    not_found = client.get("/finnes-ikke/")
    assert not_found.status_code == 404
    title, description = head_of(not_found)
    assert municipality in title
    assert description
    titles["404"] = title

    duplicates = {t for t in titles.values() if list(titles.values()).count(t) > 1}
    assert not duplicates, {name: t for name, t in titles.items() if t in duplicates}


@pytest.mark.django_db
def test_a_page_without_summary_is_described_by_what_it_is(client, example_site):
    plan = PlanPage.objects.get(exchange_id="handlingsplan-2025")
    plan.summary = ""
    plan.save_revision().publish()

    title, description = head_of(client.get(plan.url))
    assert title == f"{plan.title} – Eksempelvik kommune"
    assert description == f"Plan i samhandlingsmodellen til Eksempelvik kommune: {plan.title}."


@pytest.mark.django_db
def test_search_description_wins_over_summary(client, example_site):
    plan = PlanPage.objects.get(exchange_id="handlingsplan-2025")
    plan.search_description = "Kort beskrivelse for søkemotorer."
    plan.save_revision().publish()

    assert head_of(client.get(plan.url))[1] == "Kort beskrivelse for søkemotorer."


@pytest.mark.django_db
def test_only_internal_pages_and_filtered_views_ask_not_to_be_indexed(client, employee):
    other_site(hostname=None)
    public = RoutinePage.objects.get(exchange_id="apen-rutine")
    internal = RoutinePage.objects.get(exchange_id="intern-rutine")
    measures = MeasureIndexPage.objects.get()

    def robots(url):
        tag = BeautifulSoup(client.get(url).content, "html.parser").find(
            "meta", attrs={"name": "robots"}
        )
        return tag["content"] if tag else None

    assert robots("/") is None
    assert robots(public.url) is None
    assert robots(measures.url) is None
    assert robots(measures.url + "?malgruppe=barn") == "noindex, follow"
    client.force_login(employee)
    assert robots(public.url) is None
    assert robots(internal.url) == "noindex"


@pytest.mark.django_db
def test_sitemap_of_an_unknown_host_is_the_default_sites(client, demo_site):
    other_site()
    assert set(sitemap_entries(client, "ukjent.example")) == set(
        sitemap_entries(client, "localhost")
    )
    assert Site.objects.get(is_default_site=True) == demo_site
