"""Search (/sok/): one site's visible pages by type; odd queries never fail; nothing stored."""

import logging

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Page

import pytest

from models_app.citizen.models import ConcernPage
from models_app.plans.models import PlanPage
from models_app.routines.models import RoutinePage
from models_app.search.views import MAX_QUERY_CHARS, RESULT_LIMIT
from tests.factories import example_document, imported, scaled_document
from tests.helpers import soup

SEARCH_URL = "/sok/"

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming needs PostgreSQL full-text search"
)


def searchable_document(name="Søkvik kommune", language="nb"):
    """The small example model with a public and an internal routine and a plan whose words
    occur nowhere else."""
    document = example_document()
    document["municipality"]["name"] = name
    document["language"] = language
    document["routines"] = [
        {
            "id": "zebrarutine",
            "title": "Zebrarutine for overgang",
            "summary": "Slik følger vi opp sjiraffbarn når de bytter skole (pelikan).",
            "steps": ["Kall inn til flamingomøte.", "Skriv referat."],
        },
        {
            "id": "hemmelig-rutine",
            "title": "Kameleonrutine for ansatte",
            "summary": "Intern gjennomgang av kameleonsaker.",
            "audience": "internal",
        },
    ]
    document["plans"] = [
        *document.get("plans", []),
        {
            "id": "okapiplan",
            "title": "Okapiplan",
            "summary": "En plan for okapiområdet (pelikan).",
            "body": "Planen beskriver en rutine for samarbeid om okapiene.",
        },
    ]
    return document


@pytest.fixture
def search_site(db):
    return imported(searchable_document()).site


def get(client, query=None, **extra):
    return client.get(SEARCH_URL, {} if query is None else {"q": query}, **extra)


def result_titles(response):
    return [a.get_text(strip=True) for a in soup(response).select(".search-result__title")]


def group_headings(response):
    return {
        section.h2["id"].removeprefix("results-"): section.h2.get_text(" ", strip=True)
        for section in soup(response).select("section.search-group")
    }


def assert_search_form(response):
    forms = soup(response).select('form[role="search"]')
    assert len(forms) == 1
    form = forms[0]
    assert form["action"] == SEARCH_URL
    assert form["method"] == "get"
    field = form.select_one('input[name="q"]')
    assert field["type"] == "search"
    label = form.select_one(f'label[for="{field["id"]}"]')
    assert label is not None and label.get_text(strip=True)
    assert form.select_one('button[type="submit"]').get_text(strip=True)


# The form ----------------------------------------------------------------------------------


def test_every_page_has_the_search_form(client, search_site):
    assert_search_form(client.get("/"))
    routine = RoutinePage.objects.get(exchange_id="zebrarutine")
    assert_search_form(client.get(routine.url))
    assert_search_form(get(client, "zebrarutine"))


def test_search_page_keeps_the_query_in_the_form(client, search_site):
    response = get(client, "okapiplan")
    assert soup(response).select_one('input[name="q"]')["value"] == "okapiplan"


# Finding ------------------------------------------------------------------------------------


def test_finds_by_title(client, search_site):
    assert result_titles(get(client, "Okapiplan")) == ["Okapiplan"]


def test_finds_by_summary_body_and_steps(client, search_site):
    assert result_titles(get(client, "sjiraffbarn")) == ["Zebrarutine for overgang"]
    assert result_titles(get(client, "okapiene")) == ["Okapiplan"]
    assert result_titles(get(client, "flamingomøte")) == ["Zebrarutine for overgang"]


def test_any_word_may_match_and_more_matching_words_rank_first(client, search_site):
    titles = result_titles(get(client, "Okapiplan sjiraffbarn"))
    assert set(titles) == {"Okapiplan", "Zebrarutine for overgang"}
    assert result_titles(get(client, "pelikan okapiene"))[0] == "Okapiplan"


@postgresql_only
def test_inflected_form_finds_the_base_form_on_postgresql(client, search_site):
    """The plan says only "rutine"; PostgreSQL's Norwegian stemmer finds it for "rutiner"."""
    plan = PlanPage.objects.get(exchange_id="okapiplan")
    assert "rutiner" not in f"{plan.title} {plan.summary} {plan.body}"
    assert "Okapiplan" in result_titles(get(client, "rutiner"))
    assert "Okapiplan" in result_titles(get(client, "okapiplanene"))


def test_results_are_grouped_by_type_with_plural_headings(client, search_site):
    response = get(client, "overgang")
    headings = group_headings(response)
    with translation.override("nb"):
        routines = str(RoutinePage._meta.verbose_name_plural).capitalize()
    assert headings["routinepage"] == f"{routines} (1)"
    assert "Zebrarutine for overgang" in result_titles(response)
    summaries = [p.get_text(strip=True) for p in soup(response).select(".search-result__summary")]
    assert "Slik følger vi opp sjiraffbarn når de bytter skole (pelikan)." in summaries


def test_unpublished_pages_are_never_found(client, employee, search_site):
    PlanPage.objects.get(exchange_id="okapiplan").unpublish()
    client.force_login(employee)
    assert result_titles(get(client, "Okapiplan")) == []


def test_results_are_cut_at_the_limit_with_a_note(client, search_site, monkeypatch):
    monkeypatch.setattr("models_app.search.views.RESULT_LIMIT", 1)
    response = get(client, "pelikan")
    assert len(result_titles(response)) == 1
    note = soup(response).select_one(".search-summary").get_text(" ", strip=True)
    assert "1" in note and "2" in note
    monkeypatch.setattr("models_app.search.views.RESULT_LIMIT", RESULT_LIMIT)
    assert len(result_titles(get(client, "pelikan"))) == 2


# Who sees what ------------------------------------------------------------------------------


def result_links(response):
    return [a["href"] for a in soup(response).select(".search-result__title")]


def test_anonymous_visitors_never_see_internal_pages(client, search_site):
    internal = RoutinePage.objects.get(exchange_id="hemmelig-rutine")
    for query in ("Kameleonrutine", "kameleonsaker", "rutine ansatte"):
        response = get(client, query)
        assert "Kameleonrutine for ansatte" not in result_titles(response)
        assert internal.url not in response.content.decode()


def test_only_employees_see_the_demos_internal_pages(client, employee, demo_site):
    internal = Page.objects.filter(
        title__in=["Dokumentasjon i stafettloggen", "Sjekkliste ved bekymringsfullt fravær"]
    )
    internal_urls = {page.url for page in internal}
    assert len(internal_urls) == 2
    queries = ("stafettloggen", "dokumentasjon", "sjekkliste", "fravær")
    for query in queries:
        assert not internal_urls & set(result_links(get(client, query)))

    client.force_login(employee)
    found = set()
    for query in queries:
        response = get(client, query)
        for item in soup(response).select(".search-result"):
            href = item.select_one(".search-result__title")["href"]
            if href in internal_urls:
                assert item.select_one(".badge--internal"), href
                found.add(href)
    assert found == internal_urls

    # Each type once, the group of the best result first.
    response = get(client, "samtykke")
    headings = group_headings(response)
    assert {"routinepage", "toolpage"} <= set(headings)
    first = soup(response).select_one("section.search-group")
    assert first.select_one(".search-result__title") is not None


def test_no_results_from_another_site(client, search_site):
    other = searchable_document(name="Andrevik kommune")
    other["plans"][-1]["title"] = "Tapirplan"
    imported(other, hostname="other.example")

    here = result_titles(get(client, "Tapirplan"))
    there = result_titles(get(client, "Tapirplan", HTTP_HOST="other.example"))
    assert here == []
    assert there == ["Tapirplan"]
    # The same routine exists on both sites: each site finds only its own.
    own = soup(get(client, "Zebrarutine", HTTP_HOST="other.example"))
    links = [a["href"] for a in own.select(".search-result__title")]
    assert len(links) == 1
    assert "Andrevik kommune" in own.title.get_text()


# Empty, no-result and strange queries --------------------------------------------------------


def test_empty_query_helps(client, search_site):
    response = get(client)
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Søk"
    assert page.title.get_text(strip=True).startswith("Søk –")
    concern = ConcernPage.objects.first()
    if concern:
        assert page.select_one(f'.search-concern a[href="{concern.url}"]')
    section_links = {a["href"] for a in page.select(".search-sections a")}
    assert "/" in section_links
    assert len(section_links) > 3
    assert not page.select(".search-result")


def test_no_results_suggest_what_to_do(client, search_site):
    response = get(client, "qwxzqwxz")
    assert response.status_code == 200
    page = soup(response)
    assert "qwxzqwxz" in page.h1.get_text()
    assert page.select(".search-tips li")
    assert page.select(".search-sections a")
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"


STRANGE_QUERIES = [
    "",
    "   ",
    "\t\n",
    '"',
    "'",
    "\"unclosed 'quotes",
    "&|!:*()'",
    "a & b | !c",
    "rutine:*",
    "(((",
    "NOT AND OR NEAR",
    "'; DROP TABLE wagtailcore_page; --",
    "1' OR '1'='1",
    "%s %% %(x)s {0}",
    "\\",
    "bar\x00nehage",
    "\x00",
    "😀 🧒👨‍👩‍👧",
    "barn 😀",
    "og",  # a stop word only
    "ÆØÅ æøå",
    "-",
    "x" * 10_000,
    "barnehage " * 1000,
]


def test_strange_queries_never_fail(client, employee, search_site):
    for logged_in in (False, True):
        if logged_in:
            client.force_login(employee)
        for query in STRANGE_QUERIES:
            response = get(client, query)
            assert response.status_code == 200, repr(query[:40])
            assert soup(response).h1, repr(query[:40])


def test_long_queries_are_cut(client, search_site):
    response = get(client, "barnehage " * 1000)
    page = soup(response)
    assert len(page.select_one('input[name="q"]')["value"]) <= MAX_QUERY_CHARS
    assert page.select_one(".search-note")


# Privacy and cost ---------------------------------------------------------------------------


def test_searching_stores_nothing(client, search_site, caplog):
    caplog.set_level(logging.DEBUG)
    with CaptureQueriesContext(connection) as queries:
        response = get(client, "pelikan")
    assert response.status_code == 200
    statements = [query["sql"].lstrip().split()[0].upper() for query in queries]
    assert set(statements) == {"SELECT"}
    assert not any("pelikan" in record.getMessage() for record in caplog.records)
    if apps.is_installed("wagtail.contrib.search_promotions"):
        from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

        assert not Query.objects.exists()
        assert not QueryDailyHits.objects.exists()


def test_no_cookie_for_anonymous_visitors(client, search_site):
    assert len(result_titles(get(client, "pelikan"))) == 2
    for query in (None, "pelikan", "qwxzqwxz"):
        response = get(client, query)
        assert not response.cookies
        assert "Set-Cookie" not in response.headers


def query_count(client, query, host):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SEARCH_URL, {"q": query}, HTTP_HOST=host)
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_model(client, db):
    imported(scaled_document(1), hostname="small.example")
    imported(scaled_document(4), hostname="large.example")
    get(client, "", HTTP_HOST="small.example")  # Wagtail caches the sites' root paths once
    for query in ("Tiltak", "Rutine", "qwxzqwxz", ""):
        small = query_count(client, query, "small.example")
        large = query_count(client, query, "large.example")
        assert small == large, query


# Language -----------------------------------------------------------------------------------


def test_nynorsk_site_searches_in_nynorsk(client, search_site):
    imported(searchable_document(name="Nynorskvik kommune", language="nn"), hostname="nn.example")
    response = get(client, "qwxzqwxz", HTTP_HOST="nn.example")
    page = soup(response)
    assert page.html["lang"] == "nn"
    assert "Søkjeresultat" in page.h1.get_text()
    bokmal = soup(get(client, "qwxzqwxz"))
    assert bokmal.html["lang"] == "nb"
    assert "Søkeresultat" in bokmal.h1.get_text()


# In a real browser ---------------------------------------------------------------------------


@pytest.mark.browser
def test_search_by_keyboard_at_320_px(browser, live_server, wagtail_root):
    imported(searchable_document())
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        field = page.get_by_role("searchbox", name="Søk i modellen")
        for _ in range(10):  # Tab from the top of the page until the search field has focus
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.name") == "q":
                break
        assert page.evaluate("document.activeElement.name") == "q"
        page.keyboard.type("pelikan")
        page.keyboard.press("Enter")
        page.wait_for_url("**/sok/?q=pelikan")
        assert page.locator("h1").inner_text() == "Søkeresultat for «pelikan»"
        assert page.locator(".search-result__title").count() == 2
        assert field.input_value() == "pelikan"
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    finally:
        context.close()
