""" "Jeg jobber i …" on the model page: ?tjeneste= marks the elements of a service, in words,
with a count per cell; a plain GET form, the choice in the address only."""

import pytest

from tests.factories import example_document, imported
from tests.helpers import soup


def model_with_responsible():
    """The example model, where an element names a service only in its responsible text
    (the guide's rule: "Barnevernstjenesten" there concerns the child welfare service)."""
    document = example_document()
    samtykke = next(e for e in document["elements"] if e["id"] == "samtykke")
    samtykke["responsible"] = "Barnevernstjenesten sammen med foreldrene"
    imported(document)


def cell(page, level, dimension):
    return page.select_one(f'.model-cell[data-level="{level}"][data-dimension="{dimension}"]')


def marked(page):
    return [
        li["id"].removeprefix("element-")
        for li in page.select("li.element")
        if li.select_one(".badge--mine")
    ]


@pytest.mark.django_db
def test_the_form_offers_the_services_the_elements_name_under_their_sector(client):
    model_with_responsible()
    page = soup(client.get("/"))
    form = page.select_one("form.model-filter")
    assert form["method"] == "get"
    assert form["action"] == "/"
    select = form.select_one("select[name=tjeneste]")
    assert page.select_one("label[for=model-service]").get_text(strip=True) == "Jeg jobber i …"
    groups = select.select("optgroup")
    assert [g["label"] for g in groups] == ["Oppvekst"]  # the sector groups, is not offered
    assert [o["value"] for o in groups[0].select("option")] == [
        "barnehage",
        "barnevern",
        "helsestasjon",
    ]
    # Nothing chosen: no marks, no counts, no summary.
    assert marked(page) == []
    assert page.select(".model-cell__count, .model-filter__summary") == []


@pytest.mark.django_db
def test_choosing_a_service_marks_its_elements_in_words_with_a_count_per_cell(client):
    model_with_responsible()
    page = soup(client.get("/", {"tjeneste": "barnevern"}))

    # By its services (Tverrfaglig team) and by its responsible text (Felles samtykkeskjema).
    assert marked(page) == ["tverrfaglig-team", "samtykke"]
    for element_id in marked(page):
        badge = page.select_one(f"#element-{element_id} .badge--mine")
        assert badge.get_text(strip=True) == "Gjelder deg"
    assert (
        cell(page, "etat", "struktur").select_one(".model-cell__count").get_text(" ", strip=True)
        == "1 av 1 gjelder deg"
    )
    assert (
        cell(page, "kommune", "kultur").select_one(".model-cell__count").get_text(" ", strip=True)
        == "0 av 1 gjelder deg"
    )
    assert cell(page, "individ", "kultur").select_one(".model-cell__count") is None  # empty
    summary = page.select_one(".model-filter__summary").get_text(" ", strip=True)
    assert summary.startswith("2 av 4 elementer gjelder Barnevernstjenesten.")
    assert page.select_one(".model-filter__clear")["href"] == "/"
    selected = page.select("select[name=tjeneste] option[selected]")
    assert [o["value"] for o in selected] == ["barnevern"]
    assert "Set-Cookie" not in client.get("/", {"tjeneste": "barnevern"}).headers


@pytest.mark.django_db
def test_another_service_marks_only_its_own_elements(client):
    model_with_responsible()
    page = soup(client.get("/", {"tjeneste": "helsestasjon"}))
    assert marked(page) == ["tverrfaglig-team"]
    summary = page.select_one(".model-filter__summary").get_text(" ", strip=True)
    assert summary.startswith("1 av 4 elementer gjelder Helsestasjon og skolehelsetjeneste.")


@pytest.mark.django_db
def test_an_unknown_service_says_so_and_marks_nothing(client):
    model_with_responsible()
    page = soup(client.get("/", {"tjeneste": "<script>finnes-ikke"}))
    assert "Vi fant ikke tjenesten i adressen" in page.select_one(".model-filter__notice").text
    assert marked(page) == []
    assert page.select(".model-cell__count") == []
    assert page.select("select[name=tjeneste] option[selected]") == []


@pytest.mark.django_db
def test_internal_elements_are_neither_marked_nor_counted_for_anonymous_visitors(client, employee):
    document = example_document()
    team = next(e for e in document["elements"] if e["id"] == "tverrfaglig-team")
    team["audience"] = "internal"
    imported(document)

    page = soup(client.get("/", {"tjeneste": "barnevern"}))
    assert marked(page) == []
    assert "tverrfaglig-team" not in page.decode()
    assert (
        page.select_one(".model-filter__summary")
        .get_text(" ", strip=True)
        .startswith("0 av 3 elementer")
    )

    client.force_login(employee)
    page = soup(client.get("/", {"tjeneste": "barnevern"}))
    assert marked(page) == ["tverrfaglig-team"]
