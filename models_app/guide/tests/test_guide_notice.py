"""The guide's safety notice, step deadlines and an honest "Jeg jobber i …" (issue 13)."""

import pytest

from models_app.guide.models import GuideLevelPage, GuidePage
from tests.factories import demo_document, imported
from tests.helpers import soup, text_of

NOTICE = {
    "title": "Ved mistanke om vold eller overgrep",
    "body": "Ikke snakk med foreldrene først. Ring **barnevernvakten** eller politiet.",
}


@pytest.fixture
def guide(db):
    document = demo_document()
    levels = document["guide"]["levels"]
    levels[0]["notice"] = NOTICE
    levels[0]["steps"][0]["deadline"] = "Innen 14 dager"
    imported(document)
    return GuidePage.objects.get()


def level_page(number):
    return GuideLevelPage.objects.get(number=number)


def print_url(guide):
    return guide.url + guide.reverse_subpage("print")


def assert_notice_before_first_step(response, first_step):
    page = soup(response)
    warning = page.select_one(".guide-warning")
    assert warning is not None
    heading = text_of(warning.select_one(".guide-warning__title"))
    # The warning is said in words, not by colour alone.
    assert heading.startswith("! Viktig:") and NOTICE["title"] in heading
    assert "barnevernvakten" in text_of(warning)
    text = response.content.decode()
    assert text.index(NOTICE["title"]) < text.index(first_step)


def test_notice_precedes_the_first_step_on_the_level_page(client, guide):
    response = client.get(level_page(0).url)
    assert_notice_before_first_step(response, "Beskriv undringen")
    page = soup(response)
    # Above everything of the level: before the summary and the "Jeg jobber i" form too.
    html = response.content.decode()
    assert html.index(NOTICE["title"]) < html.index('class="guide-filter"')
    assert page.select_one(".guide-warning__body b, .guide-warning__body strong") is not None


def test_notice_precedes_the_first_step_in_the_overview_and_the_whole_guide_print(client, guide):
    assert_notice_before_first_step(client.get(guide.url), "Beskriv undringen")
    assert_notice_before_first_step(client.get(print_url(guide)), "Beskriv undringen")
    overview = soup(client.get(guide.url))
    level_0 = overview.select_one("#niva-0")
    assert level_0.select_one(".guide-warning") is not None
    assert overview.select_one("#niva-1 .guide-warning") is None


def test_a_level_without_notice_shows_none(client, guide):
    assert soup(client.get(level_page(1).url)).select_one(".guide-warning") is None


def test_deadline_shows_with_its_step_in_the_level_overview_and_print(client, guide):
    step = soup(client.get(level_page(0).url)).select_one("article.step")
    assert text_of(step.select_one(".step__deadline")) == "Frist: Innen 14 dager"
    flow = soup(client.get(guide.url)).select_one(".guide-flow__steps li")
    assert "Innen 14 dager" in text_of(flow.select_one(".guide-flow__deadline"))
    printed = soup(client.get(print_url(guide))).select_one("article.step")
    assert text_of(printed.select_one(".step__deadline")) == "Frist: Innen 14 dager"
    # One deadline per step that has one: the first (set here) and those of the demo's steps.
    later = demo_document()["guide"]["levels"][0]["steps"][1:]
    wanted = 1 + sum(1 for step in later if step.get("deadline"))
    assert len(soup(client.get(level_page(0).url)).select(".step__deadline")) == wanted


def test_service_choice_lists_the_services_taking_part_under_their_sector(client, guide):
    page = soup(client.get(level_page(0).url))
    groups = {
        group["label"]: [option["value"] for option in group.select("option")]
        for group in page.select("select[name=tjeneste] optgroup")
    }
    values = [value for values in groups.values() for value in values]
    # Never the municipality or a sector, though "Utnevn stafettholder" involves Oppvekst.
    assert "fjordvik-kommune" not in values and "oppvekst" not in values
    # Only services that take part in the guide: no step names the dental clinic.
    assert "tannhelse" not in values
    assert "ppt" in groups["Oppvekst"] and "helsestasjon" in groups["Helse og velferd"]
    assert groups["Andre tjenester og samarbeidspartnere"] == ["bup"]
    assert len(values) == len(set(values))


def test_a_level_for_every_service_never_says_none_concern_you(client, guide):
    """Level 1 (steps for the stafettholder and the leader of any service) applies to a nurse
    as much as to anyone."""
    overview = soup(client.get(guide.url, {"tjeneste": "helsestasjon"}))
    count = text_of(overview.select_one("#niva-1 .guide-flow__count"))
    assert count == "(gjelder alle tjenester)"
    assert "0 gjelder deg" not in text_of(overview.select_one(".guide-flow"))

    level = soup(client.get(level_page(1).url, {"tjeneste": "helsestasjon"}))
    badges = [text_of(a.select_one(".badge")) for a in level.select("article.step")]
    assert badges == ["Gjelder alle tjenester"] * 4
    summary = text_of(level.select_one(".guide-summary"))
    assert "4 steg gjelder alle tjenester" in summary


def test_a_step_for_one_service_is_not_for_everyone(client, guide):
    level = soup(client.get(level_page(3).url, {"tjeneste": "ppt"}))
    articles = level.select("article.step")
    # "Avklar koordinator og individuell plan" is for Koordinerende enhet only.
    coordinator = next(a for a in articles if "Avklar koordinator" in text_of(a))
    assert coordinator.select_one(".badge") is None
    # Without a chosen service, no step is marked at all.
    plain = soup(client.get(level_page(1).url))
    assert plain.select(".badge--everyone") == []
