"""Every page type of the demo is valid HTML, by the W3C Nu HTML checker (vnu.jar, on Java).

The pages are fetched with Django's test client, anonymously and as an employee, saved into a
temporary folder and checked in one vnu run (the JVM starts slowly).
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

from django.test import Client

import pytest

from tests.demo_pages import all_demo_pages, import_demo_sites

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_HINT = "`make test` installs it (see the Makefile's `checkers` target)"


def require_vnu():
    """Never skipped: a missing tool is a failure that says how to get it."""
    if not VNU_JAR.exists():
        pytest.fail(f"the Nu HTML checker is missing ({VNU_JAR.relative_to(ROOT)}): {INSTALL_HINT}")
    java = shutil.which("java")
    if java is None:
        pytest.fail(f"Java is missing (needed by vnu.jar): {INSTALL_HINT}")
    return java


def file_name(index, who, path):
    slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "root"
    return f"{index:02d}-{who}-{slug[:60]}.html"


def save_pages(folder, pages, employee):
    """Write each page's HTML to `folder`; returns {file name: the page}."""
    clients = {"anonymous": Client(), "employee": Client()}
    clients["employee"].force_login(employee)
    saved = {}
    for page in pages:
        html = clients[page.who].get(page.path, HTTP_HOST=page.host).content.decode()
        name = file_name(len(saved), page.who, page.host + page.path)
        (folder / name).write_text(html, encoding="utf-8")
        saved[name] = page
    return saved


def vnu_errors(java, files):
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        return json.loads(result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu.jar gave no JSON report (exit {result.returncode}):\n{result.stderr}")


def test_every_page_type_is_valid_html(db, employee, tmp_path):
    java = require_vnu()
    import_demo_sites()
    pages, problems = all_demo_pages(employee)
    saved = save_pages(tmp_path, pages, employee)
    assert len(saved) >= 20

    for message in vnu_errors(java, sorted(tmp_path.iterdir())):
        name = message.get("url", "").rsplit("/", 1)[-1]
        where = saved.get(name, name)
        problems.append(
            f"{where} line {message.get('lastLine', '?')}: {message['message']}"
            f" — {message.get('extract', '').strip()[:120]!r}"
        )
    assert not problems, f"{len(problems)} HTML errors:\n" + "\n".join(problems)
