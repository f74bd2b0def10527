"""Per-municipality groups: each municipality's editors see and change only their own pages and
documents, tested through the admin."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
)
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest
from bs4 import BeautifulSoup

from models_app.checks.model_check import check_model
from models_app.exchange.exporter import export_document
from models_app.exchange.validation import validate_document
from models_app.model.models import ElementPage, ModelIndexPage
from models_app.municipalities.collections import private_collection, public_collection
from models_app.municipalities.groups import ensure_groups_and_workflow, site_groups
from models_app.services.models import ServicePage
from tests.factories import imported, sized_document
from tests.helpers import member_of


def municipality(name, hostname, element_title):
    document = sized_document(6, name)
    for element in document["elements"]:
        element["title"] = f"{element_title} {element['id']}"
    return imported(document, hostname=hostname).site


@pytest.fixture
def two_sites(db):
    avik = municipality("Avik kommune", "avik.example", "Avikelement")
    bevik = municipality("Bevik kommune", "bevik.example", "Bevikelement")
    return avik, bevik


@pytest.fixture
def avik_editor(two_sites):
    return member_of("Avik kommune – redaktører", "avik-redaktor")


def document_in(collection, title, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return get_document_model().objects.create(
        title=title, collection=collection, file=ContentFile(b"innhold", name=f"{title}.txt")
    )


def edit_links(html, pages):
    return [page.title for page in pages if f"/admin/pages/{page.id}/edit/" in html]


# The groups ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_creates_editor_and_approver_groups_limited_to_the_sites_tree(two_sites):
    avik, _bevik = two_sites
    root = avik.root_page
    editors = Group.objects.get(name="Avik kommune – redaktører")
    approvers = Group.objects.get(name="Avik kommune – modellansvarlig")

    def page_codenames(group):
        return set(
            GroupPagePermission.objects.filter(group=group).values_list(
                "permission__codename", flat=True
            )
        )

    assert page_codenames(editors) == {"add_page", "change_page"}
    assert page_codenames(approvers) == {
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    }
    for group in (editors, approvers):
        assert set(group.page_permissions.values_list("page_id", flat=True)) == {root.id}
        assert group.permissions.filter(codename="access_admin").exists()
        collections = set(
            GroupCollectionPermission.objects.filter(group=group).values_list(
                "collection__name", flat=True
            )
        )
        assert collections == {"Dokumenter – Avik kommune", "Interne dokumenter – Avik kommune"}
        codenames = set(
            GroupCollectionPermission.objects.filter(group=group).values_list(
                "permission__codename", flat=True
            )
        )
        assert codenames == {
            "add_document",
            "change_document",
            "choose_document",
            "add_image",
            "change_image",
            "choose_image",
        }
    assert set(site_groups(root)) == {editors, approvers}
    # The private collection is the login-restricted one the tools section uses.
    assert private_collection(root).get_view_restrictions().exists()


@pytest.mark.django_db
def test_set_up_is_idempotent_and_keeps_what_an_administrator_changed(two_sites):
    avik, _bevik = two_sites
    root = avik.root_page.specific
    counts = (Group.objects.count(), GroupPagePermission.objects.count(), Workflow.objects.count())
    editors = Group.objects.get(name="Avik kommune – redaktører")
    editors.name = "Redaksjonen i Avik"
    editors.save()
    GroupPagePermission.objects.filter(group=editors, permission__codename="add_page").delete()

    assert ensure_groups_and_workflow(avik, root) is None
    imported(sized_document(6, "Avik kommune"), hostname="avik.example")

    assert Group.objects.count() == counts[0]
    assert GroupPagePermission.objects.count() == counts[1] - 1
    assert Workflow.objects.count() == counts[2]
    assert not Group.objects.filter(name="Avik kommune – redaktører").exists()


@pytest.mark.django_db
def test_a_site_made_in_the_admin_for_a_model_page_gets_its_groups(admin_client):
    wagtail_root = Page.get_first_root_node()
    model_page = wagtail_root.add_child(
        instance=ModelIndexPage(title="Modell", municipality_name="Cevik kommune", slug="cevik")
    )
    response = admin_client.post(
        "/admin/sites/new/",
        {"hostname": "cevik.example", "port": "80", "site_name": "C", "root_page": model_page.id},
    )
    assert response.status_code == 302
    assert Site.objects.filter(hostname="cevik.example").exists()

    assert Group.objects.filter(name="Cevik kommune – redaktører").exists()
    assert Group.objects.filter(name="Cevik kommune – modellansvarlig").exists()
    assert Collection.objects.filter(name="Dokumenter – Cevik kommune").exists()


@pytest.mark.django_db
def test_two_municipalities_of_the_same_name_never_share_groups(db):
    imported(sized_document(6, "Dvik kommune"), hostname="dvik.example")
    imported(sized_document(6, "Dvik kommune"), hostname="dvik2.example")
    first = Site.objects.get(hostname="dvik.example").root_page
    second = Site.objects.get(hostname="dvik2.example").root_page

    assert not set(site_groups(first)) & set(site_groups(second))
    assert Group.objects.filter(name="Dvik kommune – redaktører (dvik2.example)").exists()


@pytest.mark.django_db
def test_only_approvers_may_publish(two_sites, avik_editor):
    avik, bevik = two_sites
    approver = member_of("Avik kommune – modellansvarlig", "avik-godkjenner")
    element = ElementPage.objects.descendant_of(avik.root_page).first()

    assert element.permissions_for_user(avik_editor).can_edit()
    assert not element.permissions_for_user(avik_editor).can_publish()
    assert element.permissions_for_user(approver).can_publish()
    other = ElementPage.objects.descendant_of(bevik.root_page).first()
    assert not other.permissions_for_user(approver).can_edit()


# Through the admin --------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_editor_cannot_open_another_municipalitys_page_in_the_admin(
    client, two_sites, avik_editor
):
    avik, bevik = two_sites
    client.force_login(avik_editor)
    own = ElementPage.objects.descendant_of(avik.root_page).first()
    other = ElementPage.objects.descendant_of(bevik.root_page).first()

    assert client.get(f"/admin/pages/{own.id}/edit/").status_code == 200
    response = client.get(f"/admin/pages/{other.id}/edit/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert f"/admin/pages/{other.id}/" not in response["Location"]
    response = client.post(f"/admin/pages/{other.id}/edit/", {"title": "Kapret"})
    assert response.status_code in (302, 403)
    assert Page.objects.get(id=other.id).title == other.title


@pytest.mark.django_db
def test_another_municipalitys_pages_are_not_in_the_explorer_or_admin_search(
    client, two_sites, avik_editor
):
    avik, bevik = two_sites
    client.force_login(avik_editor)
    own_pages = list(Page.objects.descendant_of(avik.root_page, inclusive=True))
    other_pages = list(Page.objects.descendant_of(bevik.root_page, inclusive=True))

    # The explorer starts at the editor's own municipality, and refuses to show the other.
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/admin/pages/{avik.root_page_id}/")
    response = client.get(f"/admin/pages/{bevik.root_page_id}/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert f"/pages/{bevik.root_page_id}/" not in response["Location"]
    listing = client.get(f"/admin/pages/{avik.root_page_id}/").content.decode()
    assert edit_links(listing, own_pages[1:])
    assert edit_links(listing, other_pages) == []

    found = client.get("/admin/pages/search/", {"q": "Bevikelement"}).content.decode()
    assert edit_links(found, other_pages) == []
    found = client.get("/admin/pages/search/", {"q": "Avikelement"}).content.decode()
    assert len(edit_links(found, own_pages)) == 6


@pytest.mark.django_db
def test_an_editor_sees_and_changes_only_the_own_municipalitys_documents(
    client, two_sites, avik_editor, settings, tmp_path
):
    avik, bevik = two_sites
    own = document_in(public_collection(avik.root_page), "Avik-skjema", settings, tmp_path)
    internal = document_in(private_collection(avik.root_page), "Avik-intern", settings, tmp_path)
    other = document_in(public_collection(bevik.root_page), "Bevik-skjema", settings, tmp_path)
    client.force_login(avik_editor)

    listing = client.get("/admin/documents/").content.decode()
    assert "Avik-skjema" in listing and "Avik-intern" in listing
    assert "Bevik-skjema" not in listing
    chooser = client.get("/admin/documents/chooser/").content.decode()
    assert "Avik-skjema" in chooser
    assert "Bevik-skjema" not in chooser

    assert client.get(f"/admin/documents/edit/{own.id}/").status_code == 200
    assert client.get(f"/admin/documents/edit/{internal.id}/").status_code == 200
    response = client.get(f"/admin/documents/edit/{other.id}/")
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert f"/documents/edit/{other.id}/" not in response["Location"]
    client.post(f"/admin/documents/edit/{other.id}/", {"title": "Kapret"})
    other.refresh_from_db()
    assert other.title == "Bevik-skjema"


@pytest.mark.django_db
def test_two_municipalities_of_the_same_name_get_their_own_employee_groups(db):
    imported(sized_document(6, "Dvik kommune"), hostname="dvik.example")
    imported(sized_document(6, "Dvik kommune"), hostname="dvik2.example")
    assert Group.objects.filter(name="Dvik kommune – ansatte").exists()
    assert Group.objects.filter(name="Dvik kommune – ansatte (dvik2.example)").exists()


# Choosers and links across municipalities ---------------------------------------------------


@pytest.mark.django_db
def test_the_page_chooser_offers_only_the_own_municipalitys_pages(client, two_sites, avik_editor):
    avik, bevik = two_sites
    client.force_login(avik_editor)

    browse = client.get("/admin/choose-page/").content.decode()
    assert f"/admin/choose-page/{avik.root_page_id}/" in browse
    assert f"/admin/choose-page/{bevik.root_page_id}/" not in browse
    inside = client.get(f"/admin/choose-page/{bevik.root_page_id}/")
    assert "Bevikelement" not in inside.content.decode()

    found = client.get("/admin/choose-page/search/", {"q": "element"}).content.decode()
    assert "Avikelement" in found
    assert "Bevikelement" not in found

    admin = get_user_model().objects.create_superuser("rot", password="x-y-z-123")
    client.force_login(admin)
    found = client.get("/admin/choose-page/search/", {"q": "element"}).content.decode()
    assert "Avikelement" in found and "Bevikelement" in found


@pytest.mark.django_db
def test_the_document_and_image_choosers_offer_only_the_own_municipalitys(
    client, two_sites, avik_editor, settings, tmp_path
):
    avik, bevik = two_sites
    document_in(public_collection(avik.root_page), "Avik-skjema", settings, tmp_path)
    document_in(public_collection(bevik.root_page), "Bevik-skjema", settings, tmp_path)
    for collection, title in (
        (public_collection(avik.root_page), "Avik-bilde"),
        (public_collection(bevik.root_page), "Bevik-bilde"),
    ):
        get_image_model().objects.create(
            title=title, collection=collection, file=get_test_image_file(), width=1, height=1
        )
    client.force_login(avik_editor)
    for url in ("/admin/documents/chooser/", "/admin/images/chooser/"):
        for params in ({}, {"q": "skjema bilde"}):
            html = client.get(url, params).content.decode()
            assert "Bevik-" not in html, (url, params)
    assert "Avik-skjema" in client.get("/admin/documents/chooser/").content.decode()
    assert "Avik-bilde" in client.get("/admin/images/chooser/").content.decode()


@pytest.mark.django_db
def test_saving_a_link_to_another_municipalitys_page_is_refused(client, two_sites, avik_editor):
    avik, bevik = two_sites
    element = ElementPage.objects.descendant_of(avik.root_page).first()
    own = ServicePage.objects.descendant_of(avik.root_page).first()
    other = ServicePage.objects.descendant_of(bevik.root_page).first()
    client.force_login(avik_editor)
    url = f"/admin/pages/{element.id}/edit/"

    refused = client.post(url, element_form(element, other))
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "lenker til en side i en annen kommune" in html
    assert f"«{other.title}»" in html
    assert other.id not in linked_ids(ElementPage.objects.get(id=element.id))

    accepted = client.post(url, element_form(element, own))
    assert accepted.status_code == 302
    latest = ElementPage.objects.get(id=element.id).get_latest_revision_as_object()
    assert own.id in linked_ids(latest)


def linked_ids(page):
    return {block.value["page"].id for block in page.links if block.value["page"]}


def element_form(element, target):
    """The element's edit form as the admin posts it, linking to `target`."""
    return nested_form_data(
        {
            "title": element.title,
            "slug": element.slug,
            "dimension": element.dimension,
            "kind": element.kind,
            "summary": element.summary,
            "body": rich_text(element.body or "<p>Tekst</p>"),
            "themes": list(element.themes or []),
            "services": streamfield([]),
            "responsible": element.responsible,
            "links": streamfield([("link", {"page": target.id, "url": "", "title": ""})]),
            "review_interval_months": element.review_interval_months or 12,
            "review_responsible": element.review_responsible,
            "review_email": element.review_email,
            "exchange_id": element.exchange_id,
            "change_note": "",
        }
    )


@pytest.mark.django_db
def test_a_link_to_another_municipality_is_reported_and_exported_as_its_address(two_sites):
    """A link made outside the admin (an old one, or by a script): the model check names it
    and the export keeps it as an address instead of dropping it."""
    avik, bevik = two_sites
    element = ElementPage.objects.descendant_of(avik.root_page).first()
    other = ServicePage.objects.descendant_of(bevik.root_page).first()
    element.links = [("link", {"page": other, "url": "", "title": ""})]
    element.save_revision().publish()

    findings = check_model(avik.root_page.specific)
    foreign = [f for f in findings if f.code == "LINK_OTHER_MUNICIPALITY"]
    assert len(foreign) == 1
    assert other.title in foreign[0].message
    assert foreign[0].is_error

    exported = export_document(avik.root_page.specific)
    links = next(e for e in exported["elements"] if e["id"] == element.exchange_id)["links"]
    assert links == [{"url": other.full_url, "title": other.full_url}]
    assert validate_document(exported) == []


def titles_with_labels(response, pages):
    """{page id: the text of the table cell that holds the page's title} for the pages shown."""
    json = response["Content-Type"].startswith("application/json")
    html = response.json()["html"] if json else response.content.decode()
    cells = {}
    for cell in BeautifulSoup(html, "html.parser").find_all("td"):
        for page in pages:
            if cell.find(attrs={"data-id": str(page.id)}) or cell.find(id=f"page_{page.id}_title"):
                cells[page.id] = " ".join(cell.get_text(" ").split())
    return cells


@pytest.mark.django_db
def test_superusers_see_the_municipality_beside_each_title(client, two_sites, avik_editor):
    avik, bevik = two_sites
    elements = {
        "Avik kommune": list(ElementPage.objects.descendant_of(avik.root_page)),
        "Bevik kommune": list(ElementPage.objects.descendant_of(bevik.root_page)),
    }
    every_element = [page for pages in elements.values() for page in pages]
    client.force_login(get_user_model().objects.create_superuser("rot", password="x-y-z-123"))

    level = elements["Bevik kommune"][0].get_parent()
    for url, params in (
        ("/admin/choose-page/search/", {"q": "element"}),  # chooser search
        (f"/admin/choose-page/{level.id}/", {}),  # chooser browse
        ("/admin/pages/search/", {"q": "element"}),  # the admin's page search
        (f"/admin/pages/{level.id}/", {}),  # the explorer's listing
    ):
        cells = titles_with_labels(client.get(url, params), every_element)
        assert cells, url
        for municipality, pages in elements.items():
            for page in pages:
                if page.id in cells:
                    assert municipality in cells[page.id], (url, cells[page.id])
    found = titles_with_labels(
        client.get("/admin/choose-page/search/", {"q": "element"}), every_element
    )
    assert len(found) == len(every_element)  # both municipalities' pages, each with its name

    client.force_login(avik_editor)
    found = client.get("/admin/choose-page/search/", {"q": "element"})
    cells = titles_with_labels(found, every_element)
    assert len(cells) == len(elements["Avik kommune"])
    assert not any("Avik kommune" in cell for cell in cells.values())  # no label for editors
