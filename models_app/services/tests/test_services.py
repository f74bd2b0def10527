"""Services: the organisation tree, a service page with everything that concerns it, and the
routine page (services it applies to, where it is used)."""

from wagtail.models import PageViewRestriction, ReferenceIndex, Site

import pytest

from models_app.arenas.models import ArenaPage
from models_app.guide.models import GuideLevelPage
from models_app.measures.models import MeasurePage
from models_app.model.models import ElementPage
from models_app.routines.models import RoutinePage
from models_app.services.models import ServiceIndexPage, ServicePage
from tests.factories import demo_document, example_document, imported
from tests.helpers import count_queries, soup


def make_internal(exchange_id):
    """Services have no audience in the exchange format; editors restrict them in Wagtail."""
    page = ServicePage.objects.get(exchange_id=exchange_id)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def service_url(exchange_id, host=None):
    pages = ServicePage.objects.filter(exchange_id=exchange_id)
    if host:
        pages = pages.descendant_of(Site.objects.get(hostname=host).root_page)
    return pages.get().get_url_parts()[2]


# What the document says ---------------------------------------------------------------------


def descendants(document, service_id):
    """The ids of the services below `service_id` in the document's organisation."""
    below, changed = set(), True
    while changed:
        changed = False
        for service in document["services"]:
            if service.get("parent") in below | {service_id} and service["id"] not in below:
                below.add(service["id"])
                changed = True
    return below


def expected(document, service_id, employee=False):
    """Everything the service page should list, taken from the exchange document."""

    def shown(item):
        return employee or item.get("audience") != "internal"

    tools = {tool["id"]: tool for tool in document.get("tools", [])}
    guide, tool_ids = [], []
    for level in document.get("guide", {}).get("levels", []):
        for step in level.get("steps", []):
            if service_id in step.get("involve", []):
                guide.append((level["number"], level["title"], step["title"]))
                tool_ids += step.get("tools", [])
    routines = [
        r for r in document.get("routines", []) if service_id in r.get("services", []) and shown(r)
    ]
    for routine in routines:
        tool_ids += [
            link["ref"].split(":", 1)[1]
            for link in routine.get("links", [])
            if link.get("ref", "").startswith("tool:")
        ]
    tool_titles = []
    for tool_id in tool_ids:
        title = tools[tool_id]["title"]
        if shown(tools[tool_id]) and title not in tool_titles:
            tool_titles.append(title)
    providers = {service_id} | descendants(document, service_id)
    return {
        "guide": guide,
        "routines": [r["title"] for r in routines],
        "arenas": [
            a["title"]
            for a in document.get("arenas", [])
            if service_id in a.get("participants", []) and shown(a)
        ],
        "tools": tool_titles,
        "measures": {
            m["title"]
            for m in document.get("measures", [])
            if m.get("provider") in providers and shown(m)
        },
        "elements": [
            e["title"]
            for e in document["elements"]
            if service_id in e.get("services", []) and shown(e)
        ],
    }


# What the page shows ------------------------------------------------------------------------


def group_titles(page, group_id, selector="ul.link-list > li > a:first-of-type"):
    group = page.find(id=group_id)
    if group is None:
        return []
    return [a.get_text(strip=True) for a in group.select(selector)]


def shown_guide(page):
    shown = []
    for level in page.select("#service-guide .service-guide__level"):
        number = int(level["data-level-number"])
        link = level.select_one(".service-guide__title a")
        title = link.get_text(" ", strip=True)
        for step in level.select(".service-guide__step-title"):
            shown.append((number, title, step.get_text(strip=True), link["href"]))
    return shown


def shown_concerns(page):
    return {
        "guide": [(number, step) for number, _title, step, _href in shown_guide(page)],
        "routines": group_titles(page, "service-routines"),
        "arenas": group_titles(page, "service-arenas"),
        "tools": group_titles(page, "service-tools"),
        "measures": set(group_titles(page, "service-measures")),
        "elements": group_titles(page, "service-elements"),
    }


def comparable(wanted):
    return {**wanted, "guide": [(number, step) for number, _title, step in wanted["guide"]]}


# Tests --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_service_page_lists_everything_that_concerns_it(client):
    document = demo_document()
    imported(document)

    # The import leaves every use of a service in Wagtail's reference index.
    service = ServicePage.objects.get(exchange_id="helsestasjon")
    references = ReferenceIndex.get_references_to(service)
    assert {
        "services.service",
        "participants.service",
        "steps.step.involve.item",
        "provider",
    } <= set(references.values_list("model_path", flat=True))
    involving = references.filter(model_path="steps.step.involve.item")
    assert {int(pk) for pk in involving.values_list("object_id", flat=True)} == set(
        GuideLevelPage.objects.filter(number__in=[0, 2, 3]).values_list("id", flat=True)
    )

    levels = {level.number: level for level in GuideLevelPage.objects.all()}
    for service_data in document["services"]:
        page = soup(client.get(service_url(service_data["id"])))
        wanted = expected(document, service_data["id"])
        assert shown_concerns(page) == comparable(wanted), service_data["id"]
        # Every guide level links to its page, with its number and title.
        for number, title, _step, href in shown_guide(page):
            # The level, with this service chosen so the guide highlights its steps.
            assert href == f"{levels[number].url}?tjeneste={service_data['id']}"
            assert levels[number].title in title
    # The demo exercises every group on the health centre's page.
    assert all(expected(document, "helsestasjon").values())
    page = soup(client.get(service_url("helsestasjon")))
    assert client.get(shown_guide(page)[0][3]).status_code == 200


@pytest.mark.django_db
def test_employees_see_internal_routines_and_their_tools(client, employee):
    document = demo_document()
    imported(document)
    url = service_url("helsestasjon")
    anonymous = soup(client.get(url))
    client.force_login(employee)
    logged_in = soup(client.get(url))

    assert shown_concerns(logged_in) == comparable(expected(document, "helsestasjon", True))
    anonymous_routines = group_titles(anonymous, "service-routines")
    assert anonymous_routines == expected(document, "helsestasjon")["routines"]
    assert "Dokumentasjon i stafettloggen" not in anonymous_routines
    internal = [
        li
        for li in logged_in.select("#service-routines li")
        if li.select_one(".badge--internal") is not None
    ]
    assert [li.a.get_text(strip=True) for li in internal] == [
        r["title"]
        for r in document["routines"]
        if r.get("audience") == "internal" and "helsestasjon" in r["services"]
    ]


@pytest.mark.django_db
def test_internal_routine_and_its_only_tool_are_hidden_from_anonymous_visitors(client, employee):
    document = example_document()
    document["tools"].append({"id": "intern-mal", "title": "Intern mal", "audience": "public"})
    document["routines"] = [
        {
            "id": "intern-rutine",
            "title": "Intern rutine for helsestasjonen",
            "audience": "internal",
            "services": ["helsestasjon"],
            "links": [{"ref": "tool:intern-mal"}],
        },
        {"id": "offentlig-rutine", "title": "Offentlig rutine", "services": ["helsestasjon"]},
    ]
    imported(document)
    url = service_url("helsestasjon")

    html = client.get(url).content.decode()
    assert "Offentlig rutine" in html
    assert "Intern rutine for helsestasjonen" not in html
    assert "Intern mal" not in html  # only the internal routine uses it

    client.force_login(employee)
    page = soup(client.get(url))
    assert group_titles(page, "service-routines") == [
        "Intern rutine for helsestasjonen",
        "Offentlig rutine",
    ]
    assert group_titles(page, "service-tools") == ["Intern mal"]
    routine = RoutinePage.objects.get(exchange_id="intern-rutine")
    assert page.select_one("#service-tools .link-list__summary a")["href"] == routine.url


@pytest.mark.django_db
def test_service_page_shows_contact_details_and_its_place_in_the_organisation(client):
    document = demo_document()
    imported(document)
    page = soup(client.get(service_url("helsestasjon")))
    contact = page.select_one(".contact")
    assert contact.find("a", href="tel:+4777000210").get_text(strip=True) == "+47 77 00 02 10"
    assert contact.find("a", href="mailto:helsestasjon@fjordvik.kommune.no") is not None
    assert contact.find("a", href="https://www.fjordvik.kommune.no/helsestasjon") is not None
    text = contact.get_text(" ", strip=True)
    assert "Fjordvik helsesenter, Storgata 12, 9998 Fjordvik" in text
    assert "Hverdager 08.00–15.00" in text

    # A sector: its parent and its children, in the organisation's order.
    page = soup(client.get(service_url("oppvekst")))
    family = page.select_one(".service-family")
    parent = ServicePage.objects.get(exchange_id="fjordvik-kommune")
    assert family.select_one("dd a")["href"] == parent.url
    children = [a.get_text(strip=True) for a in family.select(".service-family__children a")]
    assert children == [s["name"] for s in document["services"] if s.get("parent") == "oppvekst"]


@pytest.mark.django_db
def test_a_sector_shows_the_measures_of_its_units_marked_with_the_unit(client):
    document = demo_document()
    imported(document)
    page = soup(client.get(service_url("oppvekst")))
    items = page.select("#service-measures ul.link-list > li")
    names = {s["id"]: s["name"] for s in document["services"]}
    providers = {m["title"]: m["provider"] for m in document["measures"]}
    assert items
    for item in items:
        title = item.a.get_text(strip=True)
        assert names[providers[title]] in item.select_one(".service-measure__unit").get_text()
    overview = page.select_one("#service-measures p > a")["href"]
    assert overview.endswith("?tjeneste=oppvekst")
    assert client.get(overview).status_code == 200

    # A unit lists its own measures, without a unit mark, and nothing of its sector.
    unit = soup(client.get(service_url("familiesenteret")))
    assert unit.select("#service-measures .service-measure__unit") == []
    assert set(group_titles(unit, "service-measures")) == {
        m["title"] for m in document["measures"] if m["provider"] == "familiesenteret"
    }


@pytest.mark.django_db
def test_other_links_to_a_service_are_listed_once(client):
    document = example_document()
    document["plans"][0]["links"] = [{"ref": "service:helsestasjon"}]
    document["routines"] = [
        {
            "id": "rutine",
            "title": "Rutine for samarbeid",
            "services": ["helsestasjon"],
            "links": [{"ref": "service:helsestasjon"}],
        }
    ]
    imported(document)
    page = soup(client.get(service_url("helsestasjon")))
    also = [a.get_text(strip=True) for a in page.select("#used-in-heading + ul a")]
    # The plan once, though it links twice; the citizens' concern page names it as a contact.
    assert also == [document["plans"][0]["title"], "Bekymret for et barn?"]
    assert group_titles(page, "service-routines") == ["Rutine for samarbeid"]


@pytest.mark.django_db
def test_a_service_nobody_names_says_so(client):
    document = example_document()
    document["services"].append({"id": "tannhelse", "name": "Tannhelse", "kind": "ekstern"})
    imported(document)
    page = soup(client.get(service_url("tannhelse")))
    assert page.select(".service-group") == []
    assert page.select_one(".service-concerns p") is not None


@pytest.mark.django_db
def test_index_nests_the_organisation_with_kind_and_contact(client):
    document = demo_document()
    imported(document)
    index = ServiceIndexPage.objects.get()
    page = soup(client.get(index.url))
    tree = page.select_one("ul.service-tree--depth-1")

    def children_of(item):
        nested = item.find("ul", class_="service-tree", recursive=False)
        if nested is None:
            return []
        return [li["data-service"] for li in nested.find_all("li", recursive=False)]

    roots = [li["data-service"] for li in tree.find_all("li", recursive=False)]
    assert roots == [s["id"] for s in document["services"] if not s.get("parent")]
    for service in document["services"]:
        item = tree.select_one(f'li[data-service="{service["id"]}"]')
        assert children_of(item) == [
            s["id"] for s in document["services"] if s.get("parent") == service["id"]
        ]
        link = item.find("a", class_="service-tree__link")
        assert link.get_text(strip=True) == service["name"]
        assert link["href"] == ServicePage.objects.get(exchange_id=service["id"]).url
        contact = item.find("ul", class_="service-tree__contact", recursive=False)
        phone = service["contact"]["phone"].replace(" ", "")
        assert contact.find("a", href=f"tel:{phone}") is not None
        assert contact.find("a", href=f"mailto:{service['contact']['email']}") is not None
    sector = tree.select_one('li[data-service="oppvekst"] > .kind').get_text(strip=True)
    assert sector == ServicePage.objects.get(exchange_id="oppvekst").get_service_kind_display()


@pytest.mark.django_db
def test_index_leaves_out_internal_services_for_anonymous_visitors(client, employee):
    document = example_document()
    document["services"].append({"id": "intern", "name": "Intern enhet", "parent": "oppvekst"})
    imported(document)
    make_internal("intern")
    index = ServiceIndexPage.objects.get()
    assert "Intern enhet" not in client.get(index.url).content.decode()
    client.force_login(employee)
    page = soup(client.get(index.url))
    item = page.select_one('li[data-service="oppvekst"] li[data-service="intern"]')
    assert item.select_one(".badge--internal") is not None


# Query budget --------------------------------------------------------------------------------


def busy_document(count, name):
    """A model in which `count` routines, arenas, measures, elements and guide steps all name
    the service `helsestasjon`, with tools in the steps and in the routines' links."""
    document = example_document()
    document["municipality"] = {"name": name}
    document["services"].append(
        {"id": "helsestasjon-ung", "name": "Helsestasjon for ungdom", "parent": "helsestasjon"}
    )
    document["tools"] += [{"id": f"verktoy-{i}", "title": f"Verktøy {i}"} for i in range(count)]
    document["routines"] = [
        {
            "id": f"rutine-{i}",
            "title": f"Rutine {i}",
            "audience": "internal" if i % 3 == 0 else "public",
            "steps": ["Første steg", "Andre steg"],
            "services": ["helsestasjon", "barnehage", "barnevern"],
            "links": [{"ref": f"tool:verktoy-{i}"}, {"ref": "service:helsestasjon"}],
        }
        for i in range(count)
    ]
    document["arenas"] += [
        {"id": f"arena-{i}", "title": f"Arena {i}", "participants": ["helsestasjon", "barnevern"]}
        for i in range(count)
    ]
    document["measures"] = [
        {
            "id": f"tiltak-{i}",
            "title": f"Tiltak {i}",
            "provider": "helsestasjon" if i % 2 else "helsestasjon-ung",
        }
        for i in range(count)
    ]
    document["elements"] += [
        {
            "id": f"element-{i}",
            "level": "individ",
            "dimension": "kultur",
            "title": f"Element {i}",
            "services": ["helsestasjon"],
        }
        for i in range(count)
    ]
    document["guide"]["levels"][0]["steps"] += [
        {
            "title": f"Steg {i}",
            "involve": ["helsestasjon", "barnevern"],
            "tools": [f"verktoy-{i}", f"verktoy-{(i + 1) % count}"],
        }
        for i in range(count)
    ]
    return document


@pytest.mark.django_db
@pytest.mark.parametrize("logged_in", [False, True])
def test_query_count_does_not_grow_with_the_model(client, employee, logged_in):
    small, large = busy_document(2, "Litenvik kommune"), busy_document(40, "Storvik kommune")
    imported(small, hostname="liten.example")
    imported(large, hostname="stor.example")
    if logged_in:
        client.force_login(employee)
    counts = {}
    for host in ("liten.example", "stor.example"):
        root = Site.objects.get(hostname=host).root_page
        routine = RoutinePage.objects.descendant_of(root).get(exchange_id="rutine-1")
        pages = {
            "service": service_url("helsestasjon", host),
            "sector": service_url("oppvekst", host),
            "index": ServiceIndexPage.objects.descendant_of(root).get().get_url_parts()[2],
            "routine": routine.get_url_parts()[2],
        }
        for name, path in pages.items():
            counts[(name, host)] = count_queries(client, path, host)

    # The large model really shows more on the service page.
    page = soup(client.get(service_url("helsestasjon", "stor.example"), HTTP_HOST="stor.example"))
    wanted = expected(large, "helsestasjon", employee=logged_in)
    assert shown_concerns(page) == comparable(wanted)
    assert len(wanted["routines"]) >= 26 and len(wanted["measures"]) == 40

    for name in ("service", "sector", "index", "routine"):
        assert counts[(name, "liten.example")] == counts[(name, "stor.example")], counts
    print(counts)
    assert counts[("service", "stor.example")] <= 32, (
        counts
    )  # logged in: the user's groups and site membership too


@pytest.mark.django_db
def test_reference_index_rows_point_at_the_right_pages():
    """The ids from the index resolve to pages of the right type (guards the content types)."""
    imported(busy_document(3, "Indeksvik kommune"))
    service = ServicePage.objects.get(exchange_id="helsestasjon")
    rows = ReferenceIndex.get_references_to(service)
    by_path = {}
    for model_path, object_id in rows.values_list("model_path", "object_id"):
        by_path.setdefault(model_path, set()).add(int(object_id))
    assert by_path["participants.service"] == set(ArenaPage.objects.values_list("id", flat=True))
    assert by_path["provider"] == set(
        MeasurePage.objects.filter(provider=service).values_list("id", flat=True)
    )
    document = busy_document(3, "Indeksvik kommune")
    routines = set(RoutinePage.objects.values_list("id", flat=True))
    naming = [e["id"] for e in document["elements"] if "helsestasjon" in e.get("services", [])]
    elements = set(ElementPage.objects.filter(exchange_id__in=naming).values_list("id", flat=True))
    assert by_path["services.service"] == routines | elements


# In a real browser -----------------------------------------------------------------------------


@pytest.mark.browser
def test_service_pages_fit_a_320_px_screen(browser, live_server, wagtail_root):
    """No horizontal scrolling at 320 CSS pixels (WCAG 1.4.10) on the index, a service, a
    sector and a routine of the demo."""
    imported(demo_document())
    urls = [
        ServiceIndexPage.objects.get().url,
        ServicePage.objects.get(exchange_id="helsestasjon").url,
        ServicePage.objects.get(exchange_id="oppvekst").url,
        RoutinePage.objects.get(exchange_id="melding-til-barnevernstjenesten").url,
    ]
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for url in urls:
        page.goto(live_server.url + url)
        assert page.locator("h1").is_visible()
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], (url, widths)
    context.close()
