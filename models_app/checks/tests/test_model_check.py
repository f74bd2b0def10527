"""Modellsjekk: the rules, the check_model command and the admin report."""

import datetime
import io
import json
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import GroupPagePermission, Page

import pytest
from bs4 import BeautifulSoup

from models_app.arenas.models import ArenaPage
from models_app.checks.model_check import check_model
from models_app.checks.models import LinkCheckResult
from models_app.guide.models import GuideLevelPage
from models_app.model.models import ElementPage, LevelPage
from models_app.plans.models import PlanPage
from tests.factories import ROOT, imported, sized_document
from tests.helpers import text_of

# Review dates are checked as of this day, so that the tests do not age with the demo.
TODAY = datetime.date(2026, 11, 22)
ADMIN = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/"


def run_check(*args):
    """(exit status, stdout) of check_model."""
    out = io.StringIO()
    try:
        call_command("check_model", "--date", TODAY.isoformat(), *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def json_findings(*args):
    status, output = run_check("--format", "json", *args)
    return status, json.loads(output)


def codes(findings):
    return sorted({finding["code"] for finding in findings})


def errors(findings):
    return [finding for finding in findings if finding["level"] == "error"]


RECENTLY = (datetime.date.today() - datetime.timedelta(days=30)).isoformat()


def review(responsible=""):
    data = {"last_reviewed": RECENTLY, "interval_months": 12}
    return {**data, "responsible": responsible} if responsible else data


def two_level_document(levels=("kommune", "etat"), name="Tonivå kommune"):
    """Elements on the given levels in both dimensions, with everything those levels need;
    no handlingsveileder."""
    elements = [
        {
            "id": f"{level}-{dimension}",
            "level": level,
            "dimension": dimension,
            "title": f"Element {level} {dimension}",
            "themes": ["brukermedvirkning", "evaluering", "dokumentasjon"],
            "responsible": "Kommunalsjef oppvekst",
            "review": review(),
            "links": [{"ref": "plan:handlingsplan"}],
        }
        for level in levels
        for dimension in ("kultur", "struktur")
    ]
    return {
        "format": "samhandlingsmodell",
        "version": 1,
        "municipality": {"name": name},
        "language": "nb",
        "title": f"Samhandlingsmodell for {name}",
        "elements": elements,
        "services": [{"id": "helsestasjon", "name": "Helsestasjonen"}],
        "plans": [
            {"id": "handlingsplan", "title": "Handlingsplan", "review": review("Kommunedirektøren")}
        ],
        "measures": [
            {
                "id": "apen-dor",
                "title": "Åpen dør",
                "provider": "helsestasjon",
                "review": review("Leder for helsestasjonen"),
            }
        ],
    }


def complete_document(name="Heilvik kommune"):
    """A small model that meets every requirement."""
    document = two_level_document(("kommune", "etat", "individ"), name)
    document["arenas"] = [
        {
            "id": "tverrfaglig-team",
            "title": "Tverrfaglig team",
            "participants": ["helsestasjon"],
            "frequency": "Fire ganger i året",
            "convener": "Rektor",
            "review": review("Rektor"),
        }
    ]
    document["guide"] = {
        "title": "Handlingsveileder",
        "levels": [
            {"number": number, "title": f"Nivå {number}", "steps": [{"title": "Gjør noe"}]}
            for number in range(3)
        ],
    }
    return document


def complete_site(change=None, hostname="heilvik.example.no"):
    document = complete_document()
    if change:
        change(document)
    return imported(document, hostname=hostname).site


def by_id(document, key, object_id):
    return next(item for item in document[key] if item["id"] == object_id)


def test_the_demo_passes_its_own_model_check(demo_site):
    status, output = run_check()
    assert status == 0, output
    assert "passed: 0 error(s)" in output
    status, findings = json_findings()
    assert status == 0
    assert errors(findings) == []


def test_a_model_without_individual_level_and_guide_fails(db):
    imported(two_level_document(), hostname="tonivaa.example.no")
    status, findings = json_findings("--site", "tonivaa.example.no")
    assert status == 1
    cells = [f["message"] for f in findings if f["code"] == "MISSING_CELL"]
    assert cells == [
        "Ingen elementer i cellen Individnivå × Kulturdimensjonen.",
        "Ingen elementer i cellen Individnivå × Strukturdimensjonen.",
    ]
    guide = [f for f in findings if f["code"] == "MISSING_GUIDE"]
    assert len(guide) == 1 and guide[0]["level"] == "error"
    assert "handlingsveileder" in guide[0]["message"]
    themes = [f["message"] for f in findings if f["code"] == "MISSING_THEME"]
    assert len(themes) == 3 and all(m.startswith("Individnivå viser ikke") for m in themes)
    # Nothing else is missing in this model.
    assert codes(errors(findings)) == ["MISSING_CELL", "MISSING_GUIDE", "MISSING_THEME"]


def test_text_format_names_each_finding_and_sums_up(db):
    imported(two_level_document(), hostname="tonivaa.example.no")
    status, output = run_check("--site", "tonivaa.example.no")
    assert status == 1
    lines = output.strip().splitlines()
    assert (
        "ERROR MISSING_CELL: Ingen elementer i cellen Individnivå × Kulturdimensjonen."
        in (lines[0])
    )
    assert any(line.startswith("ERROR MISSING_GUIDE: ") for line in lines)
    assert lines[-1] == (
        "Model check of tonivaa.example.no (Tonivå kommune) FAILED: 6 error(s), 1 warning(s)."
    )


def test_findings_are_json_with_stable_fields_and_absolute_admin_addresses(db):
    site = imported(two_level_document(), hostname="tonivaa.example.no").site
    individ = LevelPage.objects.child_of(site.root_page).get(level="individ")
    _status, findings = json_findings("--site", "tonivaa.example.no")
    for finding in findings:
        assert set(finding) == {"code", "level", "message", "url"}
        assert finding["level"] in ("error", "warning")
        assert finding["url"].startswith(ADMIN)
    cell = next(f for f in findings if f["code"] == "MISSING_CELL")
    assert cell["url"] == f"{ADMIN}pages/{individ.pk}/add_subpage/"
    guide = next(f for f in findings if f["code"] == "MISSING_GUIDE")
    assert guide["url"] == f"{ADMIN}pages/{site.root_page_id}/add_subpage/"


def test_every_code_is_documented_in_the_checks_guide():
    readme = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    source = (ROOT / "models_app" / "checks" / "model_check.py").read_text(encoding="utf-8")
    used = set(re.findall(r'"([A-Z][A-Z_]+)",\n\s+(?:ERROR|WARNING)', source))
    assert len(used) >= 14
    for code in used:
        assert f"`{code}`" in readme, code


def test_unknown_site_is_an_error_in_english(db):
    with pytest.raises(CommandError, match="No samhandlingsmodell on site nowhere.example.no"):
        call_command("check_model", "--site", "nowhere.example.no", stdout=io.StringIO())


def test_messages_follow_the_municipality_s_language(db):
    document = two_level_document()
    document["language"] = "nn"
    imported(document, hostname="nynorsk.example.no")
    _status, findings = json_findings("--site", "nynorsk.example.no")
    messages = [f["message"] for f in findings]
    assert "Ingen element i cella Individnivå × Kulturdimensjonen." in messages
    assert "Modellen har ingen handlingsrettleiar." in messages


# -- one rule at a time on a small complete model -------------------------------------------


def test_the_small_complete_model_passes(db):
    site = complete_site()
    status, findings = json_findings("--site", site.hostname)
    assert status == 0
    assert codes(findings) == ["LINKS_NOT_CHECKED"]


def test_incomplete_arena_names_what_is_missing(db):
    def change(document):
        arena = document["arenas"][0]
        del arena["participants"], arena["convener"]

    site = complete_site(change)
    arena = ArenaPage.objects.descendant_of(site.root_page).get()
    status, findings = json_findings("--site", site.hostname)
    assert status == 1
    [finding] = errors(findings)
    assert finding["code"] == "ARENA_INCOMPLETE"
    assert finding["message"] == "Møtearenaen «Tverrfaglig team» mangler deltakere og innkaller."
    assert finding["url"] == f"{ADMIN}pages/{arena.pk}/edit/"


def test_guide_level_without_steps(db):
    def change(document):
        document["guide"]["levels"][2]["steps"] = []

    site = complete_site(change)
    level = GuideLevelPage.objects.descendant_of(site.root_page).get(number=2)
    _status, findings = json_findings("--site", site.hostname)
    [finding] = errors(findings)
    assert finding["code"] == "GUIDE_LEVEL_WITHOUT_STEPS"
    assert finding["message"] == "Nivået «Nivå 2» i handlingsveilederen har ingen steg."
    assert finding["url"] == f"{ADMIN}pages/{level.pk}/edit/"


def test_missing_measures(db):
    def change(document):
        del document["measures"]

    site = complete_site(change)
    _status, findings = json_findings("--site", site.hostname)
    assert [f["message"] for f in errors(findings)] == ["Modellen har ingen tiltaksoversikt."]


def test_element_without_responsible_or_links(db):
    def change(document):
        element = by_id(document, "elements", "individ-kultur")
        del element["responsible"], element["links"]

    site = complete_site(change)
    _status, findings = json_findings("--site", site.hostname)
    assert codes(errors(findings)) == ["ELEMENT_NO_LINKS", "ELEMENT_NO_RESPONSIBLE"]
    assert all("«Element individ kultur»" in f["message"] for f in errors(findings))


def test_a_link_to_an_unpublished_page_is_no_link(db):
    site = complete_site()
    PlanPage.objects.descendant_of(site.root_page).get().unpublish()
    _status, findings = json_findings("--site", site.hostname)
    assert codes(errors(findings)) == ["ELEMENT_NO_LINKS"]
    assert len(errors(findings)) == 6


def test_a_theme_missing_on_a_level_is_named(db):
    def change(document):
        for element in document["elements"]:
            if element["level"] == "etat":
                element["themes"].remove("dokumentasjon")

    site = complete_site(change)
    _status, findings = json_findings("--site", site.hostname)
    assert [f["message"] for f in errors(findings)] == [
        "Tjenestenivå viser ikke dokumentasjon: ingen elementer på nivået har temaet."
    ]


def test_overdue_review_is_an_error_and_a_missing_one_a_warning(db):
    def change(document):
        document["plans"][0]["review"]["last_reviewed"] = "2025-10-01"
        document["arenas"][0].pop("review")

    site = complete_site(change)
    status, findings = json_findings("--site", site.hostname)
    assert status == 1
    [overdue] = errors(findings)
    assert overdue["code"] == "REVIEW_OVERDUE"
    assert overdue["message"] == "«Handlingsplan» skulle vært kontrollert 01.10.2026."
    warnings = {f["code"] for f in findings if f["level"] == "warning"}
    assert {"REVIEW_MISSING", "RESPONSIBLE_MISSING"} <= warnings


def test_warnings_alone_do_not_fail_the_model(db):
    def change(document):
        document["arenas"][0].pop("review")

    site = complete_site(change)
    status, findings = json_findings("--site", site.hostname)
    assert status == 0
    assert "REVIEW_MISSING" in codes(findings)


def test_only_live_pages_count(db):
    site = complete_site()
    ElementPage.objects.descendant_of(site.root_page).get(exchange_id="individ-kultur").unpublish()
    _status, findings = json_findings("--site", site.hostname)
    assert [f["message"] for f in findings if f["code"] == "MISSING_CELL"] == [
        "Ingen elementer i cellen Individnivå × Kulturdimensjonen."
    ]


def test_pages_below_an_unpublished_page_do_not_count(db):
    site = complete_site()
    LevelPage.objects.child_of(site.root_page).get(level="kommune").unpublish()
    _status, findings = json_findings("--site", site.hostname)
    cells = [f["message"] for f in findings if f["code"] == "MISSING_CELL"]
    assert len(cells) == 2 and all("Kommunenivå" in message for message in cells)


def test_internal_pages_are_part_of_the_model(db):
    def change(document):
        for element in document["elements"]:
            element["audience"] = "internal"
        document["guide"]["levels"][0]["audience"] = "internal"

    site = complete_site(change)
    status, findings = json_findings("--site", site.hostname)
    assert status == 0, errors(findings)


def test_broken_links_come_from_the_stored_link_checks(db):
    site = complete_site()
    element = ElementPage.objects.descendant_of(site.root_page).first()
    now = timezone.now()
    LinkCheckResult.objects.create(
        page=element, url="https://example.invalid/borte", ok=False, status_code=404, checked_at=now
    )
    LinkCheckResult.objects.create(
        page=element, url="https://example.invalid/her", ok=True, status_code=200, checked_at=now
    )
    status, findings = json_findings("--site", site.hostname)
    assert status == 1
    [broken] = errors(findings)
    assert broken["code"] == "BROKEN_LINK"
    assert broken["message"] == (
        "«Element kommune kultur» har en lenke som ikke virker: "
        "https://example.invalid/borte (HTTP 404)."
    )
    assert broken["url"] == f"{ADMIN}pages/{element.pk}/edit/"
    assert "LINKS_NOT_CHECKED" not in codes(findings)


def test_unchecked_links_are_a_warning(db):
    site = complete_site()
    _status, findings = json_findings("--site", site.hostname)
    [warning] = [f for f in findings if f["code"] == "LINKS_NOT_CHECKED"]
    assert warning["level"] == "warning"
    assert warning["url"] == f"{ADMIN}modellsjekk/lenker/?site={site.pk}"


def test_the_check_costs_the_same_number_of_queries_for_any_model_size(db):
    small = imported(sized_document(6, "Litenvik kommune"), hostname="liten.example.no").site
    large = imported(sized_document(90, "Storvik kommune"), hostname="stor.example.no").site
    counts = []
    for site in (small, large):
        root = site.root_page.specific
        with CaptureQueriesContext(connection) as queries:
            check_model(root, site_id=site.pk, today=TODAY)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 15


# -- the admin report -------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("modellansvarlig", password="passord-123-x")
    client.force_login(user)
    return client


def test_admin_report_is_green_when_all_requirements_are_met(admin_client):
    site = complete_site()
    response = admin_client.get("/admin/modellsjekk/", {"site": site.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alle krav er oppfylt." in html
    assert "model-check-passed" in html
    assert "LINKS_NOT_CHECKED" in html  # warnings still show, below the green state


def test_admin_report_groups_findings_and_links_to_the_page_to_fix(admin_client):
    site = imported(two_level_document(), hostname="tonivaa.example.no").site
    individ = LevelPage.objects.child_of(site.root_page).get(level="individ")
    response = admin_client.get("/admin/modellsjekk/", {"site": site.pk})
    html = response.content.decode()
    assert "Alle krav er oppfylt." not in html
    assert "6 krav er ikke oppfylt." in html
    assert f'href="/admin/pages/{individ.pk}/add_subpage/"' in html
    assert "Ingen elementer i cellen Individnivå × Kulturdimensjonen." in html
    assert "Handlingsveileder" in html  # the group heading


def test_admin_report_shows_only_the_municipalities_a_user_may_edit(client, db):
    own = imported(two_level_document(), hostname="egen.example.no").site
    document = two_level_document()
    document["municipality"]["name"] = "Annenvik kommune"
    other = imported(document, hostname="annen.example.no").site
    editors = Group.objects.create(name="Redaktører Tonivå")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=editors,
        page=Page.objects.get(pk=own.root_page_id),
        permission=Permission.objects.get(codename="change_page"),
    )
    editor = get_user_model().objects.create_user("redaktor", password="passord-123-x")
    editor.groups.add(editors)
    client.force_login(editor)

    response = client.get("/admin/modellsjekk/", {"site": other.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tonivå kommune" in html
    assert "Annenvik kommune" not in html
    assert 'name="site"' not in html  # one municipality: no chooser


def test_admin_report_is_forbidden_without_edit_permission(client, db):
    complete_site()
    user = get_user_model().objects.create_user("leser", password="passord-123-x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    # Wagtail answers PermissionDenied in the admin with a redirect to the dashboard.
    for address in ("/admin/modellsjekk/", "/admin/modellsjekk/lenker/"):
        response = client.get(address)
        assert response.status_code == 302 and response.url == "/admin/"


def test_admin_has_a_site_chooser_for_several_municipalities(admin_client):
    imported(two_level_document(), hostname="tonivaa.example.no")
    document = two_level_document()
    document["municipality"]["name"] = "Annenvik kommune"
    other = imported(document, hostname="annen.example.no").site
    html = admin_client.get("/admin/modellsjekk/", {"site": other.pk}).content.decode()
    assert 'name="site"' in html
    assert f'<option value="{other.pk}" selected>' in html
    assert '<h2 class="w-h2">Annenvik kommune</h2>' in html


def test_reports_menu_lists_the_model_check(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "/admin/modellsjekk/" in html
    assert "/admin/modellsjekk/lenker/" in html


def test_admin_report_puts_each_findings_level_beside_it_grouped_with_counts(admin_client):
    site = imported(two_level_document(), hostname="tonivaa.example.no").site
    html = BeautifulSoup(
        admin_client.get("/admin/modellsjekk/", {"site": site.pk}).content, "html.parser"
    )

    sections = html.select("main section[aria-labelledby^=model-check-level]")
    headings = [text_of(section.find("h3")) for section in sections]
    assert headings[0] == "Feil (6)"
    assert headings[1].startswith("Advarsler (")
    for section, label in zip(sections, ("Feil", "Advarsel"), strict=False):
        for finding in section.select(".model-check-findings li"):
            # The label is in the line, before the message, not a floating corner badge.
            assert text_of(finding.select_one(".w-status")) == label
            assert not finding.select(".w-badge")
