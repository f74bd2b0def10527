"""Exporting: a document valid against the schema that reproduces the model when imported."""

import json

from django.core.management import call_command

from wagtail.models import Site

import pytest

from models_app.exchange.exporter import KINDS, export_document
from models_app.exchange.importer import canonical
from models_app.exchange.validation import validate_document
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
