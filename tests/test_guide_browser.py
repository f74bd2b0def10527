"""The handlingsveileder in a real headless Chromium: narrow screens, printing, no-JS use.

Playwright's sync API cannot run twice in one thread, and tests/test_browser.py keeps its
browser for the whole session; this module therefore drives its own Chromium from a worker
thread of its own (`chromium(fn)` runs `fn(browser)` there and returns its result).
"""

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from models_app.guide.models import GuideLevelPage, GuidePage
from models_app.tools.models import ToolPage
from tests.factories import demo_document, imported
from tests.fixtures import CHROMIUM, CHROMIUM_ARGS

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

NO_HORIZONTAL_SCROLL = (
    "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
)


@pytest.fixture(scope="module")
def chromium():
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="guide-chromium")
    state = {}

    def start():
        from playwright.sync_api import sync_playwright

        state["playwright"] = sync_playwright().start()
        state["browser"] = state["playwright"].chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )

    def stop():
        state["browser"].close()
        state["playwright"].stop()

    executor.submit(start).result(timeout=120)

    def run(function):
        return executor.submit(function, state["browser"]).result(timeout=300)

    yield run
    executor.submit(stop).result(timeout=120)
    executor.shutdown()


@pytest.fixture
def guide(live_server, wagtail_root):
    imported(demo_document())
    guide_page = GuidePage.objects.get()
    levels = {level.number: level for level in GuideLevelPage.objects.all()}
    base = live_server.url
    return {
        "base": base,
        "overview": base + guide_page.url,
        "print": base + guide_page.url + guide_page.reverse_subpage("print"),
        "level": {number: base + level.url for number, level in levels.items()},
        "tool": ToolPage.objects.get(exchange_id="observasjonsskjema"),
    }


def in_context(browser, function, **options):
    context = browser.new_context(**options)
    try:
        return function(context.new_page())
    finally:
        context.close()


def test_the_guide_has_no_horizontal_scroll_on_a_phone(chromium, guide):
    urls = [
        guide["overview"],
        guide["overview"] + "?tjeneste=ppt",
        guide["level"][0],
        guide["level"][2] + "?tjeneste=ppt",
        guide["print"],
    ]

    def measure(page):
        results = {}
        for url in urls:
            page.goto(url)
            results[url] = page.evaluate(NO_HORIZONTAL_SCROLL)
        return results

    for width in (320, 360):
        results = chromium(
            lambda browser, width=width: in_context(
                browser, measure, viewport={"width": width, "height": 800}
            )
        )
        assert all(results.values()), (width, results)


def test_print_hides_the_navigation_and_writes_out_link_targets(chromium, guide):
    tool_url = guide["base"] + guide["tool"].url

    def printed(page):
        page.emulate_media(media="print")
        page.goto(guide["level"][0])
        tool_link = page.locator(f'.guide-tool a[href="{guide["tool"].url}"]').first
        return {
            "nav": page.locator(".site-nav").is_visible(),
            "header": page.locator(".site-header").is_visible(),
            "footer": page.locator(".site-footer").is_visible(),
            "breadcrumbs": page.locator(".breadcrumbs").is_visible(),
            "skip": page.locator(".skip-link").is_visible(),
            "print_button": page.locator(".print-button").is_visible(),
            "form": page.locator("form.guide-filter").is_visible(),
            "pager": page.locator(".guide-pager").is_visible(),
            "steps": page.locator("article.step").count(),
            "steps_visible": page.locator("article.step").first.is_visible(),
            "source": page.locator(".guide-source").is_visible(),
            "after": tool_link.evaluate("a => getComputedStyle(a, '::after').content"),
            "file_after": page.locator(".guide-tool .tool-file__link").first.evaluate(
                "a => getComputedStyle(a, '::after').content"
            ),
            "break_inside": page.locator("article.step").first.evaluate(
                "a => getComputedStyle(a).breakInside"
            ),
        }

    result = chromium(
        lambda browser: in_context(browser, printed, viewport={"width": 800, "height": 1100})
    )
    for chrome in ("nav", "header", "footer", "breadcrumbs", "skip", "print_button", "form"):
        assert result[chrome] is False, (chrome, result)
    assert result["pager"] is False
    assert result["steps"] == 4 and result["steps_visible"]
    assert result["source"] is True
    assert result["after"] == f'" ({tool_url})"'
    assert result["file_after"].startswith('" (https://')
    assert result["break_inside"] == "avoid"


def test_on_screen_the_same_links_write_nothing_after_them(chromium, guide):
    def on_screen(page):
        page.goto(guide["level"][0])
        return {
            "nav": page.locator(".site-nav").is_visible(),
            "after": page.locator(".guide-tool a").first.evaluate(
                "a => getComputedStyle(a, '::after').content"
            ),
            "source": page.locator(".guide-source").is_visible(),
        }

    result = chromium(lambda browser: in_context(browser, on_screen))
    assert result == {"nav": True, "after": "none", "source": False}


def test_the_print_button_needs_javascript_and_opens_the_print_dialog(chromium, guide):
    def with_javascript(page):
        page.add_init_script("window.print = function () { window.__printed = true; };")
        page.goto(guide["level"][1])
        button = page.locator("button.print-button")
        visible = button.is_visible()
        button.click()
        return {"visible": visible, "printed": page.evaluate("window.__printed === true")}

    def without_javascript(page):
        page.goto(guide["level"][1])
        return {
            "button": page.locator("button.print-button").count(),
            "visible": page.locator("button.print-button").is_visible(),
        }

    assert chromium(lambda browser: in_context(browser, with_javascript)) == {
        "visible": True,
        "printed": True,
    }
    assert chromium(
        lambda browser: in_context(browser, without_javascript, java_script_enabled=False)
    ) == {"button": 1, "visible": False}


def test_choosing_a_service_works_without_javascript_and_lives_in_the_url(chromium, guide):
    def choose(page):
        page.goto(guide["level"][2])
        page.select_option("select[name=tjeneste]", "psykisk-helse-og-rus")
        page.locator("form.guide-filter button[type=submit]").click()
        page.wait_for_load_state()
        next_href = page.locator(".guide-pager a[rel=next]").get_attribute("href")
        cookies = page.context.cookies()
        return {
            "url": page.url,
            "mine": page.locator("article.step--mine").count(),
            "marker": page.locator("article.step--mine .badge--mine").first.is_visible(),
            "selected": page.locator("select[name=tjeneste]").input_value(),
            "next": next_href,
            "cookies": cookies,
        }

    result = chromium(
        lambda browser: in_context(
            browser, choose, java_script_enabled=False, viewport={"width": 360, "height": 800}
        )
    )
    assert result["url"] == guide["level"][2] + "?tjeneste=psykisk-helse-og-rus"
    assert result["mine"] == 3  # the demo's level 2 involves the service in three steps
    assert result["marker"] is True
    assert result["selected"] == "psykisk-helse-og-rus"
    assert result["next"].endswith("?tjeneste=psykisk-helse-og-rus")
    assert result["cookies"] == []
