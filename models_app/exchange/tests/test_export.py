"""Exporting: a document valid against the schema that reproduces the model when imported."""

import json

from django.core.management import call_command

from wagtail.models import Site

import pytest

from models_app.exchange.conversions import Links, Placed
from models_app.exchange.exporter import KINDS, export_document
from models_app.exchange.fieldmap import MODEL
from models_app.exchange.importer import canonical
from models_app.exchange.validation import load_schema, validate_document
from models_app.model.models import ModelIndexPage
from tests.factories import demo_document, example_document, imported


def export_site(hostname=None):
    site = (
        Site.objects.get(hostname=hostname) if hostname else Site.objects.get(is_default_site=True)
    )
    return export_document(site.root_page.specific)


@pytest.mark.django_db
def test_export_of_the_demo_is_valid_against_the_schema():
    imported(demo_document())
    assert validate_document(export_site()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("make_document", [demo_document, example_document])
def test_export_reproduces_the_imported_document(make_document):
    original = make_document()
    imported(original)
    exported = export_site()

    for kind, (_model, key) in KINDS.items():
        wanted = [canonical(kind, item) for item in original.get(key, [])]
        if kind == "service":  # exported parents-first; siblings keep their order
            assert sorted(exported.get(key, []), key=lambda s: s["id"]) == sorted(
                wanted, key=lambda s: s["id"]
            )
        else:
            assert exported.get(key, []) == wanted, key
    guide_levels = [canonical("guide-level", level) for level in original["guide"]["levels"]]
    assert exported["guide"]["levels"] == guide_levels
    assert exported["title"] == original["title"]
    assert exported["municipality"] == original["municipality"]


@pytest.mark.django_db
def test_round_trip_through_a_second_site_gives_the_same_document():
    imported(demo_document())
    first = export_site()

    imported(first, hostname="kopi.example")
    second = export_site("kopi.example")

    assert second == first


@pytest.mark.django_db
def test_export_command_writes_the_document(tmp_path):
    imported(example_document())
    path = tmp_path / "eksport.json"
    call_command("export_model", "-o", str(path))
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "samhandlingsmodell"
    assert [e["id"] for e in document["elements"]] == [
        e["id"] for e in example_document()["elements"]
    ]


@pytest.mark.django_db
def test_export_keeps_internal_audience_and_review_data():
    document = example_document()
    document["tools"][0]["audience"] = "internal"
    document["tools"][0]["review"] = {
        "last_reviewed": "2026-01-15",
        "interval_months": 6,
        "responsible": "Leder helsestasjon",
    }
    imported(document)
    tool = export_site()["tools"][0]
    assert tool["audience"] == "internal"
    assert tool["review"] == {
        "last_reviewed": "2026-01-15",
        "interval_months": 6,
        "responsible": "Leder helsestasjon",
    }


@pytest.mark.django_db
def test_notices_deadlines_and_glossary_survive_import_export_import():
    original = example_document()
    imported(original)
    first = export_site()

    assert first["guide"] == original["guide"]
    assert first["glossary"] == original["glossary"]
    assert validate_document(first) == []

    again = imported(first)  # the same site: nothing to do
    assert (again.added, again.changed, again.unpublished) == ([], [], [])
    imported(first, hostname="kopi.example")  # a new site: the same document
    assert export_site("kopi.example") == first


@pytest.mark.django_db
def test_a_notice_or_a_term_with_empty_text_keeps_its_required_keys():
    document = example_document()
    document["guide"]["levels"][0]["notice"]["body"] = ""
    document["glossary"][0]["definition"] = ""
    imported(document)

    exported = export_site()

    assert exported["guide"]["levels"][0]["notice"] == {
        "title": "Ved mistanke om vold eller overgrep",
        "body": "",
    }
    assert exported["glossary"] == [{"term": "Stafettholder", "definition": ""}]
    assert validate_document(exported) == []


@pytest.mark.django_db
def test_an_empty_glossary_is_left_out():
    document = example_document()
    del document["glossary"]
    imported(document)
    assert list(ModelIndexPage.objects.get().glossary.raw_data) == []
    assert "glossary" not in export_site()


# The field maps cover the schema ------------------------------------------------------------

# Keys decided by where a page sits in the tree rather than by one of its attributes
# (`Placed` in the field maps): the importer and the exporter handle each of them themselves.
PLACEMENT_KEYS = {
    # what sits under the model's root page: its three LevelPages, the objects' sections, the
    # guide section with its GuideLevelPages
    "levels",
    *(f"levels.{level}" for level in ("kommune", "etat", "individ")),
    *(key for _model, key in KINDS.values()),
    "guide",
    "guide.levels",
    # the id an object's page is matched by (exchange_id), given when the page is made
    *(f"{key}.id" for _model, key in KINDS.values()),
    # the page an object sits under: an element's LevelPage, a service's parent service
    "elements.level",
    "services.parent",
    # a guide level's number, which it is matched by like an id
    "guide.levels.number",
    # "internal" is a login view restriction on the page (services have no audience)
    *(f"{key}.audience" for kind, (_m, key) in KINDS.items() if kind != "service"),
    "guide.levels.audience",
}


def schema_object(schema, node):
    """The object schema a property holds: through $refs and list items. Returns its name in
    $defs too (None for the document itself)."""
    name = None
    while "properties" not in node:
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            node = schema["$defs"][name]
        else:
            node = node["items"]
    return name, node


def map_and_schema_keys(fields, node, schema, path="", seen=None):
    """(path, keys in the map, keys in the schema) for every object, and the $defs seen."""
    name, node = schema_object(schema, node)
    seen.add(name)
    yield path, {field.key for field in fields}, set(node["properties"])
    for field in fields:
        child = node["properties"].get(field.key)
        where = f"{path}.{field.key}" if path else field.key
        if field.fields and child:
            yield from map_and_schema_keys(field.fields, child, schema, where, seen)
        if isinstance(getattr(field, "conv", None), Links):
            link_name, link = schema_object(schema, child)
            seen.add(link_name)
            yield f"{where}[]", set(field.conv.keys), set(link["properties"])


def placed_keys(fields, path=""):
    for field in fields:
        where = f"{path}.{field.key}" if path else field.key
        if isinstance(field, Placed):
            yield where
        yield from placed_keys(field.fields, where)


def test_the_field_maps_cover_every_key_of_every_object_in_the_schema():
    schema = load_schema()
    seen = set()

    for path, map_keys, schema_keys in map_and_schema_keys(MODEL, schema, schema, seen=seen):
        assert map_keys == schema_keys, path or "$"

    objects = {name for name, node in schema["$defs"].items() if "properties" in node}
    assert seen == {None, *objects}  # None: the document itself
    assert set(placed_keys(MODEL)) == PLACEMENT_KEYS
