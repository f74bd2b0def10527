"""The apps' imports point one way: down the layers of docs/architecture.md, never up or
sideways, and never from inside a function (except where Django requires it).

A module of an app may import its own app and the apps of lower layers. Apps in one layer
are independent of each other. Templates follow the same rule for {% include %} and
{% extends %}. Tests are exempt: they sit above everything.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS_DIR = ROOT / "models_app"

# Bottom layer first. Keep in step with docs/architecture.md.
LAYERS = [
    {"core"},
    {"model", "services", "plans", "routines", "tools", "changelog", "pagecache"},
    {"arenas", "measures", "guide", "citizen", "embed"},
    {"search", "municipalities", "review", "checks"},
    {"exchange", "accounts"},
    {"opendata"},
]
RANK = {app: rank for rank, apps in enumerate(LAYERS) for app in apps}
TEMPLATE_REFERENCE = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"'/]+)/""")


def app_of_module(module):
    """ "models_app.guide.context" → "guide"; None for modules outside our apps."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "models_app" else None


def source_files():
    for path in sorted(APPS_DIR.rglob("*.py")):
        relative = path.relative_to(APPS_DIR)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        yield path, relative.parts[0]


def imported_modules(path):
    """(imported module, line, inside a function) for every import of our own modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    functions = [
        node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    nested = {id(inner) for func in functions for inner in ast.walk(func) if inner is not func}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names = [f"{module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            if name.startswith("models_app."):
                yield name, node.lineno, id(node) in nested


def allowed(importer, imported):
    return imported == importer or RANK[imported] < RANK[importer]


def test_every_app_has_a_layer():
    apps = {path.name for path in APPS_DIR.iterdir() if (path / "apps.py").exists()}
    assert apps == set(RANK)


def test_imports_point_down_the_layers():
    upward = []
    for path, app in source_files():
        for module, line, _inside in imported_modules(path):
            target = app_of_module(module)
            if target and not allowed(app, target):
                upward.append(f"{path.relative_to(ROOT)}:{line} ({app}) imports {module}")
    assert upward == []


def test_no_import_of_our_modules_inside_a_function_but_in_app_ready():
    hidden = []
    for path, _app in source_files():
        for module, line, inside in imported_modules(path):
            if inside and path.name != "apps.py":
                hidden.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert hidden == []


def test_templates_include_only_their_own_app_and_lower_layers():
    upward = []
    for path in sorted(APPS_DIR.glob("*/templates/**/*.*")):
        app = path.relative_to(APPS_DIR).parts[0]
        for folder in TEMPLATE_REFERENCE.findall(path.read_text(encoding="utf-8")):
            if folder in RANK and not allowed(app, folder):
                upward.append(f"{path.relative_to(ROOT)} ({app}) uses {folder}/")
    assert upward == []


@pytest.mark.parametrize(
    ("app", "module", "expected"),
    [
        ("core", "models_app.guide.models", False),  # upward
        ("guide", "models_app.measures.overview", False),  # sideways
        ("guide", "models_app.tools.models", True),  # down
        ("exchange", "models_app.core.sites", True),
    ],
)
def test_the_rule_itself(app, module, expected):
    assert allowed(app, app_of_module(module)) is expected
