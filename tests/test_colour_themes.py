"""Every colour theme a municipality may choose passes the same WCAG 2.1 AA checks (axe, in
headless Chromium) on the pages where colour matters most: the model page with an element
open, the concern page and the årshjul."""

from wagtail.models import Site

import pytest

from models_app.core.models import ColourTheme, MunicipalitySettings
from tests.factories import demo_document, imported
from tests.test_accessibility import axe_problems, open_first_element

pytestmark = pytest.mark.browser

PAGES = ("/", "/bekymret-for-et-barn/", "/samhandlingsarenaer/arshjul/")


@pytest.fixture
def site_settings(live_server, wagtail_root):
    imported(demo_document())
    return MunicipalitySettings.for_site(Site.objects.get(is_default_site=True))


def test_every_colour_theme_passes_axe(browser, live_server, site_settings):
    problems, header_colours = [], set()
    for theme in ColourTheme.values:
        site_settings.colour_theme = theme
        site_settings.save()
        context = browser.new_context(viewport={"width": 360, "height": 640})
        page = context.new_page()
        for path in PAGES:
            page.goto(live_server.url + path)
            assert page.locator("html").get_attribute("data-color") == theme
            if path == "/":
                header_colours.add(
                    page.evaluate(
                        "getComputedStyle(document.querySelector('.site-header')).borderBottomColor"
                    )
                )
                open_first_element(page)
            problems += [f"{theme} {path}: {line}" for line in axe_problems(page)]
        context.close()
    assert not problems, "\n".join(problems)
    assert len(header_colours) == len(ColourTheme.values), "a theme does not change the colour"
