"""Phone first, in a real headless Chromium: the compact header, the first screen of the model
page and of "Bekymret for et barn?", the menu with and without JavaScript, the jump to a level."""

from wagtail.models import Site

import pytest

from models_app.core.models import MunicipalitySettings
from tests.factories import demo_document, imported

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
CHILD_WELFARE_EMERGENCY = "+47 800 12 345"


@pytest.fixture
def site_url(live_server, wagtail_root):
    report = imported(demo_document())
    settings = MunicipalitySettings.for_site(report.site)
    settings.child_welfare_emergency_phone = CHILD_WELFARE_EMERGENCY
    settings.save()
    return live_server.url


@pytest.fixture
def visit(browser):
    contexts = []

    def visit(url, viewport, javascript=True):
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        return page

    yield visit
    for context in contexts:
        context.close()


def bottom(locator):
    box = locator.bounding_box()
    return box["y"] + box["height"]


def concern_path():
    return MunicipalitySettings.for_site(Site.objects.get(is_default_site=True)).concern_page.url


def test_the_header_is_at_most_120_px_tall_on_a_phone(site_url, visit):
    for path in ("/", concern_path(), "/individniva/tor-a-undre-deg/", "/tiltak/"):
        page = visit(site_url + path, PHONE)
        height = page.locator(".site-header").bounding_box()["height"]
        assert height <= 120, f"{path}: header {height} px"
        assert page.locator(".search-form__input").is_visible(), path
        assert page.locator(".site-nav").is_hidden(), f"{path}: the menu is open before a tap"


def test_every_emergency_number_is_on_a_phones_first_screen(site_url, visit):
    for path in ("/", concern_path()):
        page = visit(site_url + path, PHONE)
        calls = page.locator(".emergency__call")
        hrefs = [calls.nth(i).get_attribute("href") for i in range(calls.count())]
        assert hrefs == ["tel:112", "tel:116111", "tel:+4780012345"], path
        for i in range(calls.count()):
            assert bottom(calls.nth(i)) <= PHONE["height"], f"{path}: {hrefs[i]} below the fold"


def test_the_models_first_element_is_on_a_desktops_first_screen(site_url, visit):
    page = visit(site_url + "/", DESKTOP)
    first = page.locator(".model-grid a.element-link").first
    assert bottom(first) <= DESKTOP["height"]
    assert page.locator(".model-legend").is_visible()


def test_the_menu_button_opens_the_navigation_by_keyboard(site_url, visit):
    page = visit(site_url + "/", PHONE)
    button = page.locator(".site-menu__button")
    for _press in range(10):
        page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the menu button")
    page.keyboard.press("Enter")
    first_section = page.locator(".site-nav a").first
    assert first_section.is_visible()
    page.keyboard.press("Tab")
    assert first_section.evaluate("element => element === document.activeElement")
    # The open menu lies over the page, never wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_menu_works_without_javascript(site_url, visit):
    page = visit(site_url + "/", PHONE, javascript=False)
    assert page.locator(".site-nav").is_hidden()
    page.locator(".site-menu__button").click()
    assert page.locator(".site-nav a").first.is_visible()

    desktop = visit(site_url + "/", DESKTOP, javascript=False)
    assert desktop.locator(".site-menu__button").is_hidden()
    assert desktop.locator(".site-nav a").first.is_visible(), "the menu is closed on a desktop"


def test_the_individual_level_is_one_tap_from_the_top_on_a_phone(site_url, visit):
    page = visit(site_url + "/", PHONE)
    jump = page.locator('.model-jump a[href="#level-individ"]')
    assert bottom(jump) <= 2 * PHONE["height"], "the jump list is far from the top"
    jump.click()
    level = page.locator("#level-individ").bounding_box()
    assert 0 <= level["y"] < PHONE["height"]


def test_the_model_says_that_an_element_opens_in_place(site_url, visit):
    page = visit(site_url + "/", DESKTOP)
    assert page.locator("[data-model-hint]").is_visible()
    link = page.locator(".model-grid a.element-link").first
    chevron = link.evaluate("element => getComputedStyle(element, '::after').borderRightStyle")
    assert chevron == "solid"

    # Without JavaScript an element is a plain link: the legend must not promise more.
    plain = visit(site_url + "/", DESKTOP, javascript=False)
    assert plain.locator("[data-model-hint]").is_hidden()


def cell_count(page, level, dimension):
    cell = page.locator(f'.model-cell[data-level="{level}"][data-dimension="{dimension}"]')
    return cell.locator(".model-cell__count").inner_text().strip()


def test_jeg_jobber_i_marks_the_elements_and_counts_them_per_cell(site_url, visit):
    # Without JavaScript: a plain GET form puts the choice in the address.
    page = visit(site_url + "/", PHONE, javascript=False)
    assert page.locator(".badge--mine").count() == 0
    page.locator("select[name=tjeneste]").select_option("familiesenteret")
    page.locator(".model-filter__submit").click()
    page.wait_for_url("**/?tjeneste=familiesenteret")

    # Marked in words, by its services or its responsible text ("Leder for familiesenteret").
    marks = page.locator("li.element--mine")
    ids = [marks.nth(i).get_attribute("id") for i in range(marks.count())]
    assert ids == [
        "element-felles-opplaering",
        "element-tjenestene-spor-brukerne",
        "element-tverrfaglig-team",
        "element-familiesenteret-samlokalisert",
        "element-kunnskapsbaserte-tiltak",
        "element-rom-for-a-drofte",
    ]
    for i in range(marks.count()):
        assert marks.nth(i).locator(".badge--mine").inner_text().strip() == "Gjelder deg"
        assert marks.nth(i).locator(".badge--mine").is_visible()
    assert cell_count(page, "etat", "kultur") == "2 av 5 gjelder deg"
    assert cell_count(page, "etat", "struktur") == "3 av 7 gjelder deg"
    assert cell_count(page, "individ", "kultur") == "1 av 6 gjelder deg"
    assert cell_count(page, "kommune", "kultur") == "0 av 6 gjelder deg"
    assert (
        page.locator(".model-filter__summary")
        .inner_text()
        .startswith("6 av 38 elementer gjelder Familiesenteret.")
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.context.cookies() == []

    # With JavaScript on a desktop: the marks stay, and the count is said on the first screen.
    desktop = visit(site_url + "/?tjeneste=familiesenteret", DESKTOP)
    assert desktop.locator("li.element--mine").count() == 6
    assert bottom(desktop.locator(".model-filter__summary")) <= DESKTOP["height"]
