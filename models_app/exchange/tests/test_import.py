"""Importing exchange documents: validation first, one transaction, updates in place."""

import copy
import json

from django.core.management import CommandError, call_command

from wagtail.models import Page, PageLogEntry, PageViewRestriction, Site

import pytest

from models_app.exchange.importer import import_document
from models_app.exchange.validation import DocumentError
from models_app.guide.models import GuideLevelPage
from models_app.model.models import ElementPage, LevelPage, ModelIndexPage
from models_app.services.models import ServicePage
from tests.factories import ROOT, demo_document, example_document, imported, load
from tests.helpers import database_state


def write(tmp_path, document, name="model.json"):
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.mark.django_db
def test_import_gives_every_object_its_page_in_the_right_place():
    site = imported(example_document()).site
    root = site.root_page.specific
    assert isinstance(root, ModelIndexPage)
    assert root.municipality_name == "Eksempelvik kommune"
    for element in example_document()["elements"]:
        page = ElementPage.objects.get(exchange_id=element["id"])
        assert page.live
        assert page.get_parent().specific.level == element["level"]
        assert page.dimension == element["dimension"]
    helsestasjon = ServicePage.objects.get(exchange_id="helsestasjon")
    assert helsestasjon.get_parent().specific.exchange_id == "oppvekst"
    assert list(GuideLevelPage.objects.order_by("path").values_list("number", flat=True)) == [0, 1]


@pytest.mark.django_db
def test_import_command_reports_every_problem_and_changes_nothing(tmp_path, capsys):
    document = example_document()
    document["elements"][0]["colour"] = "blå"
    document["elements"][1]["links"][0]["ref"] = "plan:handlingsplan-2030"
    document["plans"].append(copy.deepcopy(document["plans"][0]))
    document["elements"][2]["dimension"] = "farge"
    document["plans"][0]["adopted_on"] = "2025-02-30"
    del document["tools"][0]["title"]
    before = database_state()

    with pytest.raises(CommandError, match="6 problem"):
        call_command("import_model", write(tmp_path, document))

    # In English for operators, though the site's default language is bokmål.
    errors = capsys.readouterr().err
    for expected in (
        "elements[0].colour: unknown key",
        "elements[1].links[0].ref: unknown reference plan:handlingsplan-2030",
        "plans[1].id: duplicate id",
        "elements[2].dimension:",
        "plans[0].adopted_on:",
        "tools[0].title: missing required field",
    ):
        assert expected in errors
    assert database_state() == before


@pytest.mark.django_db
def test_import_is_atomic_when_an_object_fails_late():
    imported(example_document())
    before = database_state()
    document = example_document()
    document["title"] = "Ny tittel"
    document["measures"][0]["contact"] = {"email": "ikke@gyldig"}

    with pytest.raises(DocumentError) as error:
        import_document(document)

    assert "measures[0]" in str(error.value.problems[0])
    assert database_state() == before
    assert Site.objects.get(is_default_site=True).root_page.title == example_document()["title"]


@pytest.mark.django_db
def test_reimport_of_the_same_document_changes_nothing():
    imported(example_document())
    before = database_state()

    report = imported(example_document())

    assert (report.added, report.changed, report.unpublished) == ([], [], [])
    assert database_state() == before


@pytest.mark.django_db
def test_reimport_updates_in_place_and_unpublishes_what_is_gone():
    imported(example_document())
    document = example_document()
    document["elements"][0]["title"] = "Forankring i kommunestyret"
    removed = document["elements"].pop(1)
    document["elements"][0]["level"] = "etat"

    report = imported(document)

    assert report.changed == ["element:forankring-i-ledelsen"]
    assert report.unpublished == [f"element:{removed['id']}"]
    moved = ElementPage.objects.get(exchange_id="forankring-i-ledelsen")
    assert moved.title == "Forankring i kommunestyret"
    assert moved.get_parent().specific.level == "etat"
    assert ElementPage.objects.filter(exchange_id=removed["id"]).count() == 1
    assert not ElementPage.objects.get(exchange_id=removed["id"]).live

    republished = imported(example_document())
    assert republished.added == [f"element:{removed['id']}"]
    assert ElementPage.objects.get(exchange_id=removed["id"]).live


@pytest.mark.django_db
def test_new_pages_keep_the_tree_sound_around_a_move_and_are_logged_and_revised():
    """The importer adds new pages after their parent's last child itself (not through
    treebeard's add_child): also when a page has moved in under the same parent meanwhile."""
    imported(example_document())
    document = example_document()
    document["elements"][0]["level"] = "etat"  # moves in between the two new ones
    new = {"level": "etat", "dimension": "struktur"}
    document["elements"].insert(0, {"id": "nytt-1", "title": "Nytt 1", **new})
    document["elements"].append({"id": "nytt-2", "title": "Nytt 2", **new})

    imported(document)

    assert all(not problems for problems in Page.find_problems())
    level = LevelPage.objects.get(level="etat")
    children = list(ElementPage.objects.child_of(level).values_list("exchange_id", flat=True))
    assert {"nytt-1", "forankring-i-ledelsen", "nytt-2"} <= set(children)
    assert level.get_children_count() == len(children)
    for exchange_id in ("nytt-1", "nytt-2"):
        page = ElementPage.objects.get(exchange_id=exchange_id)
        assert page.live and page.live_revision_id == page.latest_revision_id
        assert page.url_path.endswith(f"/{exchange_id}/")
        actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
        assert {"wagtail.create", "wagtail.publish"} <= actions


@pytest.mark.django_db
def test_reimport_follows_the_new_order():
    imported(example_document())
    document = example_document()
    document["elements"].insert(
        0, {"id": "ny", "level": "individ", "dimension": "struktur", "title": "Nytt element"}
    )
    imported(document)
    level = LevelPage.objects.get(level="individ")
    assert [page.exchange_id for page in ElementPage.objects.child_of(level).order_by("path")] == [
        "ny",
        "samtykke",
    ]
    document["elements"].insert(0, document["elements"].pop())  # samtykke first
    imported(document)
    assert [page.exchange_id for page in ElementPage.objects.child_of(level).order_by("path")] == [
        "samtykke",
        "ny",
    ]


@pytest.mark.django_db
def test_dry_run_reports_changes_and_changes_nothing(tmp_path, capsys):
    imported(example_document())
    before = database_state()
    document = example_document()
    document["elements"][0]["title"] = "Endret"
    document["elements"].append(
        {"id": "nytt", "level": "kommune", "dimension": "kultur", "title": "Nytt"}
    )

    call_command("import_model", write(tmp_path, document), "--dry-run")

    output = capsys.readouterr().out
    assert "Would import" in output
    assert "1 added, 1 changed, 0 unpublished" in output
    assert "added: element:nytt" in output
    assert database_state() == before


@pytest.mark.django_db
def test_site_option_creates_a_site_per_municipality_and_leaves_others_alone(tmp_path):
    call_command("import_model", write(tmp_path, example_document()), "--site", "a.example")
    call_command(
        "import_model", write(tmp_path, demo_document(), "demo.json"), "--site", "b.example"
    )
    demo_root = Site.objects.get(hostname="b.example").root_page
    demo_pages = list(Page.objects.descendant_of(demo_root).values_list("id", "title", "live"))

    changed = example_document()
    changed["elements"] = changed["elements"][:1]
    changed["title"] = "Endret modell"
    call_command("import_model", write(tmp_path, changed), "--site", "a.example")

    assert Site.objects.get(hostname="a.example").root_page.title == "Endret modell"
    assert list(Page.objects.descendant_of(demo_root).values_list("id", "title", "live")) == (
        demo_pages
    )
    assert demo_root.specific.municipality_name == demo_document()["municipality"]["name"]


@pytest.mark.django_db
def test_internal_objects_become_private_pages():
    document = example_document()
    document["tools"][0]["audience"] = "internal"
    imported(document)
    restricted = PageViewRestriction.objects.values_list("page__slug", flat=True)
    assert list(restricted) == ["samtykkeskjema"]

    document["tools"][0]["audience"] = "public"
    imported(document)
    assert not PageViewRestriction.objects.exists()


@pytest.mark.django_db
def test_demo_imports_into_the_default_site():
    report = imported(demo_document())
    assert report.site.is_default_site
    assert len(report.added) > 80
    assert isinstance(Site.objects.get(is_default_site=True).root_page.specific, ModelIndexPage)


@pytest.mark.django_db
def test_a_minimal_document_with_only_elements_imports(client):
    document = {
        "format": "samhandlingsmodell",
        "version": 1,
        "municipality": {"name": "Minstevik kommune"},
        "language": "nn",
        "title": "Modellen vår",
        "elements": [
            {"id": "a", "level": "individ", "dimension": "kultur", "title": "Haldningar"},
            {"id": "b", "level": "kommune", "dimension": "struktur", "title": "Planverk"},
        ],
    }
    imported(document, hostname="minstevik.example")
    response = client.get("/", HTTP_HOST="minstevik.example")
    assert response.status_code == 200
    assert b"Haldningar" in response.content and b"Planverk" in response.content


@pytest.mark.django_db
def test_services_may_be_listed_before_their_parent():
    document = example_document()
    document["services"].reverse()  # children first, the sector last
    imported(document)
    for service in document["services"]:
        page = ServicePage.objects.get(exchange_id=service["id"])
        parent = page.get_parent().specific
        if service.get("parent"):
            assert parent.exchange_id == service["parent"]
    oppvekst = ServicePage.objects.get(exchange_id="oppvekst")
    children = [s.exchange_id for s in ServicePage.objects.child_of(oppvekst).order_by("path")]
    assert children == ["barnevern", "barnehage", "helsestasjon"]


@pytest.mark.django_db
def test_the_recommended_model_template_imports_as_a_new_municipality():
    document = load(ROOT / "fixtures" / "templates" / "anbefalt-modell.json")
    report = imported(document, hostname="ny.example")
    assert len([ref for ref in report.added if ref.startswith("element:")]) == len(
        document["elements"]
    )
    root = Site.objects.get(hostname="ny.example").root_page
    for level in ("kommune", "etat", "individ"):
        level_page = LevelPage.objects.child_of(root).get(level=level)
        assert ElementPage.objects.child_of(level_page).count() >= 4


# Notices, deadlines and the glossary (added within version 1) -------------------------------


@pytest.mark.django_db
def test_notice_deadline_and_glossary_are_stored_on_their_pages():
    imported(example_document())

    level = GuideLevelPage.objects.get(number=0)
    assert level.notice_title == "Ved mistanke om vold eller overgrep"
    assert level.notice_body.startswith("<p>Kontakt barnevernet")
    assert level.steps.raw_data[0]["value"]["deadline"] == "Innen 14 dager"
    root = ModelIndexPage.objects.get()
    assert [item["value"] for item in root.glossary.raw_data] == example_document()["glossary"]


@pytest.mark.django_db
def test_changing_a_deadline_or_a_term_changes_only_its_owner():
    imported(example_document())
    document = example_document()
    document["guide"]["levels"][0]["steps"][0]["deadline"] = "Innen 7 dager"
    document["glossary"][0]["definition"] = "Den som holder tråden."

    report = imported(document)

    assert sorted(report.changed) == ["guide-level:0", "model"]
    assert ModelIndexPage.objects.get().glossary.raw_data[0]["value"]["definition"] == (
        "Den som holder tråden."
    )


@pytest.mark.django_db
def test_duplicate_glossary_term_is_refused_with_its_path_and_nothing_is_written(english):
    imported(example_document())
    before = database_state()
    document = example_document()
    document["title"] = "Ny tittel"
    document["glossary"].append({"term": "STAFETTHOLDER", "definition": "Samme ord igjen."})

    with pytest.raises(DocumentError) as error:
        import_document(document)

    assert [str(problem) for problem in error.value.problems] == [
        "glossary[1].term: duplicate term 'STAFETTHOLDER' (also glossary[0])"
    ]
    assert database_state() == before
    assert ModelIndexPage.objects.get().title == example_document()["title"]
    assert len(ModelIndexPage.objects.get().glossary.raw_data) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("place", "path"),
    [
        (lambda d: d["guide"]["levels"][0]["notice"], "guide.levels[0].notice.colour"),
        (lambda d: d["glossary"][0], "glossary[0].colour"),
    ],
)
def test_unknown_key_in_a_notice_or_a_term_is_refused(english, place, path):
    document = example_document()
    place(document)["colour"] = "rød"
    before = database_state()

    with pytest.raises(DocumentError) as error:
        import_document(document)

    assert [str(problem) for problem in error.value.problems] == [f"{path}: unknown key"]
    assert database_state() == before


@pytest.mark.django_db
def test_only_new_imports_a_new_site_and_keeps_an_edited_one(tmp_path, capsys):
    """`make run` imports the demo with --only-new: a second run keeps every edit."""
    path = write(tmp_path, example_document())
    call_command("import_model", path, "--site", "a.example", "--only-new")
    root = Site.objects.get(hostname="a.example").root_page
    element = ElementPage.objects.descendant_of(root).first()
    element.title = "Redigert av redaktøren"
    element.save_revision().publish()
    before = database_state()

    call_command("import_model", path, "--site", "a.example", "--only-new")

    assert "a.example has a model already" in capsys.readouterr().out
    assert database_state() == before
    element.refresh_from_db()
    assert element.title == "Redigert av redaktøren"
    assert element.live
