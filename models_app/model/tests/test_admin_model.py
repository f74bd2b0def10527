"""The model in the admin ("Modell"): the 3 × 2 grid with every element's state, edit and add
links, and moving elements within a cell; only within the user's own municipality."""

import datetime

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Workflow

import pytest
from bs4 import BeautifulSoup

from models_app.model.models import ElementPage, LevelPage
from tests.factories import imported, sized_document
from tests.helpers import member_of, text_of

GRID = "/admin/modell/"


@pytest.fixture
def avik(db):
    return imported(sized_document(12, "Avik kommune"), hostname="avik.example").site


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", password="hemmelig-passord-1")


def grid(client, site):
    response = client.get(GRID, {"site": site.pk})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def cell_titles(html, level, dimension):
    cell = html.find(attrs={"aria-labelledby": f"admin-model-{level}-{dimension}"})
    return [text_of(name) for name in cell.select(".admin-model-title .admin-model-name")]


def element(exchange_id):
    return ElementPage.objects.get(exchange_id=exchange_id)


def test_the_grid_shows_each_cell_with_its_elements_in_order(client, superuser, avik):
    client.force_login(superuser)
    html = grid(client, avik)

    assert cell_titles(html, "kommune", "kultur") == ["Element 0", "Element 6"]
    assert cell_titles(html, "individ", "struktur") == ["Element 5", "Element 11"]
    first = element("element-0")
    assert html.select_one(f"#element-{first.pk} a")["href"] == f"/admin/pages/{first.pk}/edit/"
    assert "Publisert" in text_of(html.select_one(f"#element-{first.pk}"))
    menu = html.select_one("[data-wagtail-sidebar], #wagtail-sidebar-props")
    assert "/admin/modell/" in str(menu)  # in the main menu (the sidebar's data)


def test_each_element_shows_draft_moderation_and_overdue_review(client, superuser, avik):
    draft, moderated, overdue = (element(f"element-{i}") for i in (1, 2, 3))
    draft.unpublish()
    Workflow.objects.get(name__startswith="Avik").start(moderated, superuser)
    overdue.last_reviewed = datetime.date.today() - datetime.timedelta(days=800)
    overdue.review_interval_months = 12
    overdue.save_revision().publish()
    client.force_login(superuser)

    html = grid(client, avik)

    def states(page):
        return [text_of(badge) for badge in html.select(f"#element-{page.pk} .w-status")]

    assert states(draft) == ["Utkast"]
    assert states(moderated) == ["Publisert", "Til godkjenning"]
    assert states(overdue) == ["Publisert", "Kontroll på overtid"]


def test_add_element_here_opens_the_editor_with_level_and_dimension_set(client, superuser, avik):
    etat = LevelPage.objects.get(level="etat")
    client.force_login(superuser)
    html = grid(client, avik)
    link = html.find(attrs={"aria-labelledby": "admin-model-etat-struktur"}).select_one("a.button")
    assert link["href"] == f"/admin/modell/nytt-element/{etat.pk}/struktur/"

    editor = BeautifulSoup(client.get(link["href"]).content, "html.parser")

    chosen = editor.select_one('select[name="dimension"] option[selected]')
    assert chosen["value"] == "struktur"
    form = editor.select_one("form#page-edit-form")
    assert form["action"] == f"/admin/pages/add/model/elementpage/{etat.pk}/"
    assert client.get(f"/admin/modell/nytt-element/{etat.pk}/farge/").status_code == 404


def test_moving_an_element_changes_the_order_within_its_cell_only(client, superuser, avik):
    client.force_login(superuser)
    later = element("element-6")

    response = client.post(f"/admin/modell/flytt/{later.pk}/", {"direction": "up", "site": avik.pk})

    assert response.status_code == 302
    assert response["Location"] == f"/admin/modell/?site={avik.pk}#element-{later.pk}"
    html = grid(client, avik)
    assert cell_titles(html, "kommune", "kultur") == ["Element 6", "Element 0"]
    assert cell_titles(html, "kommune", "struktur") == ["Element 1", "Element 7"]
    # The public grid follows the same order.
    public = BeautifulSoup(client.get("/", HTTP_HOST="avik.example").content, "html.parser")
    titles = text_of(public)
    assert titles.index("Element 6") < titles.index("Element 0")


def test_editors_see_their_model_without_move_buttons_and_may_not_move(client, avik):
    other = imported(sized_document(6, "Bevik kommune"), hostname="bevik.example").site
    editor = member_of("Avik kommune – redaktører", "avik-redaktor")
    client.force_login(editor)

    html = grid(client, other)  # asks for Bevik, gets its own

    assert "Avik kommune" in text_of(html.select_one("main h2"))
    assert "Bevik" not in text_of(html.select_one("main"))
    assert not html.select(".admin-model-moves")
    target = element("element-6")
    response = client.post(f"/admin/modell/flytt/{target.pk}/", {"direction": "up"})
    assert response.status_code in (302, 403) and "#element" not in response.get("Location", "")
    client.force_login(get_user_model().objects.create_superuser("admin", password="x-12345678"))
    assert cell_titles(grid(client, avik), "kommune", "kultur") == ["Element 0", "Element 6"]


def test_people_outside_the_admin_are_sent_away(client, avik):
    assert client.get(GRID).status_code == 302
    plain = get_user_model().objects.create_user("ansatt", password="hemmelig-passord-1")
    client.force_login(plain)
    assert client.get(GRID).status_code in (302, 403)


def test_the_grid_costs_the_same_queries_for_a_small_and_a_large_model(client, superuser):
    small = imported(sized_document(6, "Liten kommune"), hostname="liten.example").site
    large = imported(sized_document(60, "Stor kommune"), hostname="stor.example").site
    client.force_login(superuser)

    def queries(site):
        client.get(GRID, {"site": site.pk})
        with CaptureQueriesContext(connection) as captured:
            assert client.get(GRID, {"site": site.pk}).status_code == 200
        return len(captured)

    assert queries(small) == queries(large)


def test_page_listings_and_search_show_each_elements_level_and_dimension(client, superuser, avik):
    client.force_login(superuser)
    first = element("element-0")
    level = LevelPage.objects.get(pk=first.get_parent().pk)
    cell = "Element 0 (Kommunenivå · Kulturdimensjonen)"

    listing = client.get(f"/admin/pages/{level.pk}/")
    assert listing.status_code == 200
    assert cell in text_of(BeautifulSoup(listing.content, "html.parser"))

    found = client.get("/admin/pages/search/", {"q": "Element 0"})
    assert found.status_code == 200
    assert cell in text_of(BeautifulSoup(found.content, "html.parser"))

    # Only in the admin: the public page keeps its plain title.
    assert first.title == "Element 0"


def test_listing_elements_costs_the_same_queries_for_few_and_many(client, superuser, avik):
    """The element's cell comes with the listing's own query, not one query per element."""
    large = imported(sized_document(60, "Stor kommune"), hostname="stor.example").site
    client.force_login(superuser)

    def queries(site):
        level = LevelPage.objects.descendant_of(site.root_page).order_by("path").first()
        assert ElementPage.objects.child_of(level).count() > 1
        client.get(f"/admin/pages/{level.pk}/")
        with CaptureQueriesContext(connection) as captured:
            listing = client.get(f"/admin/pages/{level.pk}/")
        assert listing.status_code == 200
        assert "Kulturdimensjonen)" in listing.content.decode()
        return len(captured)

    assert queries(avik) == queries(large)
