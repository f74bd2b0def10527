"""The clickable model in a real headless Chromium (Debian's, driven by Playwright)."""

import pytest

from tests.factories import example_document, imported

pytestmark = pytest.mark.browser


@pytest.fixture
def model_url(live_server, wagtail_root):
    imported(example_document())
    return live_server.url + "/"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def focused_id(page):
    return page.evaluate("document.activeElement.id || document.activeElement.className")


FOCUS_RING = """() => {
  const style = getComputedStyle(document.activeElement);
  return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
    style.boxShadow !== 'none';
}"""


def tab_to(page, locator, limit=60):
    """Press Tab, as a keyboard user would, until the locator's element has focus."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {locator}")


def test_element_opens_in_place_and_escape_closes_it(page, model_url):
    """Keyboard only: Tab to an element, Enter opens it, Escape closes it, focus always seen."""
    page.goto(model_url)
    link = page.locator('[data-level="kommune"][data-dimension="kultur"] a.element-link').first
    panel = page.locator("#panel-forankring-i-ledelsen")
    assert link.get_attribute("aria-expanded") == "false"
    assert panel.is_hidden()

    tab_to(page, link)
    assert page.evaluate(FOCUS_RING), "the focused element of the model shows no focus indicator"
    page.keyboard.press("Enter")

    assert panel.is_visible()
    assert link.get_attribute("aria-expanded") == "true"
    assert "Kommunedirektøren rapporterer" in panel.inner_text()
    assert page.url.endswith("#element-forankring-i-ledelsen")
    assert page.evaluate(
        "document.getElementById('panel-forankring-i-ledelsen').contains(document.activeElement)"
    )
    assert page.evaluate(FOCUS_RING), "the opened panel has focus but no focus indicator"

    page.keyboard.press("Escape")

    assert panel.is_hidden()
    assert link.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.textContent.trim()") == (
        "Forankring i toppledelsen"
    )
    assert page.evaluate(FOCUS_RING), "focus returned to the element without a focus indicator"
    assert "#element-" not in page.url


def test_only_one_element_is_open_at_a_time(page, model_url):
    page.goto(model_url)
    page.locator("a.element-link", has_text="Forankring i toppledelsen").click()
    page.locator("a.element-link", has_text="Tverrfaglig team").click()
    assert page.locator("#panel-forankring-i-ledelsen").is_hidden()
    assert page.locator("#panel-tverrfaglig-team").is_visible()
    assert page.url.endswith("#element-tverrfaglig-team")


def test_shared_address_opens_the_element(page, model_url):
    page.goto(model_url + "#element-samtykke")
    panel = page.locator("#panel-samtykke")
    panel.wait_for(state="visible")
    assert "Samtykke til samarbeid" in panel.inner_text()


def test_without_javascript_elements_are_plain_links(browser, model_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(model_url)
    page.locator("a.element-link", has_text="Tverrfaglig team").click()
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith("/tverrfaglig-team")
    assert page.locator("h1").inner_text() == "Tverrfaglig team"
    context.close()


def test_narrow_screen_shows_one_column_per_level_without_horizontal_scroll(browser, model_url):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(model_url)
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    kultur = page.locator('[data-level="etat"][data-dimension="kultur"]').bounding_box()
    struktur = page.locator('[data-level="etat"][data-dimension="struktur"]').bounding_box()
    assert kultur["x"] == struktur["x"]
    assert struktur["y"] > kultur["y"]
    context.close()


def test_wide_screen_shows_the_dimensions_side_by_side(page, model_url):
    page.goto(model_url)
    kultur = page.locator('[data-level="etat"][data-dimension="kultur"]').bounding_box()
    struktur = page.locator('[data-level="etat"][data-dimension="struktur"]').bounding_box()
    assert struktur["x"] > kultur["x"]
    assert struktur["y"] == kultur["y"]
