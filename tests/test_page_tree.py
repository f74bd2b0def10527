"""The page tree keeps its shape, and every page type can be edited and shown."""

from django.contrib.auth import get_user_model

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from models_app.arenas.models import ArenaIndexPage, ArenaPage
from models_app.changelog.models import ChangeLogPage
from models_app.citizen.models import AccessibilityPage, ConcernPage
from models_app.guide.models import GuideLevelPage, GuidePage
from models_app.measures.models import MeasureIndexPage, MeasurePage
from models_app.model.models import ElementPage, LevelPage, ModelIndexPage
from models_app.plans.models import PlanIndexPage, PlanPage
from models_app.routines.models import RoutineIndexPage, RoutinePage
from models_app.services.models import ServiceIndexPage, ServicePage
from models_app.tools.models import ToolIndexPage, ToolPage
from tests.factories import demo_document, imported
from tests.helpers import our_page_models


class PageTreeRulesTests(WagtailPageTestCase):
    def test_model_sits_at_the_top_and_holds_levels_and_sections(self):
        self.assertCanCreateAt(Page, ModelIndexPage)
        self.assertAllowedSubpageTypes(
            ModelIndexPage,
            {
                LevelPage,
                PlanIndexPage,
                RoutineIndexPage,
                ArenaIndexPage,
                MeasureIndexPage,
                ToolIndexPage,
                ServiceIndexPage,
                GuidePage,
                ConcernPage,
                AccessibilityPage,
                ChangeLogPage,
            },
        )

    def test_objects_live_only_in_their_own_section(self):
        self.assertAllowedParentPageTypes(ElementPage, {LevelPage})
        self.assertAllowedParentPageTypes(PlanPage, {PlanIndexPage})
        self.assertAllowedParentPageTypes(RoutinePage, {RoutineIndexPage})
        self.assertAllowedParentPageTypes(ArenaPage, {ArenaIndexPage})
        self.assertAllowedParentPageTypes(MeasurePage, {MeasureIndexPage})
        self.assertAllowedParentPageTypes(ToolPage, {ToolIndexPage})
        self.assertAllowedParentPageTypes(GuideLevelPage, {GuidePage})
        self.assertCanNotCreateAt(ModelIndexPage, ElementPage)
        self.assertCanNotCreateAt(PlanIndexPage, RoutinePage)

    def test_services_nest_as_an_organisation_tree(self):
        self.assertAllowedParentPageTypes(ServicePage, {ServiceIndexPage, ServicePage})
        self.assertAllowedSubpageTypes(ServicePage, {ServicePage})


@pytest.fixture
def demo(db):
    imported(demo_document())


@pytest.mark.django_db
def test_demo_has_a_live_page_of_every_type(demo, client):
    for page_type in our_page_models():
        page = page_type.objects.live().first()
        assert page is not None, page_type
        response = client.get(page.url)
        assert response.status_code in (200, 302), (page_type, response.status_code)


@pytest.mark.django_db
def test_every_public_page_of_the_demo_renders(demo, client):
    root = Site.objects.get(is_default_site=True).root_page
    for page in Page.objects.descendant_of(root, inclusive=True).live().public().specific():
        response = client.get(page.url)
        assert response.status_code == 200, (page.url, response.status_code)
        assert page.title.encode() in response.content or b"&" in response.content


@pytest.mark.django_db
def test_every_page_type_opens_in_the_admin_editor(demo, client):
    admin = get_user_model().objects.create_superuser("redaktor", "r@example.invalid", "pw-123456")
    client.force_login(admin)
    for page_type in our_page_models():
        page = page_type.objects.first()
        response = client.get(f"/admin/pages/{page.id}/edit/")
        assert response.status_code == 200, page_type
    response = client.get(f"/admin/pages/{ServiceIndexPage.objects.first().id}/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_editor_can_save_an_element_with_links_in_the_admin(demo, client):
    admin = get_user_model().objects.create_superuser("redaktor", "r@example.invalid", "pw-123456")
    client.force_login(admin)
    element = ElementPage.objects.live().first()
    plan = PlanPage.objects.first()
    edit_url = f"/admin/pages/{element.id}/edit/"
    data = nested_form_data(
        {
            "title": "Endret i admin",
            "slug": element.slug,
            "dimension": "struktur",
            "kind": "plan",
            "summary": "Nytt sammendrag",
            "body": rich_text("<p>Ny tekst</p>"),
            "themes": ["evaluering"],
            "services": streamfield([]),
            "responsible": "Kommunalsjef",
            "links": streamfield([("link", {"page": plan.id, "url": "", "title": ""})]),
            "last_reviewed": "2026-10-01",
            "review_interval_months": "12",
            "review_responsible": "",
            "exchange_id": element.exchange_id,
            "action-publish": "publish",
        }
    )
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    element.refresh_from_db()
    assert element.title == "Endret i admin"
    assert element.dimension == "struktur"
    assert element.links.raw_data[0]["value"]["page"] == plan.id
