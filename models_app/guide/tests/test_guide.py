"""The handlingsveileder: the flow of levels, a level's steps, printing and "Jeg jobber i …"."""

import copy

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction

from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction, Site

import pytest

from models_app.arenas.models import ArenaPage
from models_app.guide.models import GuideLevelPage, GuidePage
from models_app.model.models import ElementPage
from models_app.routines.models import RoutinePage
from models_app.services.models import ServicePage
from models_app.tools.models import ToolPage
from tests.factories import demo_document, imported, sized_document
from tests.helpers import count_queries, soup, text_of


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    """The demo, imported once for a class of tests and rolled back after the last one; each
    test runs in a savepoint inside, so what one test changes the next does not see."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        document = demo_document()
        imported(document)
    yield document
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    cache.clear()  # Wagtail caches the sites' root paths


def guide_page():
    return GuidePage.objects.get()


def level_page(number):
    return GuideLevelPage.objects.get(number=number)


def print_url():
    guide = guide_page()
    return guide.url + guide.reverse_subpage("print")


def step_titles(page):
    return [text_of(h) for h in page.select("article.step .step__title")]


def own_title(heading):
    """A step heading without its "Concerns you" marker."""
    for badge in heading.select(".badge"):
        badge.extract()
    return text_of(heading)


def services_by_id(document):
    return {service["id"]: service["name"] for service in document["services"]}


def concerning(document, service_id):
    """(level number, step title) of every step that concerns a service, from the document."""
    name = services_by_id(document)[service_id].casefold()
    return [
        (level["number"], step["title"])
        for level in document["guide"]["levels"]
        for step in level["steps"]
        if service_id in step.get("involve", []) or name in step.get("responsible", "").casefold()
    ]


@pytest.mark.django_db
@pytest.mark.usefixtures("demo")
class TestTheDemoGuide:
    """The demo's guide, imported once for the class (each test runs in its own savepoint)."""

    def test_overview_shows_the_levels_in_order_as_one_flow_with_their_steps(self, client, demo):
        page = soup(client.get(guide_page().url))
        levels = demo["guide"]["levels"]

        flow = page.select("ol.guide-flow > li.guide-flow__level")
        assert [text_of(item.select_one(".guide-flow__title")) for item in flow] == [
            level["title"] for level in levels
        ]
        for item, level in zip(flow, levels, strict=True):
            assert text_of(item.select_one(".guide-flow__marker")) == str(level["number"])
            assert (
                item.select_one(".guide-flow__title a")["href"] == level_page(level["number"]).url
            )
            assert level["summary"] in text_of(item)
            assert [text_of(a) for a in item.select(".guide-flow__steps a")] == [
                step["title"] for step in level["steps"]
            ]
            assert level["escalate_when"] in text_of(item.select_one(".guide-flow__onward"))
        # Each level points on to the next one; the last one has nowhere to go.
        for item, following in zip(flow, flow[1:], strict=False):
            next_link = item.select_one(".guide-flow__next a")
            assert next_link["href"] == following.select_one(".guide-flow__title a")["href"]
        assert flow[-1].select_one(".guide-flow__next") is None

    def test_overview_explains_the_stafettholder_and_links_to_the_print_version(self, client, demo):
        page = soup(client.get(guide_page().url))
        thread = page.select_one(".guide-thread")
        assert thread is not None
        assert "stafettholder" in text_of(thread).casefold()
        assert demo["guide"]["summary"] in text_of(page.select_one("main"))
        assert page.find("a", href=print_url()) is not None

    def test_level_page_shows_each_step_with_responsible_tools_services_and_escalation(
        self, client, demo
    ):
        level = demo["guide"]["levels"][0]
        tools = {tool["id"]: tool for tool in demo["tools"]}
        names = services_by_id(demo)
        page = soup(client.get(level_page(0).url))

        steps = page.select("ol.steps > li > article.step")
        assert [own_title(s.select_one(".step__title")) for s in steps] == [
            step["title"] for step in level["steps"]
        ]
        for article, step in zip(steps, level["steps"], strict=True):
            facts = {text_of(row.dt): row.dd for row in article.select("dl.facts > div")}
            assert text_of(facts["Ansvarlig"]) == step["responsible"]
            tool_links = facts["Verktøy"].select(".guide-tool > a:first-child")
            assert [text_of(a) for a in tool_links] == [tools[t]["title"] for t in step["tools"]]
            for link, tool_id in zip(tool_links, step["tools"], strict=True):
                assert link["href"] == ToolPage.objects.get(exchange_id=tool_id).url
                # No Wagtail document in the demo: the tool's own address opens it.
                file_link = link.find_next("a", class_="tool-file__link")
                assert file_link["href"] == tools[tool_id]["url"]
            service_links = facts["Tjenester som skal involveres"].select("a")
            assert [text_of(a) for a in service_links] == [names[s] for s in step["involve"]]
            for link, service_id in zip(service_links, step["involve"], strict=True):
                assert link["href"] == ServicePage.objects.get(exchange_id=service_id).url

        escalate = page.select_one("section.escalate")
        assert level["escalate_when"] in text_of(escalate)
        assert escalate.select_one(".guide-flow__next a")["href"] == level_page(1).url

    def test_level_page_shows_the_steps_links_and_body(self, client, demo):
        step = demo["guide"]["levels"][0]["steps"][1]
        page = soup(client.get(level_page(0).url))
        article = page.select("article.step")[1]
        assert "Snakk med nærmeste leder" in text_of(article.select_one(".step__body"))
        hrefs = [a["href"] for a in article.select("dl.facts a")]
        for link in step["links"]:
            kind, exchange_id = link["ref"].split(":")
            assert kind == "arena"
            assert ArenaPage.objects.get(exchange_id=exchange_id).url in hrefs

    def test_level_pages_link_to_the_previous_and_next_level_and_the_overview(self, client, demo):
        first = soup(client.get(level_page(0).url))
        middle = soup(client.get(level_page(1).url))
        last = soup(client.get(level_page(3).url))

        assert first.select_one(".guide-pager a[rel=prev]") is None
        assert first.select_one(".guide-pager a[rel=next]")["href"] == level_page(1).url
        assert middle.select_one(".guide-pager a[rel=prev]")["href"] == level_page(0).url
        assert middle.select_one(".guide-pager a[rel=next]")["href"] == level_page(2).url
        assert last.select_one(".guide-pager a[rel=next]") is None
        for page in (first, middle, last):
            assert page.select_one(".guide-pager__all a")["href"] == guide_page().url
            assert page.find("a", href=print_url()) is not None

    def test_level_page_has_a_print_button_for_javascript_only(self, client, demo):
        response = client.get(level_page(0).url)
        page = soup(response)
        button = page.select_one("button.print-button")
        assert button["type"] == "button"
        assert button.has_attr("hidden")  # print.js reveals it
        assert (
            page.find("script", src=lambda src: src and src.endswith("guide/print.js")) is not None
        )
        assert not [s for s in page.find_all("script") if not s.get("src")]  # no inline script
        assert "unsafe-inline" not in response["Content-Security-Policy"]

    def test_tool_with_a_wagtail_document_shows_file_type_and_size(
        self, client, demo, settings, tmp_path
    ):
        settings.MEDIA_ROOT = tmp_path
        document = get_document_model().objects.create(
            title="Samtykkeskjema (PDF)",
            file=ContentFile(b"%PDF-1.4\n" + b"0" * 122_991, name="samtykkeskjema.pdf"),
        )
        tool = ToolPage.objects.get(exchange_id="samtykkeskjema")
        tool.document = document
        tool.save_revision().publish()

        page = soup(client.get(level_page(0).url))
        item = next(
            li
            for li in page.select(".guide-tool")
            if text_of(li.select_one("a")) == "Felles samtykkeskjema for samarbeid"
        )
        file_link = item.select_one("a.tool-file__link")
        assert file_link["href"] == document.url
        assert text_of(file_link.select_one(".tool-file__meta")) == "(PDF, 123 kB)"
        assert client.get(file_link["href"]).status_code == 200

        # A tool without a document still opens its external address.
        other = next(
            li
            for li in page.select(".guide-tool")
            if text_of(li.select_one("a")) == "Skjema for å beskrive undringen"
        )
        assert other.select_one("a.tool-file__link")["href"].startswith("https://")

    @pytest.mark.parametrize("service_id", ["barnevernstjenesten", "ppt", "koordinerende-enhet"])
    def test_chosen_service_highlights_exactly_the_steps_that_concern_it(
        self, client, demo, service_id
    ):
        wanted = concerning(demo, service_id)
        assert wanted  # the demo exercises it
        name = services_by_id(demo)[service_id]

        found = []
        for level in demo["guide"]["levels"]:
            response = client.get(level_page(level["number"]).url, {"tjeneste": service_id})
            page = soup(response)
            mine = page.select("article.step.step--mine")
            for article in mine:
                heading = article.select_one(".step__title")
                assert text_of(heading.select_one(".badge--mine"))  # a visible marker
                found.append((level["number"], own_title(heading)))
            summary = text_of(page.select_one(".guide-summary"))
            assert summary.startswith(f"{len(mine)} ")
            assert str(len(level["steps"])) in summary
            assert name in summary
            # The form keeps the choice.
            selected = page.select("select[name=tjeneste] option[selected]")
            assert [option["value"] for option in selected] == [service_id]
        assert found == wanted

        overview = soup(client.get(guide_page().url, {"tjeneste": service_id}))
        marked = [
            text_of(li.select_one("a")) for li in overview.select("li.guide-flow__step--mine")
        ]
        assert marked == [title for _number, title in wanted]
        summary = text_of(overview.select_one(".guide-summary"))
        assert summary.startswith(f"{len(wanted)} ")
        assert "16" in summary
        assert name in summary

    def test_the_choice_lives_in_the_url_and_links_keep_it(self, client, demo):
        query = "?tjeneste=ppt"
        for url in (guide_page().url, level_page(1).url, print_url()):
            response = client.get(url + query)
            assert response.status_code == 200
            assert not response.cookies, url
            assert "Set-Cookie" not in response.headers, url
        overview = soup(client.get(guide_page().url + query))
        form = overview.select_one("form.guide-filter")
        assert form["method"] == "get"
        assert form["action"] == guide_page().url
        assert form.select_one("label[for=guide-service]") is not None
        assert form.select_one("button[type=submit]") is not None
        assert form.select_one("input[name=csrfmiddlewaretoken]") is None
        assert overview.select_one(".guide-flow__title a")["href"] == level_page(0).url + query
        assert overview.find("a", href=print_url() + query) is not None

        level = soup(client.get(level_page(1).url + query))
        assert level.select_one(".guide-pager a[rel=prev]")["href"] == level_page(0).url + query
        assert level.select_one(".guide-pager a[rel=next]")["href"] == level_page(2).url + query
        assert level.select_one(".guide-pager__all a")["href"] == guide_page().url + query
        assert level.select_one(".guide-summary__clear")["href"] == level_page(1).url

    def test_form_lists_the_services_taking_part_in_the_guide(self, client, demo):
        page = soup(client.get(level_page(0).url))
        values = [o["value"] for o in page.select("select[name=tjeneste] option") if o["value"]]
        taking_part = {
            service_id
            for level in demo["guide"]["levels"]
            for step in level["steps"]
            for service_id in step.get("involve", [])
        } | {"koordinerende-enhet"}  # named by a responsible text
        grouping = {s["id"] for s in demo["services"] if s.get("kind") in ("kommune", "sektor")}
        assert sorted(values) == sorted(taking_part - grouping)
        assert page.select("select[name=tjeneste] option[selected]") == []
        assert page.select(".step--mine") == []
        assert page.select_one(".guide-summary") is None

    def test_an_unknown_service_is_ignored_politely(self, client, demo):
        page = soup(client.get(level_page(0).url, {"tjeneste": "finnes-ikke"}))
        assert page.select_one(".guide-notice") is not None
        assert page.select(".step--mine") == []
        assert len(page.select("article.step")) == 4
        assert page.select("select[name=tjeneste] option[selected]") == []
        assert page.select_one(".guide-flow__next a")["href"] == level_page(1).url

    def test_a_steps_tool_edited_once_changes_on_every_page_that_uses_it(self, client, demo):
        tool = ToolPage.objects.get(exchange_id="samtykkeskjema")
        tool.title = "Nytt felles samtykkeskjema 2027"
        tool.save_revision().publish()

        routine = RoutinePage.objects.get(exchange_id="samtykke-og-taushetsplikt")
        element = ElementPage.objects.get(exchange_id="tverrfaglig-team")
        pages = {
            "guide level 0": level_page(0).url,
            "guide level 3": level_page(3).url,
            "routine": routine.url,
            "element": element.url,
            "print": print_url(),
        }
        for name, url in pages.items():
            page = soup(client.get(url))
            links = [text_of(a) for a in page.select("main a") if a.get("href") == tool.url]
            assert "Nytt felles samtykkeskjema 2027" in links, name
            assert "Felles samtykkeskjema for samarbeid" not in page.get_text(), name

    def test_whole_guide_print_page_lists_every_level_with_all_steps(self, client, demo):
        page = soup(client.get(print_url()))
        levels = demo["guide"]["levels"]
        sections = page.select("section.guide-print-level")
        assert [text_of(s.h2) for s in sections] == [level["title"] for level in levels]
        for section, level in zip(sections, levels, strict=True):
            assert [own_title(h) for h in section.select(".step__title")] == [
                step["title"] for step in level["steps"]
            ]
            assert level["escalate_when"] in text_of(section.select_one(".escalate"))
        ids = [node["id"] for node in page.select("[id]")]
        assert len(ids) == len(set(ids))
        assert page.select_one("button.print-button") is not None

    def test_links_carry_their_absolute_address_for_print(self, client, demo):
        page = soup(client.get(level_page(0).url))
        tool_link = page.select_one(".guide-tool > a")
        assert tool_link["data-print-url"] == "http://testserver" + tool_link["href"]
        service_link = page.select_one("article.step dl a[href*='/tjenester/']")
        assert service_link["data-print-url"] == "http://testserver" + service_link["href"]
        assert "http://testserver" + level_page(0).url in text_of(page.select_one(".guide-source"))


# Other models ---------------------------------------------------------------------------------


def test_levels_are_shown_in_the_order_of_their_numbers(client, db):
    document = demo_document()
    document["guide"]["levels"].reverse()
    imported(document)
    page = soup(client.get(guide_page().url))
    numbers = [text_of(m) for m in page.select(".guide-flow__marker")]
    assert numbers == ["0", "1", "2", "3"]


def test_internal_tools_services_and_levels_are_hidden_from_anonymous_visitors(client, employee):
    document = demo_document()
    document["guide"]["levels"][3]["audience"] = "internal"
    document["guide"]["levels"][3]["title"] = "Nivå 3 – Internt nivå"
    imported(document)
    internal_tool = ToolPage.objects.get(exchange_id="mal-samarbeidsmote")
    service = ServicePage.objects.get(exchange_id="ppt")
    PageViewRestriction.objects.create(page=service, restriction_type=PageViewRestriction.LOGIN)
    urls = [guide_page().url, level_page(1).url, level_page(2).url, print_url()]

    for url in urls:
        html = client.get(url).content.decode()
        assert internal_tool.title not in html, url
        assert service.title not in html, url
        assert "Internt nivå" not in html, url
    assert client.get(level_page(3).url).status_code == 302
    assert soup(client.get(level_page(2).url)).select_one(".guide-pager a[rel=next]") is None
    assert 'value="ppt"' not in client.get(guide_page().url).content.decode()

    client.force_login(employee)
    for url in urls:
        html = client.get(url).content.decode()
        assert service.title in html, url
        if url != guide_page().url:  # the overview lists the steps' titles only
            assert internal_tool.title in html, url
    assert "Internt nivå" in client.get(guide_page().url).content.decode()
    page = soup(client.get(level_page(1).url))
    tool_item = next(li for li in page.select(".guide-tool") if internal_tool.title in text_of(li))
    assert tool_item.select_one(".badge--internal") is not None
    assert client.get(level_page(3).url).status_code == 200


def test_a_step_concerns_the_service_its_responsible_text_names(client, db):
    document = demo_document()
    steps = document["guide"]["levels"][0]["steps"]
    steps[0]["responsible"] = "Helsesykepleier i Familiesenteret"
    steps[1]["responsible"] = "PPT-leder, sammen med stafettholder"
    steps[2]["responsible"] = "Stafettholder i PPTjenesten"  # not a name of either service
    for step in steps:
        step["involve"] = []
    imported(document)

    def marked(service_id):
        page = soup(client.get(level_page(0).url, {"tjeneste": service_id}))
        return ["step--mine" in article["class"] for article in page.select("article.step")]

    assert marked("familiesenteret") == [True, False, False, False]
    assert marked("ppt") == [False, True, False, False]  # "Pedagogisk-psykologisk tjeneste (PPT)"


def guide_document(step_counts, name):
    """A small model whose guide has one level per entry of `step_counts`, each step with
    tools, services and links, a tool with a Wagtail document and an internal tool among them."""
    document = sized_document(6, name)
    document["routines"] = [{"id": "rutine", "title": "Rutine"}]
    document["tools"][1]["audience"] = "internal"
    document["guide"]["levels"] = [
        {
            "number": number,
            "title": f"Nivå {number}",
            "escalate_when": "Når det trengs.",
            "steps": [
                {
                    "title": f"Steg {number}.{index}",
                    "body": f"Gjør **dette** for steg {index}.",
                    "responsible": "Tjeneste 1" if index % 3 == 0 else "Stafettholder",
                    "tools": [f"verktoy-{index % 5}", f"verktoy-{(index + 1) % 5}"],
                    "involve": [f"tjeneste-{index % 5}", "oppvekst"],
                    "links": [
                        {"ref": "routine:rutine"},
                        {"ref": f"plan:plan-{index % 5}"},
                        {"url": "https://www.bufdir.no/", "title": "Bufdir"},
                    ],
                }
                for index in range(count)
            ],
        }
        for number, count in enumerate(step_counts)
    ]
    return document


def attach_document(root):
    document = get_document_model().objects.create(
        title="Skjema", file=ContentFile(b"x" * 2048, name="skjema.docx")
    )
    tool = ToolPage.objects.descendant_of(root).get(exchange_id="verktoy-0")
    tool.document = document
    tool.save_revision().publish()


@pytest.mark.parametrize("logged_in", [False, True])
def test_guide_pages_cost_a_fixed_number_of_queries(client, db, settings, tmp_path, logged_in):
    settings.MEDIA_ROOT = tmp_path
    imported(guide_document([2, 2], "Litenvik kommune"), hostname="liten.example")
    imported(guide_document([20, 20, 20, 20], "Storvik kommune"), hostname="stor.example")
    if logged_in:
        client.force_login(get_user_model().objects.create_user("ansatt", password="p-1-hemmelig"))
    counts = {}
    for host in ("liten.example", "stor.example"):
        root = Site.objects.get(hostname=host).root_page
        attach_document(root)
        guide = GuidePage.objects.descendant_of(root).get()
        level = GuideLevelPage.objects.descendant_of(root).get(number=0)
        steps = len(level.steps.raw_data)
        paths = {
            "overview": guide.get_url_parts()[2],
            "level": level.get_url_parts()[2],
            "print": guide.get_url_parts()[2] + guide.reverse_subpage("print"),
        }
        for name, path in paths.items():
            counts[(name, host)] = count_queries(client, path, host)
            counts[(name + " chosen", host)] = count_queries(
                client, path + "?tjeneste=tjeneste-1", host
            )
        counts[("steps", host)] = steps
    assert counts[("steps", "liten.example")] == 2
    assert counts[("steps", "stor.example")] == 20
    for name in ("overview", "level", "print"):
        for variant in (name, name + " chosen"):
            assert counts[(variant, "liten.example")] == counts[(variant, "stor.example")], counts


def test_chosen_service_in_the_query_budget_model_is_highlighted(client, db):
    imported(guide_document([6], "Litenvik kommune"))
    page = soup(client.get(level_page(0).url, {"tjeneste": "tjeneste-1"}))
    marked = [own_title(a.select_one(".step__title")) for a in page.select(".step--mine")]
    # Steps 1 (involves tjeneste-1), 0 and 3 (responsible "Tjeneste 1").
    assert marked == ["Steg 0.0", "Steg 0.1", "Steg 0.3"]


def test_a_guide_without_levels_shows_a_helpful_text(client, db):
    document = copy.deepcopy(demo_document())
    for level in document["guide"]["levels"]:
        level["audience"] = "internal"
    imported(document)
    page = soup(client.get(guide_page().url))
    assert page.select("li.guide-flow__level") == []
    assert soup(client.get(print_url())).select("section.guide-print-level") == []
