"""Exchange documents for tests: the demo, the small example, and generated models of any size."""

import copy
import json
import random
import string
from pathlib import Path

from models_app.exchange.importer import import_document

ROOT = Path(__file__).resolve().parent.parent
DEMO_PATH = ROOT / "fixtures" / "demo.json"
EXAMPLE_PATH = Path(__file__).resolve().parent / "data" / "example.json"

CELLS = [
    (level, dimension)
    for level in ("kommune", "etat", "individ")
    for dimension in ("kultur", "struktur")
]


def load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def demo_document():
    return load(DEMO_PATH)


def example_document():
    return load(EXAMPLE_PATH)


def sized_document(element_count, name="Storvik kommune"):
    """A valid model with `element_count` elements spread over the six cells, each linked."""
    document = {
        "format": "samhandlingsmodell",
        "version": 1,
        "municipality": {"name": name},
        "language": "nb",
        "title": f"Samhandlingsmodell for {name}",
        "elements": [],
        "services": [{"id": "oppvekst", "name": "Oppvekst", "kind": "sektor"}]
        + [
            {"id": f"tjeneste-{i}", "name": f"Tjeneste {i}", "parent": "oppvekst"} for i in range(5)
        ],
        "plans": [{"id": f"plan-{i}", "title": f"Plan {i}"} for i in range(5)],
        "tools": [{"id": f"verktoy-{i}", "title": f"Verktøy {i}"} for i in range(5)],
        "guide": {
            "title": "Handlingsveileder",
            "levels": [
                {
                    "number": 0,
                    "title": "Undring",
                    "steps": [
                        {
                            "title": "Definer undringen",
                            "tools": ["verktoy-0"],
                            "involve": ["tjeneste-0"],
                        }
                    ],
                }
            ],
        },
    }
    for index in range(element_count):
        level, dimension = CELLS[index % len(CELLS)]
        document["elements"].append(
            {
                "id": f"element-{index}",
                "level": level,
                "dimension": dimension,
                "title": f"Element {index}",
                "summary": f"Sammendrag {index}",
                "services": [f"tjeneste-{index % 5}"],
                "links": [
                    {"ref": f"plan:plan-{index % 5}"},
                    {"ref": f"tool:verktoy-{index % 5}"},
                    {"url": "https://www.bufdir.no/", "title": "Bufdir"},
                ],
            }
        )
    return document


def imported(document, hostname=None):
    """Import a deep copy of the document; returns the report."""
    return import_document(copy.deepcopy(document), hostname=hostname)


def scaled_document(scale, name="Skalavik kommune"):
    """A model with every kind of object, `scale` times over, all linked to each other."""
    document = sized_document(6 * scale, name)
    services = [s["id"] for s in document["services"]]
    tools = [f"verktoy-{i}" for i in range(max(5, 2 * scale))]
    document["tools"] = [
        {
            "id": tool,
            "title": f"Verktøy {i}",
            "kind": ["skjema", "mal", "veileder"][i % 3],
            "review": {"last_reviewed": "2026-01-01", "interval_months": 1 + i % 12},
        }
        for i, tool in enumerate(tools)
    ]
    document["plans"] = [{"id": f"plan-{i}", "title": f"Plan {i}"} for i in range(5)]
    document["routines"] = [
        {
            "id": f"rutine-{i}",
            "title": f"Rutine {i}",
            "steps": ["Først", "Så"],
            "services": services[i % 3 : i % 3 + 3],
            "links": [{"ref": f"tool:{tools[i % len(tools)]}"}],
        }
        for i in range(2 * scale)
    ]
    document["arenas"] = [
        {
            "id": f"arena-{i}",
            "title": f"Arena {i}",
            "level": ["kommune", "etat", "individ"][i % 3],
            "participants": services[1 : 1 + i % 5 + 1],
            "months": [1 + i % 12, 1 + (i + 5) % 12],
            "convener": "Leder",
            "frequency": "Månedlig",
        }
        for i in range(2 * scale)
    ]
    document["measures"] = [
        {
            "id": f"tiltak-{i}",
            "title": f"Tiltak {i}",
            "provider": services[1 + i % 5],
            "target_groups": ["barn", "foreldre"][: 1 + i % 2],
            "age_min": i % 6,
            "age_max": 6 + i % 12,
            "access": ["selvhenvisning", "henvisning", "begge"][i % 3],
        }
        for i in range(2 * scale)
    ]
    document["guide"]["levels"] = [
        {
            "number": level,
            "title": f"Nivå {level}",
            "steps": [
                {
                    "title": f"Steg {level}.{i}",
                    "tools": tools[i % len(tools) :][:2],
                    "involve": services[1 + i % 5 :][:2],
                    "links": [{"ref": f"routine:rutine-{i % (2 * scale)}"}],
                }
                for i in range(scale)
            ],
        }
        for level in range(4)
    ]
    return document


def document_of_size(size, name="Tekstvik kommune"):
    """A valid model of just under `size` bytes of JSON: few pages (a sized_document), whose
    elements' summaries and bodies are filled with seeded, made-up words (text that compresses
    about as badly as real prose, so a signed and compressed copy of it is large too)."""
    rng = random.Random(size)  # noqa: S311 (seeded test data)
    document = sized_document(max(6, size // 180_000), name)
    budget = size - len(json.dumps(document, ensure_ascii=False).encode()) - 1000
    for element in document["elements"]:
        for key in ("summary", "body"):
            length = min(budget - 100, 90_000)
            if length <= 0:
                return document
            element[key] = made_up_text(rng, length)
            budget -= len(element[key]) + len(f',"{key}":""')
    return document


def made_up_text(rng, length):
    words, total = [], 0
    while total < length:
        words.append("".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 10))))
        total += len(words[-1]) + 1
    return " ".join(words)[:length].strip()
