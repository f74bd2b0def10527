"""The tiltaksoversikt (filters, counts, shareable URLs, empty state) and the measure page.

The measures below are chosen so that every filter rule has a case on each side of it:

| id            | groups              | ages   | access         | provider                  |
| ------------- | ------------------- | ------ | -------------- | ------------------------- |
| apen-dor      | barn, unge          | 6–16   | selvhenvisning | helsestasjon              |
| foreldrekurs  | foreldre            | 0–6    | begge          | barnehage                 |
| dropin        | unge, unge-voksne   | 13–20  | henvisning     | ungdomshelse (under hs.)  |
| okonomi       | familier            | –      | begge          | nav (not under oppvekst)  |
| hjelpetiltak  | barn, familier      | 0–18   | henvisning     | barnevern                 |
| fritid        | barn                | 10–    | –              | –                         |

Services: oppvekst ⊃ {helsestasjon ⊃ ungdomshelse, barnehage, barnevern}; nav on its own.
"""

import re
from urllib.parse import parse_qsl, urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import PageViewRestriction, Site

import pytest
from bs4 import BeautifulSoup

from models_app.core.choices import TARGET_GROUPS
from models_app.measures.models import MeasureIndexPage, MeasurePage
from models_app.services.models import ServiceIndexPage, ServicePage
from tests.factories import example_document, imported

ALL = {"apen-dor", "foreldrekurs", "dropin", "okonomi", "hjelpetiltak", "fritid"}
TITLES = {
    "apen-dor": "Åpen dør hos helsesykepleier",
    "foreldrekurs": "Foreldrekurs i barnehagen",
    "dropin": "Drop-in for ungdom",
    "okonomi": "Hjelp med økonomi",
    "hjelpetiltak": "Hjelpetiltak i hjemmet",
    "fritid": "Fritidskassen",
}
IDS_BY_TITLE = {title: key for key, title in TITLES.items()}
PROVIDER_PHONE = "+47 99 99 99 99"  # helsestasjon's phone in the example document


def measure(key, groups, age_min, age_max, access, provider, **extra):
    item = {"id": key, "title": TITLES[key], "summary": f"Om {TITLES[key]}."}
    if groups:
        item["target_groups"] = groups
    if age_min is not None:
        item["age_min"] = age_min
    if age_max is not None:
        item["age_max"] = age_max
    if access:
        item["access"] = access
    if provider:
        item["provider"] = provider
    item.update(extra)
    return item


def measures_document():
    document = example_document()
    document["services"] += [
        {"id": "ungdomshelse", "name": "Helsestasjon for ungdom", "parent": "helsestasjon"},
        {"id": "nav", "name": "NAV", "kind": "etat"},
    ]
    document["measures"] = [
        measure(
            "apen-dor",
            ["barn", "unge"],
            6,
            16,
            "selvhenvisning",
            "helsestasjon",
            contact={"phone": "+47 11 22 33 44"},
            evidence_url="https://www.ungsinn.no/",
            review={"last_reviewed": "2026-02-16", "interval_months": 12, "responsible": "Leder"},
            links=[{"ref": "tool:samtykkeskjema"}],
        ),
        measure("foreldrekurs", ["foreldre"], 0, 6, "begge", "barnehage"),
        measure("dropin", ["unge", "unge-voksne"], 13, 20, "henvisning", "ungdomshelse"),
        measure("okonomi", ["familier"], None, None, "begge", "nav"),
        measure("hjelpetiltak", ["barn", "familier"], 0, 18, "henvisning", "barnevern"),
        measure("fritid", ["barn"], 10, None, "", None),
    ]
    return document


@pytest.fixture
def measures_site(db):
    return imported(measures_document()).site


def overview_url():
    return MeasureIndexPage.objects.get().url


def get(client, query=""):
    response = client.get(overview_url() + query)
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def shown(page):
    """The measures listed, as their ids, in order."""
    return [IDS_BY_TITLE[a.get_text(strip=True)] for a in page.select(".measure-card__title a")]


def numbers(text):
    return [int(n) for n in re.findall(r"[0-9]+", text)]


def heading_counts(page):
    """(shown, total) from the results heading "N of M measures"."""
    return tuple(numbers(page.find(id="tiltak-resultater").get_text())[:2])


def label_count(page, input_id):
    label = page.find("label", attrs={"for": input_id})
    return numbers(label.find(class_="measure-filter__count").get_text())[0]


def option_count(page, select_name, value):
    option = page.find("select", attrs={"name": select_name}).find("option", value=value)
    return int(re.search(r"\(([0-9]+)\)$", option.get_text(strip=True)).group(1))


def query_of(url):
    return sorted(parse_qsl(urlsplit(url).query))


# Each filter alone --------------------------------------------------------------------------


@pytest.mark.usefixtures("measures_site")
def test_without_filters_every_measure_is_shown_in_order_with_what_it_is(client):
    page = get(client)
    assert shown(page) == [
        "apen-dor",
        "foreldrekurs",
        "dropin",
        "okonomi",
        "hjelpetiltak",
        "fritid",
    ]
    assert heading_counts(page) == (6, 6)
    card = page.select(".measure-card")[0].get_text(" ", strip=True)
    assert "Om Åpen dør hos helsesykepleier." in card
    assert "6–16" in card
    assert "Helsestasjon og skolehelsetjeneste" in card
    with translation.override("nb"):
        assert str(dict(MeasurePage._meta.get_field("access").choices)["selvhenvisning"]) in card
        assert str(dict(TARGET_GROUPS)["barn"]) in card
    assert page.find(class_="measure-empty") is None
    assert page.find(class_="measure-note") is None


ALONE = [
    ("?malgruppe=barn", {"apen-dor", "hjelpetiltak", "fritid"}),
    ("?malgruppe=unge-voksne", {"dropin"}),
    # Several groups widen the result: a measure for any of them.
    (
        "?malgruppe=barn&malgruppe=foreldre",
        {"apen-dor", "foreldrekurs", "hjelpetiltak", "fritid"},
    ),
    ("?alder=12", {"apen-dor", "okonomi", "hjelpetiltak", "fritid"}),
    # The provider filter includes services below the chosen one, at any depth.
    ("?tjeneste=oppvekst", {"apen-dor", "foreldrekurs", "dropin", "hjelpetiltak"}),
    ("?tjeneste=helsestasjon", {"apen-dor", "dropin"}),
    ("?tjeneste=ungdomshelse", {"dropin"}),
    ("?tjeneste=nav", {"okonomi"}),
    # `begge` matches both ways of access; a measure without access matches neither.
    ("?tilgang=selvhenvisning", {"apen-dor", "foreldrekurs", "okonomi"}),
    ("?tilgang=henvisning", {"foreldrekurs", "dropin", "okonomi", "hjelpetiltak"}),
]


@pytest.mark.usefixtures("measures_site")
def test_each_filter_alone(client):
    for query, expected in ALONE:
        page = get(client, query)
        assert set(shown(page)) == expected, query
        assert heading_counts(page) == (len(expected), 6), query


AGES = [
    (0, {"foreldrekurs", "okonomi", "hjelpetiltak"}),
    (6, {"apen-dor", "foreldrekurs", "okonomi", "hjelpetiltak"}),  # both ends of 0–6, 6–16
    (7, {"apen-dor", "okonomi", "hjelpetiltak"}),
    (10, {"apen-dor", "okonomi", "hjelpetiltak", "fritid"}),  # "from 10" starts at 10
    (16, {"apen-dor", "dropin", "okonomi", "hjelpetiltak", "fritid"}),
    (17, {"dropin", "okonomi", "hjelpetiltak", "fritid"}),
    (30, {"okonomi", "fritid"}),  # no ages, or no upper end: every age
]


@pytest.mark.usefixtures("measures_site")
def test_age_boundaries_are_inclusive_and_missing_ends_are_open(client):
    for age, expected in AGES:
        page = get(client, f"?alder={age}")
        assert set(shown(page)) == expected, age
        assert option_count(page, "alder", str(age)) == len(expected), age


# Combining and counting --------------------------------------------------------------------


COMBINED = [
    ("?malgruppe=barn&alder=12&tilgang=henvisning", {"hjelpetiltak"}),
    ("?malgruppe=unge&tjeneste=helsestasjon&alder=14", {"apen-dor", "dropin"}),
    ("?malgruppe=unge&tjeneste=helsestasjon&alder=14&tilgang=henvisning", {"dropin"}),
    ("?malgruppe=familier&tilgang=selvhenvisning", {"okonomi"}),
    ("?tjeneste=oppvekst&tilgang=selvhenvisning&alder=3", {"foreldrekurs"}),
    ("?malgruppe=foreldre&alder=7", set()),
]


@pytest.mark.usefixtures("measures_site")
def test_filters_combine_with_and(client):
    for query, expected in COMBINED:
        page = get(client, query)
        assert set(shown(page)) == expected, query
        assert heading_counts(page) == (len(expected), 6), query


@pytest.mark.usefixtures("measures_site")
def test_each_option_counts_what_it_would_show_with_the_other_filters(client):
    page = get(client, "?malgruppe=barn&alder=12")
    assert set(shown(page)) == {"apen-dor", "hjelpetiltak", "fritid"}

    # Target groups, counted among measures for age 12 (apen-dor, okonomi, hjelpetiltak, fritid).
    groups = {
        "gravide": 0,
        "sped-og-smabarn": 0,
        "barn": 3,
        "unge": 1,
        "unge-voksne": 0,
        "foreldre": 0,
        "familier": 2,
    }
    for key, count in groups.items():
        assert label_count(page, f"filter-malgruppe-{key}") == count, key

    # Ages, counted among measures for children (apen-dor, hjelpetiltak, fritid).
    assert option_count(page, "alder", "") == 3
    assert option_count(page, "alder", "12") == 3
    assert option_count(page, "alder", "5") == 1
    assert option_count(page, "alder", "17") == 2
    assert option_count(page, "alder", "25") == 1

    # Services, counted among children aged 12; a sector counts its units.
    assert option_count(page, "tjeneste", "") == 3
    assert option_count(page, "tjeneste", "oppvekst") == 2
    assert option_count(page, "tjeneste", "helsestasjon") == 1
    assert option_count(page, "tjeneste", "barnevern") == 1
    assert option_count(page, "tjeneste", "nav") == 0

    # Access: `begge` counts under both; the measure without access only under "all".
    assert label_count(page, "filter-tilgang-alle") == 3
    assert label_count(page, "filter-tilgang-selvhenvisning") == 1
    assert label_count(page, "filter-tilgang-henvisning") == 1

    # Choosing an option gives exactly the count it showed.
    assert len(shown(get(client, "?malgruppe=familier&alder=12"))) == 2
    assert len(shown(get(client, "?malgruppe=barn&alder=17"))) == 2
    assert len(shown(get(client, "?malgruppe=barn&alder=12&tjeneste=oppvekst"))) == 2


@pytest.mark.usefixtures("measures_site")
def test_service_options_follow_the_organisation_and_leave_out_services_without_measures(client):
    page = get(client)
    values = [
        o["value"] for o in page.find("select", attrs={"name": "tjeneste"}).find_all("option")
    ]
    assert values == [
        "",
        "oppvekst",
        "helsestasjon",
        "ungdomshelse",
        "barnehage",
        "barnevern",
        "nav",
    ]
    assert option_count(page, "tjeneste", "oppvekst") == 4
    assert option_count(page, "tjeneste", "helsestasjon") == 2


# Shareable state ---------------------------------------------------------------------------


@pytest.mark.usefixtures("measures_site")
def test_the_form_reflects_the_query_string_and_submitting_it_gives_the_same_result(client):
    query = "?malgruppe=unge&malgruppe=barn&alder=14&tjeneste=helsestasjon&tilgang=henvisning"
    page = get(client, query)
    assert shown(page) == ["dropin"]

    form = page.find("form", class_="measure-filter")
    assert form["method"] == "get"
    assert form.get("role") is None
    assert len(form.find_all("fieldset")) == 2
    assert all(fieldset.find("legend") for fieldset in form.find_all("fieldset"))
    for control in form.find_all(["input", "select"]):
        assert form.find("label", attrs={"for": control["id"]}), control["id"]
    assert form.find("button", type="submit")

    checked = {box["value"] for box in form.select("input[name=malgruppe][checked]")}
    assert checked == {"barn", "unge"}
    assert [r["value"] for r in form.select("input[name=tilgang][checked]")] == ["henvisning"]
    selected = {
        select["name"]: [o["value"] for o in select.find_all("option", selected=True)]
        for select in form.find_all("select")
    }
    assert selected == {"alder": ["14"], "tjeneste": ["helsestasjon"]}

    # What a browser sends when the form is submitted as it stands.
    sent = [(box["name"], box["value"]) for box in form.select("input[checked]")]
    sent += [(name, values[0]) for name, values in selected.items()]
    action = form["action"]
    assert urlsplit(action).path == overview_url()
    again = get(client, "?" + "&".join(f"{name}={value}" for name, value in sent))
    assert shown(again) == shown(page)
    assert heading_counts(again) == heading_counts(page)


@pytest.mark.usefixtures("measures_site")
def test_each_active_filter_can_be_removed_keeping_the_others(client):
    page = get(client, "?malgruppe=barn&malgruppe=unge&alder=14&tilgang=henvisning")
    chips = {
        a.get_text(" ", strip=True): query_of(a["href"]) for a in page.select("a.measure-chip")
    }
    assert len(chips) == 4
    assert sorted(chips.values()) == sorted(
        [
            [("alder", "14"), ("malgruppe", "unge"), ("tilgang", "henvisning")],
            [("alder", "14"), ("malgruppe", "barn"), ("tilgang", "henvisning")],
            [("malgruppe", "barn"), ("malgruppe", "unge"), ("tilgang", "henvisning")],
            [("alder", "14"), ("malgruppe", "barn"), ("malgruppe", "unge")],
        ]
    )
    for href in (a["href"] for a in page.select("a.measure-chip")):
        assert urlsplit(href).path == overview_url()
        assert get(client, "?" + urlsplit(href).query).find(id="tiltak-resultater")
    clear = page.select_one(".measure-filter__clear")
    assert clear["href"] == overview_url()
    assert heading_counts(get(client)) == (6, 6)


# Empty state and invalid input -------------------------------------------------------------


@pytest.mark.usefixtures("measures_site")
def test_empty_state_offers_to_remove_a_filter_or_contact_the_municipality(client):
    page = get(client, "?malgruppe=foreldre&alder=7")
    assert shown(page) == []
    assert heading_counts(page) == (0, 6)
    empty = page.find(class_="measure-empty")
    assert empty is not None
    # Removing the age shows the one measure for parents; removing the group shows three.
    remove_age = next(
        a for a in empty.find_all("a") if query_of(a["href"]) == [("malgruppe", "foreldre")]
    )
    assert numbers(remove_age.parent.get_text())[-1] == 1
    remove_group = next(a for a in empty.find_all("a") if query_of(a["href"]) == [("alder", "7")])
    assert numbers(remove_group.parent.get_text())[-1] == 3
    assert empty.find("a", href=overview_url()) is not None  # show all
    services = ServiceIndexPage.objects.get()
    assert empty.find("a", href=services.url) is not None


INVALID = [
    "?alder=abc",
    "?alder=31",
    "?alder=-1",
    "?alder=4.5",
    "?alder=1e1",
    "?malgruppe=ukjent",
    "?tjeneste=finnes-ikke",
    "?tilgang=kanskje",
    "?tilgang=begge",
    "?malgruppe=%3Cscript%3Ealert(1)%3C/script%3E",
]


@pytest.mark.usefixtures("measures_site")
def test_invalid_values_are_ignored_with_a_note(client):
    for query in INVALID:
        response = client.get(overview_url() + query)
        assert response.status_code == 200, query
        assert b"<script>alert(1)" not in response.content
        page = BeautifulSoup(response.content, "html.parser")
        assert set(shown(page)) == ALL, query
        note = page.find(class_="measure-note")
        assert note is not None, query
        assert len(note.find_all("li")) == 1, query
        assert page.select("a.measure-chip") == [], query
    response = client.get(overview_url() + INVALID[-1])
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content


@pytest.mark.usefixtures("measures_site")
def test_invalid_values_leave_the_valid_ones_working(client):
    page = get(client, "?malgruppe=barn&malgruppe=ukjent&alder=abc&tilgang=henvisning")
    assert shown(page) == ["hjelpetiltak"]
    assert len(page.find(class_="measure-note").find_all("li")) == 2
    assert [box["value"] for box in page.select("input[name=malgruppe][checked]")] == ["barn"]
    assert page.find("select", attrs={"name": "alder"}).find("option", selected=True)["value"] == ""


@pytest.mark.usefixtures("measures_site")
def test_empty_values_mean_no_filter_and_no_note(client):
    page = get(client, "?malgruppe=&alder=&tjeneste=&tilgang=")
    assert set(shown(page)) == ALL
    assert page.find(class_="measure-note") is None


# Visibility --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_internal_measures_and_services_are_hidden_from_anonymous_visitors(client, employee):
    document = measures_document()
    document["measures"][0]["audience"] = "internal"
    imported(document)
    # Services have no audience in the exchange format; an editor can still restrict one.
    PageViewRestriction.objects.create(
        page=ServicePage.objects.get(exchange_id="ungdomshelse"),
        restriction_type=PageViewRestriction.LOGIN,
    )

    page = get(client)
    assert "apen-dor" not in shown(page)
    assert heading_counts(page) == (5, 5)
    assert label_count(page, "filter-malgruppe-barn") == 2
    services = [
        o["value"] for o in page.find("select", attrs={"name": "tjeneste"}).find_all("option")
    ]
    assert "ungdomshelse" not in services
    assert "Helsestasjon for ungdom" not in page.get_text()
    # The measure of the internal unit still belongs under its public service.
    assert shown(get(client, "?tjeneste=helsestasjon")) == ["dropin"]
    hidden = get(client, "?tjeneste=ungdomshelse")
    assert hidden.find(class_="measure-note") is not None
    assert len(shown(hidden)) == 5
    assert client.get(MeasurePage.objects.get(exchange_id="apen-dor").url).status_code == 302

    client.force_login(employee)
    page = get(client)
    assert shown(page)[0] == "apen-dor"
    assert page.select(".measure-card")[0].find(class_="badge--internal") is not None
    assert shown(get(client, "?tjeneste=ungdomshelse")) == ["dropin"]


# Query budget ------------------------------------------------------------------------------


def sized_measures_document(count, name):
    document = measures_document()
    document["municipality"]["name"] = name
    groups = ["barn", "unge", "foreldre", "familier"]
    providers = ["helsestasjon", "ungdomshelse", "barnehage", "barnevern", "nav"]
    document["measures"] = [
        {
            "id": f"tiltak-{index}",
            "title": f"Tiltak {index}",
            "target_groups": [groups[index % 4]],
            "age_min": index % 10,
            "age_max": 10 + index % 10,
            "access": ["selvhenvisning", "henvisning", "begge"][index % 3],
            "provider": providers[index % 5],
            **({"audience": "internal"} if index == 1 else {}),
        }
        for index in range(count)
    ]
    return document


@pytest.mark.django_db
def test_the_overview_costs_the_same_queries_for_3_and_40_measures(client, employee):
    imported(sized_measures_document(3, "Litenvik kommune"), hostname="liten.example")
    imported(sized_measures_document(40, "Storvik kommune"), hostname="stor.example")
    for user in (None, employee):
        if user:
            client.force_login(user)
        counts = {}
        for host in ("liten.example", "stor.example"):
            root = Site.objects.get(hostname=host).root_page
            path = MeasureIndexPage.objects.descendant_of(root).get().get_url_parts()[2]
            for query in ("", "?malgruppe=barn&alder=12&tjeneste=oppvekst&tilgang=henvisning"):
                client.get(path + query, HTTP_HOST=host)  # warm per-process caches
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(path + query, HTTP_HOST=host)
                assert response.status_code == 200
                assert response.content.count(b'class="measure-card"') <= 40
                counts[(host, query)] = len(queries)
        for query in ("", "?malgruppe=barn&alder=12&tjeneste=oppvekst&tilgang=henvisning"):
            assert counts[("liten.example", query)] == counts[("stor.example", query)], counts


# The measure page --------------------------------------------------------------------------


def measure_page(client, key):
    response = client.get(MeasurePage.objects.get(exchange_id=key).url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.usefixtures("measures_site")
def test_measure_page_falls_back_to_the_providers_contact(client):
    page = measure_page(client, "apen-dor")
    contact = page.find(class_="measure-contact").get_text(" ", strip=True)
    assert "+47 11 22 33 44" in contact  # the measure's own contact first
    assert PROVIDER_PHONE not in contact

    document = measures_document()
    del document["measures"][0]["contact"]
    imported(document)
    page = measure_page(client, "apen-dor")
    contact = page.find(class_="measure-contact")
    assert PROVIDER_PHONE in contact.get_text(" ", strip=True)
    assert contact.find("a", href="tel:+4799999999") is not None
    provider = MeasurePage.objects.get(exchange_id="apen-dor").provider
    assert contact.find("a", href=provider.url) is not None


@pytest.mark.usefixtures("measures_site")
def test_measure_page_shows_how_to_get_it_for_whom_and_who_provides_it(client):
    with translation.override("nb"):
        from django.utils.translation import gettext

        leads = {
            "selvhenvisning": gettext("Contact them directly."),
            "henvisning": gettext("You need a referral."),
            "begge": gettext("Contact them directly, or be referred."),
        }
    for key, access in (
        ("apen-dor", "selvhenvisning"),
        ("dropin", "henvisning"),
        ("okonomi", "begge"),
    ):
        page = measure_page(client, key)
        assert page.select_one(".measure-access__lead").get_text(strip=True) == leads[access]

    page = measure_page(client, "apen-dor")
    about = page.find(class_="measure-about").get_text(" ", strip=True)
    assert "6–16" in about
    assert "Helsestasjon og skolehelsetjeneste" in about
    assert page.find("a", href="https://www.ungsinn.no/") is not None  # documented effect
    stamp = page.find(class_="review-stamp").get_text(" ", strip=True)
    assert "Leder" in stamp
    assert "2026" in stamp and "2027" in stamp
    tool = page.find(class_="related")
    assert "Samtykke til samarbeid og informasjonsutveksling" in tool.get_text()
    page = measure_page(client, "fritid")
    assert page.select_one(".measure-access__lead") is None  # no access given: no promise
