"""The tilgjengelighetserklæring: an editable page, linked from the footer of every page."""

from wagtail.models import Page, PageViewRestriction, Site

import pytest
from bs4 import BeautifulSoup

from models_app.citizen.models import AccessibilityPage
from models_app.model.models import ModelIndexPage
from models_app.municipalities.default_pages import feedback_contact, texts_for
from models_app.services.models import ServiceIndexPage, ServicePage
from tests.factories import demo_document, imported
from tests.helpers import soup


def statement():
    return AccessibilityPage.objects.get()


def footer_links(response):
    # Also the 404 page's footer: not `soup`, which wants a 200.
    document = BeautifulSoup(response.content, "html.parser")
    return [a["href"] for a in document.select(".site-footer a[href]")]


@pytest.fixture
def demo(db):
    return imported(demo_document()).site


@pytest.mark.django_db
def test_every_page_of_the_demo_links_the_statement_in_its_footer(demo, client, employee):
    url = statement().url
    root = Site.objects.get(is_default_site=True).root_page
    pages = Page.objects.descendant_of(root, inclusive=True).live().public().specific()
    paths = [page.url for page in pages]
    guide = Page.objects.get(slug="handlingsveileder")
    paths += [guide.url + "skriv-ut/", "/samhandlingsarenaer/arshjul/"]
    assert len(paths) > 50
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert url in footer_links(response), path

    missing = client.get("/denne-siden-finnes-ikke/")
    assert missing.status_code == 404
    assert url in footer_links(missing)

    client.force_login(employee)
    internal = PageViewRestriction.objects.select_related("page").first()
    response = client.get(internal.page.url)
    assert response.status_code == 200
    assert url in footer_links(response)


@pytest.mark.django_db
def test_statement_starter_text_is_honest_and_names_the_complaint_route(example_site, client):
    page = statement()
    assert page.title == "Tilgjengelighetserklæring"
    html = soup(client.get(page.url))
    text = html.select_one("main").get_text(" ", strip=True)

    assert "WCAG 2.1" in text
    assert "Uutilsynet" in text and "Digitaliseringsdirektoratet" in text
    assert "ennå ikke gått gjennom alt innholdet" in text
    hrefs = {a["href"] for a in html.select("main a[href]")}
    assert "https://www.eksempelvik.kommune.no" in hrefs  # no e-mail in the model: the website
    assert "https://www.uutilsynet.no/" in hrefs
    # Text and links only: nothing loaded from another site.
    assert not html.select("main img, main iframe, main script, main link")
    assert html.select_one('meta[name="description"]')["content"].startswith("Slik arbeider vi")


@pytest.mark.django_db
def test_statement_links_the_published_statement_on_uustatus_when_set(example_site, client):
    page = statement()
    assert "uustatus.no/nb/erklaringer" not in client.get(page.url).content.decode()

    page.statement_url = "https://uustatus.no/nb/erklaringer/publisert/0000-eksempelvik"
    page.body = "<p>Vi har kontrollert nettstedet.</p>"
    page.save_revision().publish()

    html = soup(client.get(page.url))
    main = html.select_one("main")
    assert "Vi har kontrollert nettstedet." in main.get_text()
    link = main.select_one(f'a[href="{page.statement_url}"]')
    assert link is not None
    assert link.get_text(strip=True) == "uustatus.no/nb/erklaringer/publisert/0000-eksempelvik"


@pytest.mark.django_db
def test_an_internal_statement_is_not_linked_for_anonymous_visitors(example_site, client):
    page = statement()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert page.url not in footer_links(client.get("/"))


@pytest.mark.django_db
def test_feedback_goes_to_the_municipality_s_own_e_mail_when_the_model_has_one(example_site):
    model_page = ModelIndexPage.objects.get()
    index = ServiceIndexPage.objects.get()
    index.add_child(
        instance=ServicePage(
            title="Eksempelvik kommune", service_kind="kommune", email="post@eksempelvik.example"
        )
    )
    contact = feedback_contact(model_page, texts_for(model_page))
    assert 'href="mailto:post@eksempelvik.example"' in contact
