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


def without_print(css):
    """The stylesheet without its `@media print { … }` blocks (black ink is no theme's)."""
    kept, position = [], 0
    while (start := css.find("@media print", position)) != -1:
        kept.append(css[position:start])
        depth, end = 0, css.index("{", start)
        while True:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            if depth == 0:
                break
            end += 1
        position = end + 1
    return "".join(kept) + css[position:]


def test_our_css_has_no_literal_colour_outside_print():
    """Colours come from Designsystemet's tokens, so that every theme reaches every part."""
    offenders = []
    for path in (ROOT / "models_app").glob("*/static/*/*.css"):
        if path.name.startswith("admin"):
            continue  # the admin's own CSS builds on Wagtail's tokens, not Designsystemet's
        for line in without_print(path.read_text()).splitlines():
            if LITERAL_COLOUR.search(line) and not line.strip().startswith(("/*", "*")):
                offenders.append(f"{path.relative_to(ROOT)}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
