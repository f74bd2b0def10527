""" "Bekymret for et barn?": the citizens' page, its entry on the model page, the default pages."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Revision, Site

import pytest

from models_app.changelog.models import ChangeLogPage
from models_app.citizen.models import AccessibilityPage, ConcernPage
from models_app.core.models import DEFAULT_REPORT_CONCERN_URL, MunicipalitySettings
from models_app.model.models import ModelIndexPage
from models_app.municipalities import default_pages
from models_app.services.models import ServicePage
from tests.factories import demo_document, example_document, imported
from tests.helpers import soup


def concern_page():
    return ConcernPage.objects.get()


def tel_links(html):
    return {a["href"] for a in html.select('a[href^="tel:"]')}


def emergency_box(html):
    box = html.select_one(".emergency")
    assert box is not None
    return box


def service(exchange_id):
    return ServicePage.objects.get(exchange_id=exchange_id)


def set_contacts(page, services):
    page.contacts = [("service", s) for s in services]
    page.save_revision().publish()


# -- the concern page --------------------------------------------------------------------------


@pytest.mark.django_db
def test_concern_page_shows_the_emergency_numbers_and_the_report_address(example_site, client):
    html = soup(client.get(concern_page().url))
    box = emergency_box(html)

    assert {"tel:112", "tel:116111"} <= tel_links(box)
    assert "112" in box.get_text() and "116 111" in box.get_text()
    assert "Alarmtelefonen for barn og unge" in box.get_text()
    report = box.select_one(".emergency__report a")
    assert report["href"] == DEFAULT_REPORT_CONCERN_URL
    assert report.get_text(strip=True) == "Meld bekymring til barnevernet"


@pytest.mark.django_db
def test_the_per_site_setting_changes_the_report_address_and_adds_the_barnevernvakt(
    example_site, client
):
    settings = MunicipalitySettings.for_site(example_site)
    settings.report_concern_url = "https://meld.eksempelvik.example/bekymring"
    settings.child_welfare_emergency_phone = "+47 800 12 345"
    settings.save()

    box = emergency_box(soup(client.get(concern_page().url)))

    assert box.select_one(".emergency__report a")["href"] == settings.report_concern_url
    assert DEFAULT_REPORT_CONCERN_URL not in str(box)
    assert "tel:+4780012345" in tel_links(box)
    assert "+47 800 12 345" in box.get_text()


@pytest.mark.django_db
def test_no_barnevernvakt_line_without_a_phone_in_the_setting(example_site, client):
    box = emergency_box(soup(client.get(concern_page().url)))
    assert tel_links(box) == {"tel:112", "tel:116111"}


@pytest.mark.django_db
def test_concern_page_lists_the_chosen_services_with_their_contact_details(example_site, client):
    helsestasjon = service("helsestasjon")
    html = soup(client.get(concern_page().url))

    contacts = html.select(".concern-contact")
    titles = [c.select_one(".concern-contact__title").get_text(strip=True) for c in contacts]
    assert titles == ["Barnevernstjenesten", "Helsestasjon og skolehelsetjeneste"]
    details = contacts[1]
    assert details.select_one(".concern-contact__title a")["href"] == helsestasjon.url
    assert "tel:+4799999999" in tel_links(details)
    assert details.select_one('a[href="mailto:helsestasjon@eksempelvik.kommune.no"]')
    assert helsestasjon.opening_hours in details.get_text()


@pytest.mark.django_db
def test_concern_page_has_no_form_and_asks_for_nothing(example_site, client):
    response = client.get(concern_page().url)
    main = soup(response).select_one("main")

    assert main.select("form, input, textarea, select, button") == []
    assert not response.cookies


@pytest.mark.django_db
def test_internal_and_unpublished_services_never_reach_anonymous_visitors(
    example_site, client, employee
):
    barnevern = service("barnevern")
    PageViewRestriction.objects.create(page=barnevern, restriction_type=PageViewRestriction.LOGIN)
    helsestasjon = service("helsestasjon")
    helsestasjon.unpublish()

    anonymous = soup(client.get(concern_page().url))
    assert anonymous.select(".concern-contact") == []
    assert not anonymous.select_one(f'a[href="{barnevern.url}"]')
    assert "Helsestasjon og skolehelsetjeneste" not in str(anonymous)
    fallback = anonymous.select_one('main a[href="https://www.eksempelvik.kommune.no"]')
    assert fallback.parent.get_text(strip=True).startswith("Kontakt kommunen:")

    client.force_login(employee)
    signed_in = soup(client.get(concern_page().url))
    titles = [t.get_text(strip=True) for t in signed_in.select(".concern-contact__title")]
    assert titles == ["Barnevernstjenesten"]


@pytest.mark.django_db
def test_concern_page_costs_the_same_queries_with_one_or_many_contacts(example_site, client):
    page = concern_page()

    def queries():
        client.get(page.url)  # warm per-process caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page.url).status_code == 200
        return len(captured)

    set_contacts(page, [service("barnevern")])
    one = queries()
    set_contacts(page, list(ServicePage.objects.order_by("path")))
    many = queries()
    assert one == many


# -- the model page's entry and the footer -----------------------------------------------------


@pytest.mark.django_db
def test_model_page_leads_to_the_concern_page_with_the_numbers_in_view(example_site, client):
    html = soup(client.get("/"))
    entry = html.select_one(".concern-entry")

    assert entry is not None
    assert entry.select_one("h2").get_text(strip=True) == "Bekymret for et barn?"
    assert entry.select_one(f'a[href="{concern_page().url}"]')
    assert {"tel:112", "tel:116111"} <= tel_links(entry)
    # Near the top: before the grid.
    assert str(html).index("concern-entry") < str(html).index('class="model-grid"')


@pytest.mark.django_db
def test_concern_page_is_in_the_footer_and_not_in_the_section_navigation(example_site, client):
    html = soup(client.get("/"))
    url = concern_page().url
    assert html.select_one(f'.site-footer a[href="{url}"]')
    assert not html.select_one(f'.site-nav a[href="{url}"]')


@pytest.mark.django_db
def test_model_page_query_count_does_not_depend_on_the_concern_page(example_site, client):
    def queries():
        client.get("/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    with_pages = queries()
    for page in (concern_page(), AccessibilityPage.objects.get(), ChangeLogPage.objects.get()):
        page.unpublish()
    assert queries() == with_pages


# -- the default pages -------------------------------------------------------------------------


def default_page_state():
    return (Page.objects.count(), Revision.objects.count())


@pytest.mark.django_db
def test_importing_the_demo_creates_the_three_default_pages_once(db):
    site = imported(demo_document()).site
    root = site.root_page
    for model, slug in (
        (ConcernPage, "bekymret-for-et-barn"),
        (AccessibilityPage, "tilgjengelighetserklaering"),
        (ChangeLogPage, "endringslogg"),
    ):
        page = model.objects.child_of(root).get()
        assert page.live and page.slug == slug and not page.show_in_menus
        assert page.summary
    before = default_page_state()

    report = imported(demo_document())

    assert (report.added, report.changed, report.unpublished) == ([], [], [])
    assert default_page_state() == before
    assert ConcernPage.objects.count() == AccessibilityPage.objects.count() == 1
    assert ChangeLogPage.objects.count() == 1
    # Contacts: the services a citizen would call, most relevant first.
    titles = [s.title for s in concern_page().contact_pages]
    assert titles == [
        "Barnevernstjenesten",
        "Helsestasjon og skolehelsetjeneste",
        "Familiesenteret",
    ]


@pytest.mark.django_db
def test_existing_default_pages_are_never_touched(example_site):
    page = concern_page()
    page.title = "Er du urolig for et barn?"
    page.contacts = []
    page.save_revision().publish()
    AccessibilityPage.objects.get().delete()
    before = Revision.objects.filter(object_id=str(page.pk)).count()

    imported(example_document())

    page.refresh_from_db()
    assert page.title == "Er du urolig for et barn?" and page.contact_pages == []
    assert Revision.objects.filter(object_id=str(page.pk)).count() == before
    assert AccessibilityPage.objects.count() == 1  # a missing one is made again


@pytest.mark.django_db
def test_a_nynorsk_model_gets_nynorsk_starter_text(client):
    document = example_document()
    document["language"] = "nn"
    site = imported(document, hostname="nynorsk.example").site
    root = site.root_page

    concern = ConcernPage.objects.child_of(root).get()
    assert concern.title == "Bekymra for eit barn?"
    assert "Barnevernstenesta" in concern.what_happens_next
    assert "ikkje" in concern.what_you_can_do
    statement = AccessibilityPage.objects.child_of(root).get()
    assert statement.title == "Tilgjengelegheitserklæring"
    assert "nettstaden" in statement.body
    assert ChangeLogPage.objects.child_of(root).get().summary.startswith("Dette er endra")

    html = soup(client.get(concern.url, HTTP_HOST="nynorsk.example"))
    assert html.html["lang"] == "nn"
    box = emergency_box(html)
    assert box.select_one(".emergency__title").get_text(strip=True) == "Treng du hjelp no?"
    assert "gratis, open heile døgnet" in box.get_text()


@pytest.mark.django_db
def test_a_bokmal_model_gets_bokmal_starter_text(example_site):
    concern = concern_page()
    assert concern.title == "Bekymret for et barn?"
    assert "Barnevernstjenesten" in concern.what_happens_next
    assert concern.slug == default_pages.CONCERN_SLUG


@pytest.mark.django_db
def test_internal_services_are_not_chosen_as_default_contacts(example_site):
    model_page = ModelIndexPage.objects.get()
    barnevern = service("barnevern")
    PageViewRestriction.objects.create(page=barnevern, restriction_type=PageViewRestriction.LOGIN)
    assert default_pages.default_contacts(model_page) == [service("helsestasjon")]


@pytest.mark.django_db
def test_every_site_gets_its_own_default_pages(example_site):
    other = imported(example_document(), hostname="annen.example").site
    for site in Site.objects.filter(pk__in=[example_site.pk, other.pk]):
        assert ConcernPage.objects.child_of(site.root_page).count() == 1
        assert AccessibilityPage.objects.child_of(site.root_page).count() == 1
