"""The Lenkesjekk as a Wagtail report: filters by status and municipality, CSV and XLSX export,
and each editor sees only their own municipality's links."""

import csv
import io

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from models_app.checks.models import LinkCheckResult
from models_app.model.models import ElementPage
from tests.factories import imported, sized_document
from tests.helpers import member_of

REPORT = "/admin/modellsjekk/lenker/"


def element_of(site):
    return ElementPage.objects.descendant_of(site.root_page).order_by("path").first()


def result(site, url, **fields):
    return LinkCheckResult.objects.create(
        page=element_of(site), url=url, checked_at=timezone.now(), **fields
    )


@pytest.fixture
def sites(db):
    avik = imported(sized_document(6, "Avik kommune"), hostname="avik.example").site
    bevik = imported(sized_document(6, "Bevik kommune"), hostname="bevik.example").site
    result(avik, "https://avik.example/borte", status_code=404)
    result(avik, "https://avik.example/virker", ok=True, status_code=200)
    result(avik, "http://10.0.0.1/intern", skipped=True, error="internal address")
    result(bevik, "https://bevik.example/borte", status_code=410)
    return avik, bevik


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", password="hemmelig-passord-1")


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_a_superuser_sees_every_municipality_broken_first(client, superuser, sites):
    client.force_login(superuser)
    html = client.get(REPORT).content.decode()
    assert "https://bevik.example/borte" in html
    broken, internal, works = (
        html.index(url)
        for url in (
            "https://avik.example/borte",
            "http://10.0.0.1/intern",
            "https://avik.example/virker",
        )
    )
    assert broken < internal < works
    assert "intern adresse" in html
    assert "HTTP 404" in html
    assert "Bevik kommune" in html  # the municipality column and filter


def test_filter_by_status_and_municipality(client, superuser, sites):
    avik, bevik = sites
    client.force_login(superuser)
    rows = csv_rows(client.get(REPORT, {"status": "broken", "export": "csv"}))
    assert rows[0] == ["Status", "Problem", "Adresse", "Side", "Kommune", "Sjekket"]
    assert sorted(row[2] for row in rows[1:]) == [
        "https://avik.example/borte",
        "https://bevik.example/borte",
    ]
    rows = csv_rows(client.get(REPORT, {"status": "broken", "site": bevik.pk, "export": "csv"}))
    assert [(row[0], row[1], row[2], row[4]) for row in rows[1:]] == [
        ("Virker ikke", "HTTP 410", "https://bevik.example/borte", "Bevik kommune")
    ]
    html = client.get(REPORT, {"status": "skipped", "site": avik.pk}).content.decode()
    assert "http://10.0.0.1/intern" in html
    assert "https://avik.example/borte" not in html


def test_export_as_xlsx(client, superuser, sites):
    client.force_login(superuser)
    response = client.get(REPORT, {"status": "ok", "export": "xlsx"})
    assert response.status_code == 200
    assert "lenkesjekk-" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Status", "Problem", "Adresse")
    assert [row[2] for row in rows[1:]] == ["https://avik.example/virker"]


def test_an_editor_sees_only_their_own_municipality(client, sites):
    avik, bevik = sites
    client.force_login(member_of("Avik kommune – redaktører", "avik-redaktor"))
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "https://avik.example/borte" in html
    assert "bevik.example" not in html and "Bevik kommune" not in html
    # Asking for the other municipality changes nothing: there is no such filter for them.
    rows = csv_rows(client.get(REPORT, {"site": bevik.pk, "export": "csv"}))
    assert {row[2] for row in rows[1:]} == {
        "https://avik.example/borte",
        "https://avik.example/virker",
        "http://10.0.0.1/intern",
    }


def test_the_results_refresh_and_the_check_button_use_the_chosen_site(client, superuser, sites):
    avik, bevik = sites
    client.force_login(superuser)
    html = client.get(reverse("model_check:links_results"), {"site": bevik.pk}).content.decode()
    assert "https://bevik.example/borte" in html and "avik.example" not in html
    html = client.get(REPORT, {"site": bevik.pk}).content.decode()
    assert f'action="{reverse("model_check:run_links")}?site={bevik.pk}"' in html


def test_users_who_may_edit_nothing_are_refused(client, sites):
    user = get_user_model().objects.create_user("les", password="hemmelig-passord-1")
    client.force_login(user)
    assert client.get(REPORT).status_code in (302, 403)
