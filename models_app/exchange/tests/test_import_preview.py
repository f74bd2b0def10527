"""The import preview for people: titles and kinds, the fields that change (before → after,
shortened), and a warning when the file's language is not the site's."""

import pytest
from bs4 import BeautifulSoup

from models_app.exchange.tests.test_admin_exchange import PREVIEW, upload
from tests.factories import imported, sized_document
from tests.helpers import text_of

LONG = "Et langt sammendrag " * 20


@pytest.fixture
def avik(db):
    return imported(sized_document(6, "Avik kommune"), hostname="avik.example").site


def preview(admin_client, site, document):
    response = admin_client.post(PREVIEW, {"file": upload(document), "site": site.pk})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def section_after(html, heading_start):
    heading = next(h for h in html.select("h3") if text_of(h).startswith(heading_start))
    return heading.find_next_sibling("ul")


def test_the_preview_names_objects_by_title_and_shows_what_changes(admin_client, avik):
    document = sized_document(6, "Avik kommune")
    document["elements"][0]["title"] = "Ledelsen går foran"
    document["elements"][0]["summary"] = LONG
    removed = document["elements"].pop(5)
    document["elements"].append(
        {"id": "nytt", "level": "etat", "dimension": "kultur", "title": "Et nytt element"}
    )

    html = preview(admin_client, avik, document)

    added = text_of(section_after(html, "Lagt til"))
    assert "Et nytt element" in added and "Modellelement" in added
    changed = section_after(html, "Endret")
    (row,) = [li for li in changed.select("li") if "Ledelsen går foran" in text_of(li)]
    changes = {text_of(d.find("dt")): text_of(d.find("dd")) for d in row.select("dl > div")}
    assert changes["Tittel"] == "Element 0 → Ledelsen går foran"
    before, after = changes["Sammendrag"].split(" → ")
    assert before == "Sammendrag 0"
    assert after.endswith("…") and len(after) <= 80
    assert removed["title"] in text_of(section_after(html, "Avpublisert"))
    assert html.select_one(".help-warning") is None or "nynorsk" not in text_of(html)


def test_a_file_in_another_language_than_the_site_is_warned_of(admin_client, avik):
    document = sized_document(6, "Avik kommune")
    document["language"] = "nn"

    html = preview(admin_client, avik, document)

    warnings = " ".join(text_of(p) for p in html.select(".help-warning"))
    assert "Nettstedet er skrevet på bokmål, men filen er på nynorsk." in warnings
