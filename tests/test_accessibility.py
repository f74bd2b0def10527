"""Universal design (WCAG 2.1 A/AA) of every page type of the demo, in headless Chromium.

axe-core (from node_modules, installed by `make test`) runs on each page of the bokmål demo at
1280 and 360 px, and of the nynorsk one (same templates, other words) at 360 px, anonymously and
as a logged-in employee; then the structure every page must have: no horizontal scroll at
320 px, the skip link first, landmarks, one h1 and headings in order. Each test walks all pages
once (the demo is imported once per test) and reports every problem at the end.
"""

import functools
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client

import pytest

from tests.demo_pages import NYNORSK_HOST, DemoPage, all_demo_pages, demo_pages, import_demo_sites
from tests.factories import imported, scaled_document
from tests.fixtures import CHROMIUM

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (1280, 360)
NARROW = 360
NARROWEST = 320
INSTALL_HINT = "`make test` installs it (see the Makefile's `checkers` and `browser` targets)"

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return {
    passes: results.passes.length,
    violations: results.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map((node) => node.target.join(' ')),
    })),
  };
}"""


@pytest.fixture(scope="session", autouse=True)
def checkers_installed():
    """Never skipped: a missing tool is a failure that says how to get it. Session scope and
    autouse, so it runs before the shared `browser` fixture tries to launch Chromium."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing ({CHROMIUM}): {INSTALL_HINT}")
    if not AXE_PATH.exists():
        pytest.fail(f"axe-core is missing ({AXE_PATH.relative_to(ROOT)}): {INSTALL_HINT}")


@pytest.fixture
def demo_server(live_server, wagtail_root):
    import_demo_sites()
    return urlsplit(live_server.url).port


@pytest.fixture
def employee_cookie(employee):
    client = Client()
    client.force_login(employee)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def visit(browser, port, demo_page, width, session):
    """A fresh browser page at the demo page's address (logged in for the employee's pages)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    base_url = f"http://{demo_page.host}:{port}"
    if demo_page.who == "employee":
        cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}
        context.add_cookies([cookie])
    page = context.new_page()
    page.goto(base_url + demo_page.path)
    return page


def widths(demo_page):
    return (NARROW,) if demo_page.host == NYNORSK_HOST else WIDTHS


@functools.cache
def axe_source():
    return AXE_PATH.read_text(encoding="utf-8")


def axe_problems(page):
    """axe's findings as readable lines; the site's own CSP stays on (axe runs via evaluate)."""
    page.evaluate(axe_source())
    results = page.evaluate(RUN_AXE, AXE_TAGS)
    if not results["passes"]:
        return ["axe ran no check (did the page load?)"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — at {'; '.join(v['targets'][:5])}"
        for v in results["violations"]
    ]


def open_first_element(page):
    """On the model page, open an element in place: axe skips what is hidden."""
    links = page.locator("a.element-link[aria-expanded]")
    if not links.count():
        return False
    links.first.click()
    return links.first.get_attribute("aria-expanded") == "true"


def report(problems):
    return "\n".join(f"  {line}" for line in problems)


def test_axe_finds_no_wcag_violations(browser, demo_server, employee, employee_cookie):
    pages, problems = all_demo_pages(employee)
    checked = 0
    for demo_page in pages:
        for width in widths(demo_page):
            page = visit(browser, demo_server, demo_page, width, employee_cookie)
            problems += [f"{demo_page} @{width}px: {line}" for line in axe_problems(page)]
            if open_first_element(page):
                where = f"{demo_page} @{width}px, element open"
                problems += [f"{where}: {line}" for line in axe_problems(page)]
            page.context.close()
            checked += 1
    assert checked >= 2 * 20, f"only {checked} page views checked"
    assert not problems, f"{len(problems)} accessibility problems:\n{report(problems)}"


STRUCTURE = """(framed) => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    problems.push(`horizontal scroll: ${root.scrollWidth}px wide in ${root.clientWidth}px`);
  }
  const mains = document.querySelectorAll('main, [role=main]');
  if (mains.length !== 1) problems.push(`${mains.length} main landmarks, want 1`);
  const banners = document.querySelectorAll('body > header, [role=banner]');
  const footers = document.querySelectorAll('body > footer, [role=contentinfo]');
  const frame = framed ? 0 : 1;  // the embedded model has neither
  if (banners.length !== frame) problems.push(`${banners.length} banner landmarks, want ${frame}`);
  if (footers.length !== frame) {
    problems.push(`${footers.length} contentinfo landmarks, want ${frame}`);
  }
  const navNames = [];
  for (const nav of document.querySelectorAll('nav, [role=navigation]')) {
    const labelledBy = nav.getAttribute('aria-labelledby');
    const name = (nav.getAttribute('aria-label') ||
      (labelledBy && document.getElementById(labelledBy)?.textContent) || '').trim();
    if (!name) problems.push(`navigation without a label: ${nav.outerHTML.slice(0, 80)}`);
    else if (navNames.includes(name)) problems.push(`two navigations named "${name}"`);
    navNames.push(name);
  }
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')];
  const h1s = headings.filter((h) => h.tagName === 'H1').length;
  if (h1s !== 1) problems.push(`${h1s} h1 elements, want 1`);
  let previous = 0;
  for (const heading of headings) {
    const level = Number(heading.tagName[1]);
    if (level > previous + 1) {
      problems.push(`heading h${level} "${heading.textContent.trim().slice(0, 40)}" ` +
        `follows h${previous}`);
    }
    previous = level;
  }
  return problems;
}"""

SKIP_LINK_STATE = """() => {
  const link = document.activeElement;
  const box = link.getBoundingClientRect();
  return {
    isSkipLink: link.tagName === 'A' && link.getAttribute('href') === '#main',
    text: link.textContent.trim(),
    visible: box.width > 1 && box.height > 1 && box.top >= 0 && box.left >= 0 &&
      box.bottom <= innerHeight && getComputedStyle(link).visibility !== 'hidden',
  };
}"""


def skip_link_problems(page):
    page.keyboard.press("Tab")
    state = page.evaluate(SKIP_LINK_STATE)
    if not state["isSkipLink"]:
        return [f"first focusable element is not the skip link but {state['text']!r}"]
    problems = [] if state["visible"] else ["skip link not visible when focused"]
    page.keyboard.press("Enter")
    if page.evaluate("document.activeElement.id") != "main":
        problems.append("skip link does not move focus to main")
    return problems


def test_every_page_has_the_structure_of_an_accessible_page(
    browser, demo_server, employee, employee_cookie
):
    pages, problems = all_demo_pages(employee)
    for demo_page in pages:
        page = visit(browser, demo_server, demo_page, NARROWEST, employee_cookie)
        found = page.evaluate(STRUCTURE, demo_page.framed)
        if not demo_page.framed:  # a frame has no repeated blocks to skip
            found += skip_link_problems(page)
        problems += [f"{demo_page} @{NARROWEST}px: {line}" for line in found]
        page.context.close()
    assert not problems, f"{len(problems)} structural problems:\n{report(problems)}"


# Long Norwegian compounds and web addresses, as other municipalities' models will have them.
LONG_WORD = "Barneverntjenestekoordineringssamarbeidsavtaleevalueringsrapporten"
LONG_ADDRESS = "https://www.langordvik-og-omegn-interkommunale.kommune.no/" + "tjenester" * 6


def long_words_document():
    document = scaled_document(1, name="Langordvik kommune")
    document["municipality"]["website"] = LONG_ADDRESS
    document["title"] = f"{LONG_WORD} for {LONG_WORD}"
    for kind in ("elements", "measures", "tools", "arenas", "routines", "plans"):
        document[kind][0]["title"] = LONG_WORD
        document[kind][0]["summary"] = f"{LONG_WORD} {LONG_ADDRESS}"
    document["services"][1]["name"] = LONG_WORD
    document["services"][1]["contact"] = {
        "email": "postmottak.barneverntjenesten@langordvik-og-omegn.kommune.no",
        "address": f"{LONG_WORD} 12",
        "opening_hours": LONG_WORD,
        "url": LONG_ADDRESS,
    }
    document["elements"][0]["links"].append({"url": LONG_ADDRESS, "title": LONG_WORD})
    document["tools"][0]["url"] = LONG_ADDRESS + ".pdf"
    document["guide"]["levels"][0]["title"] = LONG_WORD
    return document


def test_long_words_never_widen_the_page_at_320_px(browser, live_server, wagtail_root):
    imported(long_words_document())
    pages, problems = demo_pages()
    pages.append(DemoPage("anonymous", "search", "localhost", f"/sok/?q={LONG_WORD * 3}"))
    port = urlsplit(live_server.url).port
    for demo_page in pages:
        page = visit(browser, port, demo_page, NARROWEST, session=None)
        root = "document.documentElement"
        width = page.evaluate(f"[{root}.scrollWidth, {root}.clientWidth]")
        if width[0] > width[1]:
            problems.append(f"{demo_page}: {width[0]}px wide at {width[1]}px")
        page.context.close()
    assert not problems, f"{len(problems)} pages scroll sideways:\n{report(problems)}"
