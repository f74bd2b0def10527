"""The whole sign-in in headless Chromium, through the local OpenID provider: from an internal
page to the site's login, to the provider and back to the page, refused on another
municipality's site, and logged out here and at the provider."""

from urllib.parse import urlsplit

from django.conf import settings

from wagtail.models import PageViewRestriction, Site

import pytest

from models_app.accounts.models import EmployeeAccount
from models_app.accounts.tests.conftest import configure
from tests.demo_pages import NYNORSK_HOST, import_demo_sites
from tests.helpers import local_path
from tests.oidc_provider import LocalProvider
from tests.test_accessibility import axe_problems
from tests.test_html_validity import require_vnu, vnu_errors

pytestmark = pytest.mark.browser


@pytest.fixture
def sites(live_server, wagtail_root):
    import_demo_sites()
    restrictions = PageViewRestriction.objects.select_related("page")
    internal = {r.page.get_site().hostname: local_path(r.page) for r in restrictions}
    return urlsplit(live_server.url).port, internal


@pytest.fixture
def fjordvik_provider(sites):
    local = LocalProvider(client_id="fjordvik").start()
    configure(Site.objects.get(is_default_site=True), local)
    yield local
    local.stop()


def test_employee_signs_in_with_work_account_and_out_again(browser, sites, fjordvik_provider):
    port, internal = sites
    fjordvik = f"http://localhost:{port}"
    context = browser.new_context()
    page = context.new_page()

    page.goto(fjordvik + internal["localhost"])
    assert urlsplit(page.url).path == "/logg-inn/"
    assert page.locator("h1").inner_text() == "Logg inn for ansatte"
    page.get_by_role("link", name="Logg inn med jobbkonto").click()
    page.wait_for_url(fjordvik + internal["localhost"])

    assert "Innlogget som ansatt" in page.locator("header").inner_text()
    assert page.locator("main .badge--page").inner_text() == "Intern – kun for ansatte"
    account = EmployeeAccount.objects.select_related("user").get()
    assert list(account.user.groups.values_list("name", flat=True)) == [
        "Fjordvik kommune – ansatte"
    ]

    # The same session on Lidal's site (as a shared parent domain would carry it): refused.
    session = next(c for c in context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    lidal = f"http://{NYNORSK_HOST}:{port}"
    context.add_cookies([{"name": session["name"], "value": session["value"], "url": lidal}])
    response = page.goto(lidal + internal[NYNORSK_HOST])
    assert response.status == 403
    assert page.locator("h1").inner_text() == "Du har ikkje tilgang til denne sida"
    assert "Lidal kommune" in page.locator("main").inner_text()

    page.goto(fjordvik + internal["localhost"])
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(fjordvik + "/")
    assert fjordvik_provider.logouts, "the provider's session was not ended"
    assert page.get_by_role("link", name="Logg inn for ansatte").is_visible()
    page.goto(fjordvik + internal["localhost"])
    assert urlsplit(page.url).path == "/logg-inn/"
    context.close()


@pytest.mark.parametrize("host", ["localhost", NYNORSK_HOST])
def test_login_page_passes_axe_and_the_nu_checker(
    browser, sites, fjordvik_provider, host, tmp_path
):
    port, _internal = sites
    page = browser.new_page(viewport={"width": 320, "height": 800})
    response = page.goto(f"http://{host}:{port}/logg-inn/?next=/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == ("nb" if host == "localhost" else "nn")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert axe_problems(page) == []
    saved = tmp_path / "login.html"
    saved.write_text(response.text(), encoding="utf-8")  # as served, not the DOM
    page.close()
    assert vnu_errors(require_vnu(), [saved]) == []
