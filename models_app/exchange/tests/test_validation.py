"""Validation of exchange documents: the schema step, the rules step and loading."""

import copy
import io
import json

import pytest
from jsonschema import Draft202012Validator

from models_app.exchange.validation import (
    SCHEMA_PATH,
    DocumentError,
    ValidationProblem,
    format_path,
    load_document,
    load_schema,
    validate_document,
)
from tests.factories import EXAMPLE_PATH, ROOT

# EXAMPLE_PATH is the repository's copy of the shared example, so that the tests run without
# the shared folder; beside a checkout of the steering repository, both copies are compared.
SHARED_EXCHANGE = ROOT.parent / "shared" / "exchange"
needs_shared_folder = pytest.mark.skipif(
    not SHARED_EXCHANGE.is_dir(), reason="the shared exchange folder is absent"
)

# The messages as the command line shows them; tests/test_admin_language.py has the bokmål.
pytestmark = pytest.mark.usefixtures("english")


def example():
    """A fresh, valid document to mutate."""
    return json.loads(EXAMPLE_PATH.read_text(encoding="utf-8"))


def problems(document):
    return [str(problem) for problem in validate_document(document)]


def test_example_document_is_valid():
    assert validate_document(example()) == []


@needs_shared_folder
def test_shared_example_document_is_valid():
    assert validate_document(load_document(SHARED_EXCHANGE / "example.json")) == []


@needs_shared_folder
def test_schema_copy_is_identical_to_the_shared_schema():
    shared = SHARED_EXCHANGE / "samhandlingsmodell-1.schema.json"
    assert SCHEMA_PATH.read_bytes() == shared.read_bytes()


def test_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(load_schema())


def test_problem_prints_as_path_and_message():
    assert str(ValidationProblem("elements[0]", "oops")) == "elements[0]: oops"


def test_format_path_writes_keys_indexes_and_the_root():
    assert format_path(["elements", 3, "links", 0]) == "elements[3].links[0]"
    assert format_path(["language"]) == "language"
    assert format_path(["elements", 0, "a key"]) == 'elements[0]["a key"]'
    assert format_path([]) == "$"


def test_unknown_key_is_reported_with_its_path():
    document = example()
    document["elements"][0]["colour"] = "blue"
    assert problems(document) == ["elements[0].colour: unknown key"]


def test_unknown_key_at_the_top_level_has_a_plain_path():
    document = example()
    document["colour"] = "blue"
    assert problems(document) == ["colour: unknown key"]


def test_unknown_reference_is_reported():
    document = example()
    document["elements"][1]["links"][0]["ref"] = "plan:handlingsplan-2030"
    assert problems(document) == [
        "elements[1].links[0].ref: unknown reference plan:handlingsplan-2030"
    ]


def test_unknown_service_in_an_id_list_is_reported():
    document = example()
    document["arenas"][0]["participants"].append("nav")
    assert problems(document) == ["arenas[0].participants[3]: unknown service 'nav'"]


def test_unknown_tool_in_a_guide_step_is_reported():
    document = example()
    document["guide"]["levels"][0]["steps"][0]["tools"] = ["sjekkliste"]
    assert problems(document) == ["guide.levels[0].steps[0].tools[0]: unknown tool 'sjekkliste'"]


def test_duplicate_id_is_reported_at_the_later_item():
    document = example()
    document["plans"].append(copy.deepcopy(document["plans"][0]))
    assert problems(document) == ["plans[1].id: duplicate id 'handlingsplan-2025' (also plans[0])"]


def test_duplicate_guide_level_number_is_reported():
    document = example()
    document["guide"]["levels"][1]["number"] = 0
    assert problems(document) == [
        "guide.levels[1].number: duplicate level number 0 (also guide.levels[0])"
    ]


def test_wrong_enum_value_lists_the_allowed_values():
    document = example()
    document["elements"][2]["dimension"] = "blue"
    assert problems(document) == ["elements[2].dimension: 'blue' is not one of: kultur, struktur"]


@pytest.mark.parametrize("date", ["2026-02-30", "20260101", "2026-1-01", "2026-03-01T00:00"])
def test_bad_date_is_reported(date):
    document = example()
    document["plans"][0]["adopted_on"] = date
    assert problems(document) == [f"plans[0].adopted_on: '{date}' is not a valid date (YYYY-MM-DD)"]


def test_missing_required_field_is_reported_at_the_field():
    document = example()
    del document["elements"][2]["title"]
    assert problems(document) == ["elements[2].title: missing required field"]


def test_bad_id_pattern_is_reported():
    document = example()
    document["tools"][0]["id"] = "Foo Bar"
    document["guide"]["levels"][0]["steps"][0]["tools"] = []
    document["elements"][3]["links"].pop(0)  # the link to tool:samtykkeskjema
    assert problems(document) == [
        "tools[0].id: 'Foo Bar' is not a valid id (lower-case letters, digits and hyphens)"
    ]


def test_id_with_a_trailing_newline_is_not_a_valid_id():
    document = example()
    document["plans"][0]["id"] = "handlingsplan-2025\n"
    assert (
        "plans[0].id: 'handlingsplan-2025\\n' is not a valid id "
        "(lower-case letters, digits and hyphens)"
    ) in problems(document)


def test_bad_reference_pattern_is_reported_once():
    document = example()
    document["elements"][1]["links"][0]["ref"] = "plan/x"
    assert problems(document) == [
        "elements[1].links[0].ref: 'plan/x' is not a valid reference (KIND:ID)"
    ]


def test_link_without_ref_or_url_and_title_gets_one_clear_message():
    document = example()
    document["elements"][1]["links"][0] = {"url": "https://example.org"}
    assert problems(document) == [
        'elements[1].links[0]: a link needs either "ref", or "url" and "title"'
    ]


def test_link_problems_inside_a_bad_link_are_still_reported():
    document = example()
    document["elements"][1]["links"][0] = {
        "ref": "Plan X",
        "url": "https://example.org",
        "title": "Both a reference and a URL",
    }
    document["elements"][1]["links"].append({"ref": "plan:handlingsplan-2025", "titel": "x"})
    assert problems(document) == [
        'elements[1].links[0]: a link needs either "ref", or "url" and "title"',
        "elements[1].links[0].ref: 'Plan X' is not a valid reference (KIND:ID)",
        "elements[1].links[1].titel: unknown key",
    ]


def test_guide_level_reference_to_a_missing_level_is_reported():
    document = example()
    document["elements"][3]["links"][1]["ref"] = "guide-level:7"
    assert problems(document) == ["elements[3].links[1].ref: unknown reference guide-level:7"]


def test_guide_reference_resolves_when_there_is_a_guide():
    document = example()
    document["plans"][0]["links"] = [{"ref": "guide"}, {"ref": "guide-level:1"}]
    assert problems(document) == []


def test_guide_references_without_a_guide_are_reported():
    document = example()
    del document["guide"]
    document["elements"][0]["links"] = [{"ref": "guide"}]
    assert problems(document) == [
        "elements[0].links[0].ref: unknown reference guide",
        "elements[3].links[1].ref: unknown reference guide-level:0",
    ]


def test_service_parent_cycle_is_reported():
    document = example()
    document["services"][0]["parent"] = "barnevern"  # oppvekst -> barnevern -> oppvekst
    assert problems(document) == [
        "services[0].parent: parent cycle: oppvekst → barnevern → oppvekst",
        "services[3].parent: parent cycle: barnevern → oppvekst → barnevern",
    ]


def test_service_that_is_its_own_parent_is_reported():
    document = example()
    document["services"][0]["parent"] = "oppvekst"
    assert problems(document) == ["services[0].parent: a service cannot be its own parent"]


def test_age_min_above_age_max_is_reported():
    document = example()
    document["measures"][0]["age_min"] = 10
    assert problems(document) == ["measures[0].age_min: age_min (10) is greater than age_max (6)"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["measures"][0].update(age_max="6"),
            "measures[0].age_max: must be a whole number, not the text '6'",
        ),
        (
            lambda d: d["arenas"][0]["months"].append(13),
            "arenas[0].months[11]: must be at most 12, not 13",
        ),
        (
            lambda d: d["arenas"][0]["months"].append(1),
            "arenas[0].months[11]: duplicate 1 (also arenas[0].months[0])",
        ),
        (lambda d: d.update(title="  "), "title: must not be empty or blank"),
        (lambda d: d.update(title="Two\nlines"), "title: must be one line of text"),
        (
            lambda d: d["tools"][0].update(url="www.example.org"),
            "tools[0].url: 'www.example.org' is not a valid link "
            "(http://, https://, mailto: or tel:, no spaces or non-ASCII)",
        ),
        (lambda d: d.update(version=2), "version: 2 is not one of: 1"),
    ],
)
def test_schema_messages_are_readable(change, expected):
    document = example()
    change(document)
    assert problems(document) == [expected]


def test_empty_guide_levels_are_reported_and_level_references_fail():
    document = example()
    document["guide"]["levels"] = []
    assert problems(document) == [
        "elements[3].links[1].ref: unknown reference guide-level:0",
        "guide.levels: must have at least 1 item",
    ]


def test_document_that_is_not_an_object_is_one_problem_at_the_root():
    assert problems([example()]) == ["$: the document must be a JSON object, not a list"]


def test_all_problems_are_reported_in_one_run_with_their_paths():
    document = example()
    document["elements"][0]["colour"] = "blue"
    document["elements"][1]["links"][0]["ref"] = "plan:handlingsplan-2030"
    document["elements"][2]["dimension"] = "blue"
    del document["elements"][3]["title"]
    document["plans"].append({"id": "handlingsplan-2025", "title": "Kopi"})
    document["plans"][0]["adopted_on"] = "2025-02-30"
    assert problems(document) == [
        "elements[0].colour: unknown key",
        "elements[1].links[0].ref: unknown reference plan:handlingsplan-2030",
        "elements[2].dimension: 'blue' is not one of: kultur, struktur",
        "elements[3].title: missing required field",
        "plans[0].adopted_on: '2025-02-30' is not a valid date (YYYY-MM-DD)",
        "plans[1].id: duplicate id 'handlingsplan-2025' (also plans[0])",
    ]


def test_rules_still_run_on_a_document_with_schema_errors():
    document = example()
    document["elements"].insert(0, "not an element")
    document["elements"][2]["links"][0]["ref"] = "plan:ukjent"
    assert problems(document) == [
        "elements[0]: must be an object, not the text 'not an element'",
        "elements[2].links[0].ref: unknown reference plan:ukjent",
    ]


def test_load_document_reads_a_path_and_a_file(tmp_path):
    path = tmp_path / "model.json"
    path.write_bytes(EXAMPLE_PATH.read_bytes())
    assert load_document(path) == example()
    assert load_document(str(path)) == example()
    with path.open("rb") as file:
        assert load_document(file) == example()


def test_invalid_json_is_reported_with_line_and_column():
    with pytest.raises(DocumentError) as raised:
        load_document(io.StringIO('{\n  "format": "samhandlingsmodell",\n  "version": }'))
    assert [str(problem) for problem in raised.value.problems] == [
        "$: invalid JSON at line 3, column 14: Expecting value"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"title": "a", "title": "b"}', "invalid JSON: the key 'title' appears twice"),
        (b'{"version": NaN}', "invalid JSON: NaN is not a JSON number"),
        (b'{"title": "\xff"}', "not UTF-8 text"),
        (b"[]", "the document must be a JSON object, not a list"),
    ],
)
def test_load_document_rejects_what_is_not_a_json_object(content, message):
    with pytest.raises(DocumentError) as raised:
        load_document(io.BytesIO(content))
    assert [problem.path for problem in raised.value.problems] == ["$"]
    assert raised.value.problems[0].message.startswith(message)


def test_missing_file_is_a_document_error(tmp_path):
    with pytest.raises(DocumentError) as raised:
        load_document(tmp_path / "missing.json")
    assert raised.value.problems[0].message.startswith("cannot read")


def test_duplicate_glossary_term_is_reported_regardless_of_case():
    document = example()
    document["glossary"] += [
        {"term": "Undring", "definition": "Tidlig uro."},
        {"term": "stafettholder", "definition": "Samme ord igjen."},
    ]
    assert problems(document) == [
        "glossary[2].term: duplicate term 'stafettholder' (also glossary[0])"
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["guide"]["levels"][0]["notice"].update(colour="rød"),
            "guide.levels[0].notice.colour: unknown key",
        ),
        (
            lambda d: d["guide"]["levels"][0]["notice"].pop("body"),
            "guide.levels[0].notice.body: missing required field",
        ),
        (lambda d: d["glossary"][0].update(colour="rød"), "glossary[0].colour: unknown key"),
        (
            lambda d: d["glossary"][0].pop("definition"),
            "glossary[0].definition: missing required field",
        ),
        (
            lambda d: d["guide"]["levels"][0]["steps"][0].update(deadline="Innen\n14 dager"),
            "guide.levels[0].steps[0].deadline: must be one line of text",
        ),
    ],
)
def test_notice_term_and_deadline_problems_are_reported(change, expected):
    document = example()
    change(document)
    assert problems(document) == [expected]
