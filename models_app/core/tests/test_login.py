"""Employees' login: a visible way in from every page, and internal content in place, marked."""

from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from wagtail.models import Page, PageViewRestriction

import pytest

from models_app.routines.models import RoutineIndexPage, RoutinePage
from tests.demo_pages import page_type_urls
from tests.helpers import soup

PASSWORD = "hemmelig-passord-1"  # the conftest employee's
INTERNAL_ROUTINE = "stafettlogg-dokumentasjon"


def login_link(document):
    return document.select_one("header .site-account__login")


def routines(site):
    section = RoutineIndexPage.objects.descendant_of(site.root_page).get()
    internal = RoutinePage.objects.descendant_of(section).get(exchange_id=INTERNAL_ROUTINE)
    return section, internal


@pytest.mark.django_db
def test_the_header_has_the_login_link_back_to_the_current_page(client, demo_site):
    section, _internal = routines(demo_site)
    for path in ("/", section.url, "/sok/?q=rutine"):
        document = soup(client.get(path))
        link = login_link(document)
        assert link.get_text(strip=True) == "Logg inn for ansatte"
        parts = urlsplit(link["href"])
        assert parts.path == reverse("employee_login")
        assert parse_qs(parts.query)["next"] == [path]
        # One way in, in the header: the footer no longer has its own.
        assert len(document.find_all("a", href=link["href"])) == 1
        assert not document.select("footer a[href^='/admin/login/']")
        assert document.select_one(".site-account__form") is None


@pytest.mark.django_db
def test_logging_in_from_the_link_comes_back_to_the_page(client, demo_site, employee):
    section, internal = routines(demo_site)
    href = login_link(soup(client.get(section.url)))["href"]
    assert client.get(href).status_code == 200  # the login form

    response = client.post(href, {"username": "ansatt", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == section.url
    document = soup(client.get(section.url))
    assert login_link(document) is None
    account = document.select_one("header .site-account")
    assert "Innlogget som ansatt" in account.get_text(" ", strip=True)
    assert internal.title in document.select_one("main").get_text(" ", strip=True)


@pytest.mark.django_db
def test_a_restricted_page_sends_to_the_login_and_back(client, demo_site, employee):
    _section, internal = routines(demo_site)
    response = client.get(internal.url)
    assert response.status_code == 302
    login_url = response["Location"]
    assert parse_qs(urlsplit(login_url).query)["next"] == [internal.url]

    response = client.post(login_url, {"username": "ansatt", "password": PASSWORD})

    assert response["Location"] == internal.url
    assert client.get(internal.url).status_code == 200


@pytest.mark.django_db
def test_anonymous_visitors_do_not_see_the_internal_routine(client, demo_site):
    section, internal = routines(demo_site)
    main = soup(client.get(section.url)).select_one("main")
    assert internal.title not in main.get_text(" ", strip=True)
    assert not main.find("a", href=internal.url)
    assert not main.select(".badge--internal")


@pytest.mark.django_db
def test_employees_see_the_internal_routine_in_place_marked_as_internal(
    client, demo_site, employee
):
    section, internal = routines(demo_site)
    client.force_login(employee)

    item = soup(client.get(section.url)).select_one("main").find("a", href=internal.url)
    assert item is not None
    entry = item.find_parent("li")
    assert entry.select_one(".badge--internal").get_text(strip=True) == "Intern"

    page = soup(client.get(internal.url))
    assert page.select_one("main .badge--page").get_text(strip=True) == ("Intern – kun for ansatte")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


@pytest.mark.django_db
def test_the_logged_in_header_logs_out_with_a_post_and_stays_on_the_page(
    client, demo_site, employee
):
    section, internal = routines(demo_site)
    client.force_login(employee)

    form = soup(client.get(section.url)).select_one("header form.site-account__form")
    assert form["method"] == "post"
    assert form["action"] == reverse("employee_logout")
    assert form.select_one("input[name=csrfmiddlewaretoken]")
    assert form.select_one("input[name=next]")["value"] == section.url
    assert form.select_one("button[type=submit]").get_text(strip=True) == "Logg ut"
    # On an internal page, logging out goes to the model instead of to the login.
    internal_form = soup(client.get(internal.url)).select_one("header form.site-account__form")
    assert internal_form.select_one("input[name=next]")["value"] == "/"

    response = client.post(form["action"], {"next": section.url})

    assert response.status_code == 302
    assert response["Location"] == section.url
    assert response.cookies["sessionid"]["max-age"] == 0  # deleted
    assert "messages" not in response.cookies
    del client.cookies["sessionid"]  # as a browser drops an expired cookie
    after = client.get(section.url)
    assert not after.cookies
    assert login_link(soup(after)) is not None
    assert internal.title not in soup(after).select_one("main").get_text(" ", strip=True)


def private_urls():
    restricted = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
    return {
        page.url for page in Page.objects.live() if restricted and page.path.startswith(restricted)
    }


def entry_of(link):
    """The list entry, card or line a link stands in: where its marker belongs."""
    return link.find_parent(["li", "article", "tr"]) or link.parent


@pytest.mark.django_db
def test_every_link_to_an_internal_page_is_marked_for_employees(client, demo_site, employee):
    private = private_urls()
    assert len(private) >= 4
    client.force_login(employee)
    section, internal = routines(demo_site)
    search = "/sok/?q=stafettloggen"
    urls = [*page_type_urls(demo_site).values(), internal.url, search]
    found = {}
    for url in urls:
        main = soup(client.get(url)).select_one("main")
        for link in main.find_all("a", href=True):
            target = urlsplit(link["href"]).path
            if target not in private or target == urlsplit(url).path:
                continue
            found[url] = found.get(url, 0) + 1
            marker = entry_of(link).select_one(".badge--internal")
            assert marker is not None, (url, link["href"], str(entry_of(link))[:300])
            assert marker.get_text(strip=True).startswith("Intern")
    assert found[section.url] == 3
    assert found[search] >= 1
    assert sum(found.values()) >= 10, found
