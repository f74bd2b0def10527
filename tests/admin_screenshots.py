"""Screenshots of our own admin views for docs/screenshots/: the Modell view, the Modellsjekk,
the Lenkesjekk and the import preview, as a superuser sees them at 1280 px.

Run against a served demo (`make run`, which shows the admin's password):
`.venv/bin/python -m tests.admin_screenshots http://127.0.0.1:8000 admin PASSWORD`.
The preview uploads fixtures/demo.json with one title and one summary changed, an element
removed and one added, so that every list of the preview shows.
"""

import copy
import json
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.screenshots import OUT, small_png

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo.json"
SCREENS = {
    "admin-model": "/admin/modell/",
    "admin-modellsjekk": "/admin/modellsjekk/",
    "admin-lenkesjekk": "/admin/modellsjekk/lenker/",
}


def changed_demo():
    document = json.loads(DEMO.read_text(encoding="utf-8"))
    changed = copy.deepcopy(document)
    changed["elements"][0]["title"] += " – hele veien"
    changed["elements"][1]["summary"] = "Politikerne får en kort orientering hvert kvartal."
    changed["elements"].pop()
    changed["elements"].append(
        {"id": "nytt-element", "level": "etat", "dimension": "kultur", "title": "Et nytt element"}
    )
    return changed


def log_in(page, base, username, password):
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def preview(page, base, folder):
    path = Path(folder) / "modell.json"
    path.write_text(json.dumps(changed_demo(), ensure_ascii=False), encoding="utf-8")
    page.goto(f"{base}/admin/import-eksport/")
    site = page.locator("select[name=site] option:not([value=''])").first.get_attribute("value")
    page.locator("select[name=site]").select_option(value=site)
    page.locator("input[name=file]").set_input_files(path)
    page.locator("form[action$='/forhandsvis/'] button[type=submit]").click()
    page.wait_for_url("**/forhandsvis/")


def shoot(page, name):
    shot = OUT / f"{name}.png"
    page.screenshot(path=shot)
    small_png(shot)


def main(base_url, username, password):
    base = base_url.rstrip("/")
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO")
        page = context.new_page()
        log_in(page, base, username, password)
        for name, path in SCREENS.items():
            page.goto(base + path)
            shoot(page, name)
        preview(page, base, folder)
        shoot(page, "admin-import-preview")
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
