"""What visitors see: the clickable grid, element pages, usage, privacy and escaping."""

from wagtail.models import Site

import pytest

from models_app.model.models import ElementPage
from models_app.plans.models import PlanPage
from models_app.routines.models import RoutinePage
from models_app.tools.models import ToolPage
from tests.factories import CELLS, example_document, imported, sized_document
from tests.helpers import count_queries, soup


@pytest.mark.django_db
def test_grid_shows_six_cells_with_their_elements_in_order(client):
    document = sized_document(18)
    imported(document)
    page = soup(client.get("/"))

    cells = page.select("[data-level][data-dimension]")
    assert [(c["data-level"], c["data-dimension"]) for c in cells] == CELLS
    for cell in cells:
        wanted = [
            e
            for e in document["elements"]
            if (e["level"], e["dimension"]) == (cell["data-level"], cell["data-dimension"])
        ]
        links = cell.select("a.element-link")
        assert [a.get_text(strip=True) for a in links] == [e["title"] for e in wanted]
        for link, element in zip(links, wanted, strict=True):
            assert link["href"] == ElementPage.objects.get(exchange_id=element["id"]).url


@pytest.mark.django_db
def test_grid_names_levels_and_dimensions(client):
    imported(example_document())
    page = soup(client.get("/"))
    text = page.get_text(" ", strip=True)
    for title in ("Kommunenivå", "Tjenestenivå", "Individnivå"):
        assert title in text
    assert (
        page.select_one('[data-level="etat"][data-dimension="struktur"] a').get_text(strip=True)
        == "Tverrfaglig team"
    )


@pytest.mark.django_db
def test_element_page_shows_everything_about_the_element(client):
    document = example_document()
    document["elements"][3]["review"] = {"last_reviewed": "2026-02-01", "interval_months": 12}
    imported(document)
    element = ElementPage.objects.get(exchange_id="samtykke")
    text = soup(client.get(element.url)).get_text(" ", strip=True)
    for expected in (
        "Felles samtykkeskjema",
        "Individnivå",
        "Samtykke til samarbeid",
        "2026",
        "Undring",
    ):
        assert expected in text
    assert soup(client.get(element.url)).find("a", href="/#element-samtykke") is not None


@pytest.mark.django_db
def test_linked_page_shows_where_it_is_used(client):
    imported(example_document())
    plan = PlanPage.objects.get(exchange_id="handlingsplan-2025")
    page = soup(client.get(plan.url))
    element = ElementPage.objects.get(exchange_id="handlingsplan-tidlig-innsats")
    assert page.find("a", href=element.url) is not None


@pytest.mark.django_db
def test_internal_content_is_invisible_to_anonymous_visitors(client, employee):
    document = example_document()
    document["tools"][0]["audience"] = "internal"
    document["tools"][0]["title"] = "Hemmelig skjema"
    document["elements"][1]["audience"] = "internal"
    document["elements"][1]["title"] = "Internt element"
    imported(document)
    tool = ToolPage.objects.get(exchange_id="samtykkeskjema")
    element = ElementPage.objects.get(exchange_id="samtykke")

    for url in ("/", element.url, tool.get_parent().url):
        html = client.get(url).content.decode()
        assert "Hemmelig skjema" not in html
        assert "Internt element" not in html
    assert client.get(tool.url).status_code == 302

    client.force_login(employee)
    assert "Internt element" in client.get("/").content.decode()
    assert "Hemmelig skjema" in client.get(element.url).content.decode()
    assert client.get(tool.url).status_code == 200


@pytest.mark.django_db
def test_html_in_texts_is_shown_as_text(client):
    document = example_document()
    document["elements"][0]["title"] = "<script>alert(1)</script>Tittel"
    document["elements"][0]["summary"] = "<b>fet</b> sammendrag"
    document["elements"][0]["body"] = 'Tekst <img src=x onerror="alert(1)"> og **sterk**'
    document["elements"][0]["links"] = [{"url": "https://example.org/", "title": "<i>A</i> & B"}]
    imported(document)
    element = ElementPage.objects.get(exchange_id="forankring-i-ledelsen")
    for url in ("/", element.url):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert "<b>fet</b>" not in html
        assert "<i>A</i>" not in html
        assert "&lt;i&gt;A&lt;/i&gt; &amp; B" in html  # a link in the grid's panel, and below
    grid = client.get("/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Tittel" in grid  # the grid writes its own markup
    assert "&lt;b&gt;fet&lt;/b&gt; sammendrag" in grid
    html = client.get(element.url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Tittel" in html
    assert "<b>sterk</b>" in html


@pytest.mark.django_db
def test_internal_routine_is_not_listed_for_anonymous_visitors(client, employee):
    document = example_document()
    document["routines"] = [
        {"id": "melding", "title": "Rutine for melding", "audience": "internal"},
        {"id": "overgang", "title": "Rutine for overgang"},
    ]
    imported(document)
    section = RoutinePage.objects.get(exchange_id="melding").get_parent()
    html = client.get(section.url).content.decode()
    assert "Rutine for overgang" in html
    assert "Rutine for melding" not in html


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_model(client):
    imported(sized_document(10, "Litenvik kommune"), hostname="liten.example")
    imported(sized_document(300, "Storvik kommune"), hostname="stor.example")
    counts = {}
    for host in ("liten.example", "stor.example"):
        root = Site.objects.get(hostname=host).root_page
        element = ElementPage.objects.descendant_of(root).get(exchange_id="element-3")
        level = element.get_parent()
        for name, page in (("model", root), ("level", level), ("element", element)):
            path = page.get_url_parts()[2]
            client.get(path, HTTP_HOST=host)  # warm per-process caches
            counts[(name, host)] = count_queries(client, path, host)
    for name in ("model", "level", "element"):
        assert counts[(name, "liten.example")] == counts[(name, "stor.example")], counts


@pytest.mark.django_db
def test_interface_speaks_the_municipality_language(client):
    document = example_document()
    document["language"] = "nn"
    imported(document, hostname="nynorsk.example")
    imported(example_document(), hostname="bokmal.example")

    nynorsk = soup(client.get("/", HTTP_HOST="nynorsk.example"))
    bokmal = soup(client.get("/", HTTP_HOST="bokmal.example", HTTP_ACCEPT_LANGUAGE="nn"))

    assert nynorsk.html["lang"] == "nn"
    assert bokmal.html["lang"] == "nb"
    assert nynorsk.select_one(".skip-link").get_text(strip=True) == "Hopp til hovudinnhald"
    assert bokmal.select_one(".skip-link").get_text(strip=True) == "Hopp til hovedinnhold"
    nav = [a.get_text(strip=True) for a in nynorsk.select(".site-nav a")]
    assert "Tenester" in nav


@pytest.mark.django_db
def test_public_pages_send_a_strict_content_security_policy_and_no_cookies(client):
    imported(example_document())
    element = ElementPage.objects.get(exchange_id="samtykke")
    for url in ("/", element.url):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert not response.cookies
