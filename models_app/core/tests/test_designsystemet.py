"""Designsystemet as the base of the public CSS: vendored at the pinned version, linked first,
the municipality's colour theme on every page."""

import json
import re
from pathlib import Path

from django.conf import settings as django_settings

from models_app.core.models import ColourTheme, MunicipalitySettings
from tests.helpers import soup

VENDOR = Path(django_settings.BASE_DIR) / "static" / "vendor" / "designsystemet"
ROOT = Path(django_settings.BASE_DIR)
LITERAL_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(|:\s*(white|black)\b")
# A number with a length unit, not part of a name (`--ds-size-2`); 2px is a border width.
LENGTH = r"(?<![\w.])(?!2px\b)\d*\.?\d+(?:{units})\b"
LITERAL_SIZE = re.compile(LENGTH.format(units="px|r?em|ch|ex|pt|pc|mm|cm|in|q"))
LITERAL_SCREEN_SIZE = re.compile(LENGTH.format(units="px|r?em|ch|ex"))


def test_vendored_designsystemet_is_the_pinned_version_with_its_licence():
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    version = pinned["@digdir/designsystemet-css"]
    assert locked["node_modules/@digdir/designsystemet-css"]["version"] == version
    assert (VENDOR / "VERSION").read_text().strip() == f"@digdir/designsystemet-css {version}"
    assert "Permission is hereby granted" in (VENDOR / "LICENSE").read_text()
    for name in ("designsystemet.css", "theme.css"):
        assert "@layer ds" in (VENDOR / name).read_text()[:2000], name


def test_every_page_links_designsystemet_before_our_css(example_site, client):
    html = soup(client.get("/"))
    sheets = [link["href"] for link in html.select('link[rel="stylesheet"]')]
    assert sheets[:2] == [
        "/static/vendor/designsystemet/designsystemet.css",
        "/static/vendor/designsystemet/theme.css",
    ]
    assert "/static/core/core.css" in sheets[2:]


def test_the_municipalitys_colour_theme_colours_its_pages(example_site, client):
    assert soup(client.get("/")).html["data-color"] == ColourTheme.BLUE
    settings = MunicipalitySettings.for_site(example_site)
    settings.colour_theme = ColourTheme.GREEN
    settings.save()
    assert soup(client.get("/")).html["data-color"] == "brand1"
    # Also where no page is served: the 404 page wears the same colour.
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert 'data-color="brand1"' in missing.content.decode()


def split_print(css):
    """The stylesheet without its `@media print { … }` blocks, and those blocks (paper has its
    own units and black ink, which is no theme's)."""
    screen, paper, position = [], [], 0
    while (start := css.find("@media print", position)) != -1:
        screen.append(css[position:start])
        depth, end = 0, css.index("{", start)
        while True:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            if depth == 0:
                break
            end += 1
        paper.append(css[start : end + 1])
        position = end + 1
    return "".join(screen) + css[position:], "".join(paper)


def our_stylesheets():
    """The public site's own CSS; the admin's builds on Wagtail's tokens, not Designsystemet's."""
    paths = sorted((ROOT / "models_app").glob("*/static/*/*.css"))
    return [path for path in paths if not path.name.startswith("admin")]


def offending_lines(pattern, css, path):
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)  # a comment may name a size
    return [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for line in css.splitlines()
        if pattern.search(line) and not line.lstrip().startswith("@media")  # breakpoints
    ]


def test_our_css_has_no_literal_colour_outside_print():
    """Colours come from Designsystemet's tokens, so that every theme reaches every part."""
    offenders = []
    for path in our_stylesheets():
        offenders += offending_lines(LITERAL_COLOUR, split_print(path.read_text())[0], path)
    assert not offenders, "\n".join(offenders)


def test_our_css_has_no_literal_size_or_radius():
    """Sizes, spacing and radii come from Designsystemet's tokens (`--ds-size-*`,
    `--ds-font-size-*`, `--ds-border-radius-*`, `--ds-border-width-*`), so that the site follows
    its scale. Allowed: 0, unitless factors, percentages (also of the viewport, vw), media query
    breakpoints and 2px borders (DS has tokens for 1px and 3px borders, none for 2px); print
    may use paper's pt and mm."""
    offenders = []
    for path in our_stylesheets():
        screen, paper = split_print(path.read_text())
        offenders += offending_lines(LITERAL_SIZE, screen, path)
        offenders += offending_lines(LITERAL_SCREEN_SIZE, paper, path)
    assert not offenders, "\n".join(offenders)


def test_the_size_scanner_catches_what_it_should():
    assert LITERAL_SIZE.search("margin: 0 0 1.5rem;")
    assert LITERAL_SIZE.search("border-radius: 4px;")
    assert LITERAL_SIZE.search("width: 0.45em;")
    assert LITERAL_SIZE.search("font-size: 10px;")
    assert LITERAL_SIZE.search("margin: 15mm;")
    assert LITERAL_SIZE.search("transform: translateY(-0.15em);")
    assert LITERAL_SCREEN_SIZE.search("font-size: 0.85em;")
    assert not LITERAL_SCREEN_SIZE.search("font-size: 9pt;")
    for fine in (
        "margin: 0 0 var(--ds-size-4);",
        "border: 2px solid var(--line);",
        "width: 100%;",
        "line-height: 1.5;",
        "max-width: calc(var(--ds-size-30) * 6);",
        "width: var(--ds-size-2);",
    ):
        assert not LITERAL_SIZE.search(fine), fine


def test_generic_components_come_from_designsystemet_not_our_css():
    """Buttons, tags, screen-reader text and the skip link are DS classes in the templates."""
    generic = re.compile(r"\.(button|badge|visually-hidden|skip-link)\b[^{};]*\{")
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in our_stylesheets()
        for match in generic.finditer(path.read_text())
    ]
    assert not offenders, "\n".join(offenders)
