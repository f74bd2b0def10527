"""Hostile exchange documents: every one is refused with a message and its JSON path, or
accepted; never a traceback, and a refused import changes nothing."""

import copy
import io
import json
import random

from django.core.management import CommandError, call_command

import pytest

from models_app.exchange.importer import import_document
from models_app.exchange.validation import (
    MAX_NESTING,
    MAX_SERVICE_DEPTH,
    DocumentError,
    ValidationProblem,
    load_document,
    validate_document,
)
from tests.factories import demo_document, example_document
from tests.helpers import database_state

FUZZ_CASES = 400
SEED = 11

# The messages as the command line shows them; tests/test_admin_language.py has the bokmål.
pytestmark = pytest.mark.usefixtures("english")


def refused(document, path, words):
    problems = validate_document(document)
    assert any(p.path == path and words in p.message for p in problems), problems
    return problems


# Named cases -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Plan\x00", "control character U+0000"),
        ("Plan\x1b[31m", "control character U+001B"),
        ("Plan\x85", "control character U+0085"),
        ("Plan\ud800", "lone surrogate"),
    ],
)
def test_control_characters_and_lone_surrogates_are_refused_with_their_path(text, words):
    document = example_document()
    document["plans"][0]["title"] = text
    refused(document, "plans[0].title", words)


def test_tabs_and_line_breaks_are_text():
    document = example_document()
    document["plans"][0]["summary"] = "Første linje\nandre\tlinje\r\n"
    assert validate_document(document) == []


def test_a_key_with_a_surrogate_is_reported_printably():
    document = example_document()
    document["plans"][0]["x\udc80"] = 1
    problems = validate_document(document)
    assert problems
    for problem in problems:
        str(problem).encode("utf-8")  # never a UnicodeEncodeError when printed


def test_json_nested_3000_deep_is_refused_on_reading():
    text = '{"format": ' + "[" * 3000 + "]" * 3000 + "}"
    with pytest.raises(DocumentError) as caught:
        load_document(io.StringIO(text))
    assert "nested deeper" in str(caught.value.problems[0])


def test_objects_nested_deeper_than_the_limit_are_refused_without_recursion():
    document = example_document()
    node = document["plans"][0]
    for _ in range(3000):
        node["x"] = {}
        node = node["x"]
    problems = validate_document(document)
    assert len(problems) == 1
    assert f"nested deeper than {MAX_NESTING} levels" in problems[0].message


def service_chain(document, length, cycle=False):
    services = [{"id": "s0", "name": "Tjeneste 0"}]
    services += [
        {"id": f"s{i}", "name": f"Tjeneste {i}", "parent": f"s{i - 1}"} for i in range(1, length)
    ]
    if cycle:
        services[0]["parent"] = f"s{length - 1}"
    document["services"] = services
    for kind in ("elements", "routines", "arenas", "measures", "tools", "plans"):
        for item in document.get(kind, []):
            item.pop("services", None)
            item.pop("provider", None)
    return document


def test_a_service_tree_90_deep_is_refused_past_the_limit():
    document = service_chain(example_document(), 90)
    problems = [p for p in validate_document(document) if p.path.endswith(".parent")]
    assert len(problems) == 90 - MAX_SERVICE_DEPTH
    assert problems[0].path == f"services[{MAX_SERVICE_DEPTH}].parent"
    assert f"at most {MAX_SERVICE_DEPTH} levels" in problems[0].message


def test_a_long_cycle_is_reported_once_per_service():
    document = service_chain(example_document(), 3000, cycle=True)
    problems = [p for p in validate_document(document) if "cycle" in p.message]
    assert len(problems) == 3000
    assert problems[0].message.startswith("parent cycle: s0 → s2999 → s2998")


@pytest.mark.parametrize("date", ["9999-12-31", "1899-12-31", "2101-01-01", "0001-01-01"])
def test_dates_outside_1900_to_2100_are_refused(date):
    document = example_document()
    document["plans"][0]["adopted_on"] = date
    refused(document, "plans[0].adopted_on", "outside the years 1900–2100")


def test_a_huge_list_is_validated_or_refused_without_error():
    document = example_document()
    document["plans"] = [
        {**copy.deepcopy(document["plans"][0]), "id": f"plan-{i}"} for i in range(5000)
    ]
    assert isinstance(validate_document(document), list)


# Through the command and the database ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["plans"][0].update(title="Plan\x00"), "plans[0].title"),
        (lambda d: d["plans"][0].update(title="Plan\ud800"), "plans[0].title"),
        (lambda d: d["plans"][0].update(adopted_on="9999-01-01"), "plans[0].adopted_on"),
        (lambda d: service_chain(d, 90), f"services[{MAX_SERVICE_DEPTH}].parent"),
    ],
)
def test_the_command_refuses_hostile_documents_and_changes_nothing(
    tmp_path, capsys, example_site, change, path
):
    document = example_document()
    change(document)
    source = tmp_path / "fiendtlig.json"
    source.write_text(json.dumps(document), encoding="utf-8")  # ASCII escapes, as JSON allows
    before = database_state()

    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("import_model", str(source))

    assert path in capsys.readouterr().err
    assert database_state() == before


# Seeded mutations of the demo document ------------------------------------------------------

HOSTILE_VALUES = [
    "\x00",
    "tekst\ud83d",
    "\x07",
    "",
    " ",
    "x" * 100_000,
    -1,
    0,
    10**30,
    1.5,
    True,
    None,
    [],
    {},
    "9999-01-01",
    "0000-00-00",
    "element:finnes-ikke",
    ["x"] * 1000,
    {"ref": "plan:finnes-ikke"},
]


def paths_of(node, parts=()):
    yield parts
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths_of(value, (*parts, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths_of(value, (*parts, index))


def mutated(document, rng):
    """The document with one to three values replaced, removed, nested or duplicated."""
    document = copy.deepcopy(document)
    for _ in range(rng.randint(1, 3)):
        paths = [path for path in paths_of(document) if path]
        path = rng.choice(paths)
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        action = rng.choice(("replace", "replace", "remove", "nest", "duplicate", "unknown"))
        if action == "replace":
            parent[key] = copy.deepcopy(rng.choice(HOSTILE_VALUES))
        elif action == "remove":
            del parent[key]
        elif action == "nest":
            value = parent[key]
            for _ in range(rng.choice((2, 40, 500))):
                value = [value]
            parent[key] = value
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif isinstance(parent, dict):
            parent[f"ukjent-{rng.randint(0, 9)}"] = rng.choice(HOSTILE_VALUES[:6])
    return document


def test_seeded_mutations_of_the_demo_give_messages_never_errors():
    rng = random.Random(SEED)  # noqa: S311 (reproducible cases, not secrets)
    base = demo_document()
    outcomes = {"refused": 0, "accepted": 0}
    for _case in range(FUZZ_CASES):
        document = mutated(base, rng)
        problems = validate_document(document)
        assert all(isinstance(problem, ValidationProblem) for problem in problems)
        for problem in problems:
            assert problem.path and problem.message
            str(problem).encode("utf-8")
        outcomes["refused" if problems else "accepted"] += 1
    assert outcomes["refused"] > FUZZ_CASES // 2
    print(f"fuzz: {FUZZ_CASES} cases, {outcomes}")


@pytest.mark.django_db
def test_seeded_mutations_import_atomically(example_site):
    """A sample of mutations through the importer: success, or DocumentError and the database
    as it was."""
    rng = random.Random(SEED + 1)  # noqa: S311
    base = example_document()
    for _case in range(12):
        document = mutated(base, rng)
        before = database_state()
        try:
            import_document(document, hostname=example_site.hostname)
        except DocumentError as error:
            assert error.problems
            assert database_state() == before
