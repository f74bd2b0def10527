"""The model in the admin in headless Chromium: reordering by keyboard alone, and axe on our
own part of the screen (Wagtail's menu and header are Wagtail's to check)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

import pytest

from models_app.model.models import ElementPage
from models_app.model.tests.test_grid_keyboard import tab_to
from tests.factories import imported, sized_document
from tests.test_accessibility import AXE_TAGS, axe_source

pytestmark = pytest.mark.browser

RUN_AXE_ON_MAIN = """async (tags) => {
  const results = await axe.run({include: ['main']}, {runOnly: {type: 'tag', values: tags}});
  return {
    passes: results.passes.length,
    violations: results.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map(
      (node) => node.target.join(' ')).slice(0, 5).join('; ')}`),
  };
}"""


@pytest.fixture
def admin_page(browser, live_server, wagtail_root):
    imported(sized_document(12, "Avik kommune"))
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("admin", password="pw-1234567"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(live_server.url + "/admin/modell/")
    yield page
    context.close()


def cell_titles(page, level, dimension):
    cell = page.locator(f'[aria-labelledby="admin-model-{level}-{dimension}"]')
    return cell.locator(".admin-model-name").all_inner_texts()


def test_an_element_moves_down_by_keyboard_and_keeps_the_focus(admin_page):
    page = admin_page
    first = ElementPage.objects.get(exchange_id="element-0")
    assert cell_titles(page, "kommune", "kultur") == ["Element 0", "Element 6"]
    button = page.locator(f"#element-{first.pk} button[value=down]")

    tab_to(page, button, limit=200)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**#element-{first.pk}")

    assert cell_titles(page, "kommune", "kultur") == ["Element 6", "Element 0"]
    assert cell_titles(page, "kommune", "struktur") == ["Element 1", "Element 7"]
    assert page.evaluate("document.activeElement.id") == f"element-{first.pk}"
    assert "er flyttet ned" in page.locator("body").inner_text()


@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_nothing_in_the_model_view(admin_page, width):
    page = admin_page
    page.set_viewport_size({"width": width, "height": 900})
    page.evaluate(axe_source())
    results = page.evaluate(RUN_AXE_ON_MAIN, AXE_TAGS)
    assert results["passes"], "axe ran no check"
    assert results["violations"] == []
