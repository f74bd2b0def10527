"""Validate a samhandlingsmodell exchange document (format version 1).

Two steps, both always run so that one pass reports every problem:

1. the JSON Schema, its messages rewritten for the people who run imports;
2. the rules the schema cannot say: unique ids, references that resolve, service parents
   without cycles, age ranges, glossary terms once each (regardless of case).

Problems carry a JSON path such as `elements[3].links[0].ref` (`$` is the whole document).
Their messages are in the active language: bokmål in the admin, English on the command line
(the commands run under `translation.override("en")`). Nothing here touches the database.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from jsonschema.validators import extend

SCHEMA_PATH = Path(__file__).with_name("samhandlingsmodell-1.schema.json")

# The lists whose items have an `id`, by the KIND used in references.
LISTS = {
    "element": "elements",
    "service": "services",
    "plan": "plans",
    "routine": "routines",
    "arena": "arenas",
    "measure": "measures",
    "tool": "tools",
}
LINKED_LISTS = ("elements", "plans", "routines", "arenas", "measures")
# A service sits in the page tree below the site's root, the model page and the services
# section; Wagtail's paths (4 characters a level, 255 in all) hold 63 levels, so services may
# nest 40 deep and leave room for a deeper installation.
MAX_SERVICE_DEPTH = 40
# JSON nested deeper than any valid document is refused before it reaches the schema, whose
# validator recurses.
MAX_NESTING = 32
# Dates a municipality's plans and reviews can have; outside, date arithmetic and the pages
# that show dates could fail (year 9999 plus an interval).
DATE_RANGE = (1900, 2100)
# Characters never allowed in text: the C0 controls but tab, line feed and carriage return,
# DEL and the C1 controls (NUL cannot be stored in PostgreSQL at all).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class ValidationProblem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class DocumentError(Exception):
    """A document that cannot be imported; `problems` says why."""

    def __init__(self, problems: Iterable[ValidationProblem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


# A problem before formatting: the path as parts (keys and indexes), and the message.
_Problem = tuple[tuple, str]

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


def format_path(parts: Iterable[str | int]) -> str:
    """`("elements", 3, "links", 0)` -> `elements[3].links[0]`; no parts -> `$`."""
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            path += f".{part}" if path else part
        else:  # an unknown key may hold anything, even dots
            # A lone surrogate is escaped: it could not be printed or stored.
            escape = bool(_SURROGATE.search(part))
            path += f"[{json.dumps(part, ensure_ascii=escape)}]"
    return path or "$"


def _show(value: Any) -> str:
    """A value as quoted in a message, shortened: a document may hold 100 000 characters."""
    shown = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 60 else shown[:58] + "…" + shown[-1]


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int | float):
        return _("the number %(value)s") % {"value": value}
    if isinstance(value, str):
        return _("the text %(value)s") % {"value": _show(value)}
    return {dict: _("an object"), list: _("a list")}.get(type(value), "null")


# --- step 1: the schema -----------------------------------------------------------------


@cache
def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _ecma_pattern(pattern: str) -> re.Pattern:
    # Schema patterns are ECMA-262, where `$` matches only at the very end; Python's `$` also
    # matches before a final newline, which would let "some-id\n" pass as an id.
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern_keyword(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not _ecma_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _plain_date(instance: object) -> bool:
    """Whether a string is a real YYYY-MM-DD date, whatever its year."""
    try:
        return bool(_DATE.fullmatch(instance)) and bool(datetime.date.fromisoformat(instance))
    except (TypeError, ValueError):
        return False


def _is_date(instance: object) -> bool:
    if not isinstance(instance, str):
        return True
    # date.fromisoformat also takes "20260101" and "2026-W01-1"; the format says YYYY-MM-DD.
    if not _DATE.fullmatch(instance):
        return False
    year = datetime.date.fromisoformat(instance).year
    return DATE_RANGE[0] <= year <= DATE_RANGE[1]


@cache
def _definitions() -> dict[str, dict]:
    """The schema's `$defs` by the reference that names them (`#/$defs/line`)."""
    return {f"#/$defs/{name}": schema for name, schema in load_schema()["$defs"].items()}


def _ref_keyword(validator, ref, instance, schema):
    """`$ref` to one of the schema's own `$defs` without resolving it each time: the schema is
    one resource, so such a reference means the same everywhere, and resolving it anew for
    each of thousands of services cost most of the validation time."""
    definition = _definitions().get(ref)
    if definition is None:
        yield from Draft202012Validator.VALIDATORS["$ref"](validator, ref, instance, schema)
    else:
        yield from validator.descend(instance, definition)


@cache
def _validator() -> Draft202012Validator:
    checker = FormatChecker()
    checker.checks("date", raises=ValueError)(_is_date)
    cls = extend(Draft202012Validator, {"pattern": _pattern_keyword, "$ref": _ref_keyword})
    return cls(load_schema(), format_checker=checker)


_TYPE_NAMES = {
    "object": gettext_lazy("an object"),
    "array": gettext_lazy("a list"),
    "string": gettext_lazy("text"),
    "integer": gettext_lazy("a whole number"),
    "number": gettext_lazy("a number"),
    "boolean": gettext_lazy("true or false"),
    "null": "null",
}
_URL_MESSAGE = gettext_lazy(
    "%(value)s is not a valid link (http://, https://, mailto: or tel:, no spaces or non-ASCII)"
)


@cache
def _pattern_messages() -> dict[str, str]:
    schema = load_schema()
    defs = schema["$defs"]
    number = schema["properties"]["municipality"]["properties"]["number"]
    # Lazy: the cache keeps the messages, each is translated when it is used.
    return {
        defs["id"]["pattern"]: gettext_lazy(
            "%(value)s is not a valid id (lower-case letters, digits and hyphens)"
        ),
        defs["ref"]["pattern"]: gettext_lazy("%(value)s is not a valid reference (KIND:ID)"),
        defs["url"]["pattern"]: _URL_MESSAGE,
        defs["contact"]["properties"]["phone"]["pattern"]: gettext_lazy(
            "%(value)s is not a valid phone number"
        ),
        number["pattern"]: gettext_lazy(
            "%(value)s is not a valid municipality number (four digits)"
        ),
    }


def _line_message(text: str) -> str:
    # `line` fields: one line with some text; for "" minLength says the same, and the two
    # identical problems collapse into one.
    return _("must not be empty or blank") if not text.strip() else _("must be one line of text")


def _pattern_message(error: ValidationError) -> str:
    if error.validator_value == load_schema()["$defs"]["line"]["pattern"]:
        return _line_message(error.instance)
    message = _pattern_messages().get(error.validator_value)
    if message is None:
        return _("%(value)s does not match the pattern %(pattern)s") % {
            "value": _show(error.instance),
            "pattern": error.validator_value,
        }
    return message % {"value": _show(error.instance)}


def _format_message(error: ValidationError) -> str:
    shown = {"value": _show(error.instance), "first": DATE_RANGE[0], "last": DATE_RANGE[1]}
    if error.validator_value == "date":
        if _plain_date(error.instance):
            return _("%(value)s is outside the years %(first)s–%(last)s") % shown
        return _("%(value)s is not a valid date (YYYY-MM-DD)") % shown
    if error.validator_value == "uri":
        return _URL_MESSAGE % shown
    if error.validator_value == "email":
        return _("%(value)s is not a valid email address") % shown
    return _("%(value)s is not a valid %(format)s") % {**shown, "format": error.validator_value}


def _duplicate_items(path: tuple, items: list) -> list[_Problem]:
    problems = []
    for index, item in enumerate(items):
        # JSON equality: unlike Python, true is not 1.
        first = next(
            i for i, other in enumerate(items) if other == item and type(other) is type(item)
        )
        if first != index:
            message = _("duplicate %(value)s (also %(path)s)") % {
                "value": _show(item),
                "path": format_path((*path, first)),
            }
            problems.append(((*path, index), message))
    return problems or [(path, _("has duplicate items"))]


def _type_names(value: str | list) -> str:
    names = [str(_TYPE_NAMES.get(name, name)) for name in _as_list(value) or [value]]
    return _(" or ").join(names)


def _describe(error: ValidationError) -> list[_Problem]:
    """One jsonschema error as problems with readable messages."""
    path, kind = tuple(error.absolute_path), error.validator
    instance, value = error.instance, error.validator_value
    if kind == "additionalProperties":
        known = error.schema.get("properties", {})
        return [((*path, key), _("unknown key")) for key in instance if key not in known]
    if kind == "required":
        missing = _("missing required field")
        return [((*path, key), missing) for key in value if key not in instance]
    if kind == "oneOf":
        # The only oneOf is a link's. A link that is not an object already has a type error;
        # the sub-errors ("'ref' is a required property") would only confuse.
        if not isinstance(instance, dict):
            return []
        return [(path, _('a link needs either "ref", or "url" and "title"'))]
    if kind == "uniqueItems":
        return _duplicate_items(path, instance)
    shown = {"value": _show(instance), "limit": value}
    messages = {
        "type": lambda: (
            _("must be %(expected)s, not %(actual)s")
            % {"expected": _type_names(value), "actual": _type_of(instance)}
        ),
        "enum": lambda: (
            _("%(value)s is not one of: %(allowed)s")
            % {**shown, "allowed": ", ".join(map(str, value))}
        ),
        "const": lambda: _("%(value)s is not one of: %(allowed)s") % {**shown, "allowed": value},
        "pattern": lambda: _pattern_message(error),
        "format": lambda: _format_message(error),
        "minLength": lambda: (
            _line_message(instance)
            if value == 1
            else _("must have at least %(limit)s characters") % shown
        ),
        "maxLength": lambda: (
            _("is too long (%(length)s characters, at most %(limit)s)")
            % {**shown, "length": len(instance)}
        ),
        "minItems": lambda: (
            ngettext(
                "must have at least %(limit)s item", "must have at least %(limit)s items", value
            )
            % shown
        ),
        "minimum": lambda: _("must be at least %(limit)s, not %(value)s") % shown,
        "maximum": lambda: _("must be at most %(limit)s, not %(value)s") % shown,
    }
    return [(path, messages[kind]() if kind in messages else error.message)]


def _schema_problems(document: dict) -> list[_Problem]:
    return [problem for error in _validator().iter_errors(document) for problem in _describe(error)]


# --- step 2: rules the schema cannot say ------------------------------------------------


def _items(container: Any, key: str) -> Iterator[tuple[int, dict]]:
    """(index, item) for the objects in container[key], skipping what step 1 reported."""
    items = container.get(key) if isinstance(container, dict) else None
    if isinstance(items, list):
        yield from ((index, item) for index, item in enumerate(items) if isinstance(item, dict))


def _guide_levels(document: dict) -> Iterator[tuple[int, dict]]:
    return _items(document.get("guide"), "levels")


def _steps(document: dict) -> Iterator[tuple[tuple, dict]]:
    for level_index, level in _guide_levels(document):
        for step_index, step in _items(level, "steps"):
            yield ("guide", "levels", level_index, "steps", step_index), step


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _first_indexes(pairs: Iterable[tuple[int, Any]]) -> dict:
    """value -> index of its first occurrence."""
    first: dict = {}
    for index, value in pairs:
        first.setdefault(value, index)
    return first


def _duplicates(pairs: Iterable[tuple[int, Any]]) -> Iterator[tuple[int, Any, int]]:
    """(index, value, index of the first occurrence) for every repeated value."""
    pairs = list(pairs)
    first = _first_indexes(pairs)
    return ((index, value, first[value]) for index, value in pairs if first[value] != index)


def _ids(document: dict, key: str) -> list[tuple[int, str]]:
    return [(i, item["id"]) for i, item in _items(document, key) if isinstance(item.get("id"), str)]


def _level_numbers(document: dict) -> list[tuple[int, int]]:
    levels = _guide_levels(document)
    return [(i, level["number"]) for i, level in levels if _is_integer(level.get("number"))]


def _duplicate_problems(document: dict) -> list[_Problem]:
    problems = [
        (
            (key, index, "id"),
            _("duplicate id %(value)s (also %(path)s)")
            % {"value": _show(value), "path": f"{key}[{first}]"},
        )
        for key in LISTS.values()
        for index, value, first in _duplicates(_ids(document, key))
    ]
    problems += [
        (
            ("guide", "levels", index, "number"),
            _("duplicate level number %(value)s (also %(path)s)")
            % {"value": value, "path": f"guide.levels[{first}]"},
        )
        for index, value, first in _duplicates(_level_numbers(document))
    ]
    return problems


@dataclass(frozen=True)
class _Targets:
    """What references in a document can point to."""

    ids: dict[str, set[str]]  # KIND -> ids
    has_guide: bool
    levels: set[int]

    @classmethod
    def of(cls, document: dict) -> _Targets:
        ids = {kind: {ident for _i, ident in _ids(document, key)} for kind, key in LISTS.items()}
        levels = {number for _i, number in _level_numbers(document)}
        return cls(ids, "guide" in document, levels)

    def resolves(self, ref: str) -> bool:
        if ref == "guide":
            return self.has_guide
        kind, _colon, ident = ref.partition(":")
        if kind == "guide-level":
            return int(ident) in self.levels
        return ident in self.ids[kind]


def _links(document: dict) -> Iterator[tuple[tuple, dict]]:
    """(path, link) for every link object in the document."""
    owners = [((key, index), item) for key in LINKED_LISTS for index, item in _items(document, key)]
    for owner_path, owner in [*owners, *_steps(document)]:
        for index, link in _items(owner, "links"):
            yield (*owner_path, "links", index), link


def _reference_problems(document: dict, targets: _Targets) -> list[_Problem]:
    ref_pattern = _ecma_pattern(load_schema()["$defs"]["ref"]["pattern"])
    return [
        ((*path, "ref"), _("unknown reference %(ref)s") % {"ref": link["ref"]})
        for path, link in _links(document)
        if isinstance(link.get("ref"), str)
        and ref_pattern.search(link["ref"])  # else step 1 said it is not a reference
        and not targets.resolves(link["ref"])
    ]


def _id_uses(document: dict) -> Iterator[tuple[tuple, str, Any]]:
    """(path, KIND, value) for every plain id that names a service or a tool."""
    lists = [("elements", "services"), ("routines", "services"), ("arenas", "participants")]
    for key, field in lists:
        for index, item in _items(document, key):
            for position, value in enumerate(_as_list(item.get(field))):
                yield (key, index, field, position), "service", value
    for index, measure in _items(document, "measures"):
        yield ("measures", index, "provider"), "service", measure.get("provider")
    for index, service in _items(document, "services"):
        yield ("services", index, "parent"), "service", service.get("parent")
    for path, step in _steps(document):
        for field, kind in (("involve", "service"), ("tools", "tool")):
            for position, value in enumerate(_as_list(step.get(field))):
                yield (*path, field, position), kind, value


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else []


_UNKNOWN_ID = {
    "service": gettext_lazy("unknown service %(value)s"),
    "tool": gettext_lazy("unknown tool %(value)s"),
}


def _id_problems(document: dict, targets: _Targets) -> list[_Problem]:
    id_pattern = _ecma_pattern(load_schema()["$defs"]["id"]["pattern"])
    return [
        (path, _UNKNOWN_ID[kind] % {"value": _show(value)})
        for path, kind, value in _id_uses(document)
        if isinstance(value, str)
        and id_pattern.search(value)  # else step 1 said it is not an id
        and value not in targets.ids[kind]
    ]


def _service_tree(
    parent_of: dict[str, str],
) -> tuple[dict[str, int], dict[str, tuple[list[str], int]]]:
    """(depth of each service below a top service, the cycle each service on one closes as
    the ring and the service's place in it): every service is walked once and a ring is
    stored once for all its members, so long chains and long cycles cost linear time."""
    depth: dict[str, int] = {}
    cycle_of: dict[str, tuple[list[str], int]] = {}
    above_cycle: set[str] = set()
    for start in parent_of:
        path: list[str] = []
        position: dict[str, int] = {}
        node = start
        while node in parent_of and node not in position:
            if node in depth or node in cycle_of or node in above_cycle:
                break
            position[node] = len(path)
            path.append(node)
            node = parent_of[node]
        if node in position:  # the walk came back: a new cycle
            ring = path[position[node] :]
            for index, member in enumerate(ring):
                cycle_of[member] = (ring, index)
            path = path[: position[node]]
        if node in position or node in cycle_of or node in above_cycle:
            above_cycle.update(path)
            continue
        base = depth.get(node, 0)  # a top service (or an unknown parent, reported elsewhere)
        for member in reversed(path):
            base += 1
            depth[member] = base
    return depth, cycle_of


def _chain(ring: list[str], start: int, shown: int = 8) -> str:
    """The cycle from ring[start] back to it as `a → b → … → a`; a long one shortened, or
    3 000 messages of 3 000 ids each would cost quadratic time and space. Only the ids shown
    are taken from the ring."""
    size = len(ring)
    if size <= shown:
        return " → ".join([*ring[start:], *ring[:start], ring[start]])
    first = [ring[(start + step) % size] for step in range(shown)]
    services = ngettext("%(count)d service", "%(count)d services", size) % {"count": size}
    return f"{' → '.join(first)} → … ({services}) → {ring[start]}"


def _parent_problems(document: dict) -> list[_Problem]:
    services = [
        (index, service["id"], service["parent"])
        for index, service in _items(document, "services")
        if isinstance(service.get("id"), str) and isinstance(service.get("parent"), str)
    ]
    parent_of: dict[str, str] = {}
    for _index, ident, parent in services:
        parent_of.setdefault(ident, parent)  # a duplicate id is reported elsewhere
    depth, cycle_of = _service_tree(parent_of)
    problems = []
    for index, ident, parent in services:
        path = ("services", index, "parent")
        if parent == ident:
            problems.append((path, _("a service cannot be its own parent")))
        elif ident in cycle_of:
            cycle = _chain(*cycle_of[ident])
            problems.append((path, _("parent cycle: %(cycle)s") % {"cycle": cycle}))
        elif depth.get(ident, 0) >= MAX_SERVICE_DEPTH:
            message = _("services may be nested at most %(depth)d levels deep")
            problems.append((path, message % {"depth": MAX_SERVICE_DEPTH}))
    return problems


def _age_problems(document: dict) -> list[_Problem]:
    return [
        (
            ("measures", index, "age_min"),
            _("age_min (%(min)s) is greater than age_max (%(max)s)")
            % {"min": measure["age_min"], "max": measure["age_max"]},
        )
        for index, measure in _items(document, "measures")
        if _is_integer(measure.get("age_min"))
        and _is_integer(measure.get("age_max"))
        and measure["age_min"] > measure["age_max"]
    ]


def _glossary_problems(document: dict) -> list[_Problem]:
    # "Stafettholder" and "stafettholder" are one term: the site could not tell which to explain.
    problems: list[_Problem] = []
    first: dict[str, int] = {}
    for index, item in _items(document, "glossary"):
        term = item.get("term")
        if not isinstance(term, str):
            continue  # step 1 reported it
        seen = first.setdefault(term.casefold(), index)
        if seen != index:
            message = _("duplicate term %(value)s (also %(path)s)") % {
                "value": _show(term),
                "path": f"glossary[{seen}]",
            }
            problems.append((("glossary", index, "term"), message))
    return problems


def _rule_problems(document: dict) -> list[_Problem]:
    targets = _Targets.of(document)
    return [
        *_duplicate_problems(document),
        *_glossary_problems(document),
        *_reference_problems(document, targets),
        *_id_problems(document, targets),
        *_parent_problems(document),
        *_age_problems(document),
    ]


# --- the whole document -----------------------------------------------------------------


def _document_order(document: Any, parts: tuple) -> tuple[int, ...]:
    """Where a path lies in the document, for sorting; a missing key sorts after the rest."""
    positions = []
    node = document
    for part in parts:
        if isinstance(node, dict):
            keys = list(node)
            positions.append(keys.index(part) if part in node else len(keys))
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            positions.append(part)
            node = node[part]
        else:
            positions.append(0)
            node = None
    return tuple(positions)


def _not_an_object(document: Any) -> ValidationProblem:
    message = _("the document must be a JSON object, not %(actual)s")
    return ValidationProblem("$", message % {"actual": _type_of(document)})


def _text_problems(document: Any) -> tuple[list[_Problem], bool]:
    """Control characters and lone surrogates in any key or text, and nesting deeper than
    MAX_NESTING: (problems, too deep). Walked without recursion, so any depth is safe."""
    problems: list[_Problem] = []
    too_deep = False
    stack: list[tuple[tuple, Any]] = [((), document)]
    while stack:
        parts, node = stack.pop()
        if len(parts) > MAX_NESTING:
            if not too_deep:
                message = _("nested deeper than %(depth)d levels") % {"depth": MAX_NESTING}
                problems.append((parts, message))
            too_deep = True
            continue
        if isinstance(node, dict):
            for key, value in node.items():
                problems.extend(_bad_characters((*parts, key), key, is_key=True))
                stack.append(((*parts, key), value))
        elif isinstance(node, list):
            stack.extend(((*parts, index), item) for index, item in enumerate(node))
        elif isinstance(node, str):
            problems.extend(_bad_characters(parts, node, is_key=False))
    return problems, too_deep


def _bad_characters(parts: tuple, text: str, is_key: bool) -> list[_Problem]:
    if _SURROGATE.search(text):
        if is_key:
            return [(parts, _("the key contains a lone surrogate (invalid Unicode)"))]
        return [(parts, _("the text contains a lone surrogate (invalid Unicode)"))]
    control = _CONTROL.search(text)
    if control:
        code = {"code": f"U+{ord(control.group()):04X}"}
        if is_key:
            return [(parts, _("the key contains the control character %(code)s") % code)]
        return [(parts, _("the text contains the control character %(code)s") % code)]
    return []


def validate_document(document: Any) -> list[ValidationProblem]:
    """Every problem in an exchange document, in document order; [] when it is valid."""
    if not isinstance(document, dict):
        return [_not_an_object(document)]
    text_problems, too_deep = _text_problems(document)
    if too_deep:  # the schema and the rules would recurse through it
        return [ValidationProblem(format_path(parts), message) for parts, message in text_problems]
    found = dict.fromkeys([*text_problems, *_schema_problems(document), *_rule_problems(document)])
    ordered = sorted(found, key=lambda problem: _document_order(document, problem[0]))
    return [ValidationProblem(format_path(parts), message) for parts, message in ordered]


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict:
    # json keeps the last of two equal keys; a silently lost value is what the format's
    # "unknown keys are an error" rule is there to prevent.
    seen = set()
    for key, _value in pairs:
        if key in seen:
            raise ValueError(_("the key %(key)s appears twice in one object") % {"key": _show(key)})
        seen.add(key)
    return dict(pairs)


def _no_constant(name: str) -> Any:
    raise ValueError(_("%(name)s is not a JSON number") % {"name": name})


def load_document(source: str | os.PathLike | IO) -> dict:
    """Read an exchange document (JSON, UTF-8) from a path or an open file.

    Raises DocumentError when it cannot be read, is not JSON, or is not a JSON object.
    """
    try:
        raw = source.read() if hasattr(source, "read") else Path(source).read_bytes()
        # utf-8-sig: a byte order mark, as some Windows editors write, is harmless.
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        document = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except OSError as error:
        message = _("cannot read: %(error)s") % {"error": error}
        raise DocumentError([ValidationProblem("$", message)]) from error
    except UnicodeDecodeError as error:
        message = _("not UTF-8 text (byte %(byte)d)") % {"byte": error.start}
        raise DocumentError([ValidationProblem("$", message)]) from error
    except json.JSONDecodeError as error:
        # json's own explanation (error.msg) stays English: it names the JSON syntax.
        message = _("invalid JSON at line %(line)d, column %(column)d: %(error)s")
        position = {"line": error.lineno, "column": error.colno, "error": error.msg}
        raise DocumentError([ValidationProblem("$", message % position)]) from error
    except ValueError as error:
        message = _("invalid JSON: %(error)s") % {"error": error}
        raise DocumentError([ValidationProblem("$", message)]) from error
    except RecursionError as error:
        message = _("invalid JSON: nested deeper than %(depth)d levels") % {"depth": MAX_NESTING}
        raise DocumentError([ValidationProblem("$", message)]) from error
    if not isinstance(document, dict):
        raise DocumentError([_not_an_object(document)])
    return document
