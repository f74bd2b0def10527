"""The glossary (issue 13): Ordforklaringer, and terms explained where a page's text uses them,
without JavaScript (the test client runs none) and in print (a list at the end of the page)."""

import pytest

from models_app.guide.models import GuideLevelPage
from models_app.model.models import ModelIndexPage
from models_app.routines.models import RoutinePage
from tests.factories import demo_document, imported
from tests.helpers import soup, text_of

STAFETTHOLDER = "Den ansatte som holder tråden i samarbeidet med barnet og familien."


@pytest.fixture
def demo(db):
    document = demo_document()
    document["glossary"] = [
        {"term": "Stafettholder", "definition": STAFETTHOLDER},
        {"term": "Opplysningsplikt", "definition": "Plikten til å melde fra til barnevernet."},
        {"term": "Ordet som ikke brukes", "definition": "Står bare i ordlisten."},
    ]
    imported(document)
    return document


def test_a_term_in_a_step_is_explained_on_that_page(client, demo):
    level = GuideLevelPage.objects.get(number=1)
    page = soup(client.get(level.url))
    marks = page.select("a.term")
    # Marked once, at its first use, in an inflected form too.
    assert [text_of(mark) for mark in marks] == ["stafettholder"]
    mark = marks[0]
    assert mark["href"] == "#ord-stafettholder"
    # The definition in place, for screen readers and on hover and focus …
    tip = page.select_one(f"#{mark['aria-describedby']}")
    assert text_of(tip) == STAFETTHOLDER
    # … and at the end of the page, where the word links to, without JavaScript and on paper.
    listed = page.select_one(".page-glossary #ord-stafettholder")
    assert text_of(listed.select_one("dt")) == "Stafettholder"
    assert text_of(listed.select_one("dd")) == STAFETTHOLDER
    assert len(page.select(".page-glossary dt")) == 1  # only the words on this page
    html = client.get(level.url).content.decode()
    assert html.index('class="term"') < html.index('class="page-glossary"')


def test_inflected_forms_count(client, demo):
    routine = RoutinePage.objects.get(exchange_id="melding-til-barnevernstjenesten")
    page = soup(client.get(routine.url))
    assert [text_of(mark) for mark in page.select("a.term")] == ["opplysningsplikt"]
    assert page.select_one(".page-glossary #ord-opplysningsplikt") is not None


def test_the_whole_guide_print_explains_each_term_once(client, demo):
    guide = GuideLevelPage.objects.get(number=1).get_parent().specific
    page = soup(client.get(guide.url + guide.reverse_subpage("print")))
    assert len(page.select('a.term[href="#ord-stafettholder"]')) == 1
    assert page.select_one(".page-glossary #ord-stafettholder") is not None


def test_a_page_without_terms_has_no_word_list(client, demo):
    level = GuideLevelPage.objects.get(number=2)
    assert "stafettholder" not in level.title.casefold()
    page = soup(client.get(ModelIndexPage.objects.get().url))
    assert page.select_one(".page-glossary") is None


def test_ordforklaringer_lists_every_term_alphabetically(client, demo):
    model = ModelIndexPage.objects.get()
    page = soup(client.get(model.url + model.reverse_subpage("glossary")))
    assert text_of(page.h1) == "Ordforklaringer"
    terms = [text_of(dt) for dt in page.select(".glossary dt")]
    assert terms == ["Opplysningsplikt", "Ordet som ikke brukes", "Stafettholder"]
    assert page.select_one("#ord-stafettholder dd").get_text(strip=True) == STAFETTHOLDER
    # A word list links there.
    level = soup(client.get(GuideLevelPage.objects.get(number=1).url))
    link = level.select_one(".page-glossary p a")
    assert link["href"] == model.url + model.reverse_subpage("glossary")
