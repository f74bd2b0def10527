"""Screenshots of the public site at a phone's and a desktop's width, for docs/screenshots/.

Run against a served demo (`make run`, or any URL): `.venv/bin/python tests/screenshots.py
http://127.0.0.1:8000 after`. Writes `<page>-<width>-<label>.png`, the first screen only
(a phone's 640 px, a desktop's 800 px) in 64 colours, so that the files stay small.
"""

import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

PAGES = {
    "model": "/",
    "element": "/individniva/tor-a-undre-deg/",
    "guide": "/handlingsveileder/",
    "concern": "/bekymret-for-et-barn/",
    "arshjul": "/samhandlingsarenaer/arshjul/",
}
SCREENS = {360: 640, 1280: 800}
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def small_png(path, colours=64):
    """A palette of 64 colours keeps text sharp and the file a fraction of its size."""
    with Image.open(path) as image:
        image.convert("RGB").quantize(colours).save(path, optimize=True)


def main(base_url, label):
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for width, height in SCREENS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(base_url.rstrip("/") + path)
                shot = OUT / f"{name}-{width}-{label}.png"
                page.screenshot(path=shot)
                small_png(shot)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
