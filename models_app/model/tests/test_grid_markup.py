"""The grid writes its elements' markup in Python (model/grid.py ElementMarkup) for speed: it
must stay what the shared templates write."""

from django.template.loader import render_to_string
from django.utils import translation

import pytest

from models_app.core.links import ResolvedLink
from models_app.model.grid import ElementMarkup

LINKS = [
    ResolvedLink('Plan <for> "barn" & unge', "/planer/plan/?a=1&b=<2>"),
    ResolvedLink("Bekymringsmelding", "https://example.no/skjema?x=1&y=2", "skjema", True),
    ResolvedLink("Intern rutine", "/rutiner/intern/", "rutine", internal=True),
]


def collapsed(html):
    return " ".join(html.split())


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_grid_writes_links_as_the_link_template_does(language):
    with translation.override(language):
        written = ElementMarkup().link_list(LINKS)
        expected = [
            render_to_string("core/components/link_item.html", {"link": link}) for link in LINKS
        ]
    items = written.split("<li>")[1:]
    assert len(items) == len(LINKS)
    for item, template in zip(items, expected, strict=True):
        assert collapsed(item.split("</li>")[0]) == collapsed(template)
    assert "&lt;for&gt; &quot;barn&quot; &amp; unge" in written  # escaped, as the template does
    assert 'class="badge badge--internal' in written


def test_the_grid_badges_are_the_badge_templates():
    with translation.override("nn"):
        markup = ElementMarkup()
        assert markup.internal_badge == render_to_string("core/components/internal_badge.html")
        assert markup.mine_badge == render_to_string("core/components/mine_badge.html")
    assert ">Gjeld deg<" in markup.mine_badge  # translated, in the language of the page
