"""Import and export in the admin: download, upload with problems or a preview, confirm, and a new
municipality from the recommended model. Only those allowed may do each."""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from models_app.exchange.validation import validate_document
from models_app.exchange.views import sign_upload
from models_app.guide.models import GuideLevelPage
from models_app.model.models import ElementPage, ModelIndexPage
from tests.factories import example_document, imported, sized_document
from tests.helpers import database_state, member_of

INDEX = "/admin/import-eksport/"
PREVIEW = "/admin/import-eksport/forhandsvis/"
CONFIRM = "/admin/import-eksport/bekreft/"
NEW = "/admin/import-eksport/ny-kommune/"


@pytest.fixture
def avik(db):
    return imported(sized_document(6, "Avik kommune"), hostname="avik.example").site


@pytest.fixture
def bevik(db):
    return imported(sized_document(6, "Bevik kommune"), hostname="bevik.example").site


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", password="hemmelig-passord-1")


def upload(document, name="modell.json"):
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/json")


def token_in(html):
    return html.split('name="token" value="', 1)[1].split('"', 1)[0]


# Who sees what ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_superusers_see_all_three_parts_and_the_menu_item(client, superuser, avik):
    client.force_login(superuser)
    html = client.get(INDEX).content.decode()

    assert reverse("samhandling_exchange:export", args=[avik.pk]) in html
    assert f'action="{PREVIEW}"' in html
    assert f'action="{NEW}"' in html
    assert INDEX in client.get("/admin/pages/").content.decode()  # the settings menu


@pytest.mark.django_db
def test_an_approver_downloads_only_the_own_model(client, avik, bevik):
    approver = member_of("Avik kommune – modellansvarlig", "avik-godkjenner")
    client.force_login(approver)
    html = client.get(INDEX).content.decode()
    assert reverse("samhandling_exchange:export", args=[avik.pk]) in html
    assert reverse("samhandling_exchange:export", args=[bevik.pk]) not in html
    assert f'action="{PREVIEW}"' not in html
    assert f'action="{NEW}"' not in html

    response = client.get(reverse("samhandling_exchange:export", args=[avik.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="samhandlingsmodell-avik-example-'
    )
    document = json.loads(response.content)
    assert validate_document(document) == []
    assert document["municipality"]["name"] == "Avik kommune"
    assert len(document["elements"]) == 6

    response = client.get(reverse("samhandling_exchange:export", args=[bevik.pk]))
    assert response.status_code in (302, 403)
    assert response.get("Content-Disposition") is None


@pytest.mark.django_db
def test_editors_and_approvers_may_not_import_or_make_sites(client, avik):
    editor = member_of("Avik kommune – redaktører", "avik-redaktor")
    approver = member_of("Avik kommune – modellansvarlig", "avik-godkjenner")
    client.force_login(editor)
    assert client.get(INDEX).status_code in (302, 403)
    assert client.get(reverse("samhandling_exchange:export", args=[avik.pk])).status_code in (
        302,
        403,
    )
    before = database_state()
    for user in (editor, approver):
        client.force_login(user)
        document = sized_document(3, "Avik kommune")
        response = client.post(PREVIEW, {"file": upload(document), "site": avik.pk})
        assert response.status_code in (302, 403)
        token = sign_upload(document, "avik.example")
        assert client.post(CONFIRM, {"token": token}).status_code in (302, 403)
        data = {"name": "Ny kommune", "hostname": "ny.example", "language": "nb"}
        assert client.post(NEW, data).status_code in (302, 403)
    assert database_state() == before


# Upload, preview, confirm ------------------------------------------------------------------


@pytest.mark.django_db
def test_an_invalid_file_shows_every_problem_with_its_path_and_changes_nothing(
    client, superuser, avik
):
    document = sized_document(6, "Avik kommune")
    document["elements"][1]["links"][0]["ref"] = "plan:finnes-ikke"
    document["elements"][2]["dimension"] = "farge"
    client.force_login(superuser)
    before = database_state()

    html = client.post(PREVIEW, {"file": upload(document), "site": avik.pk}).content.decode()

    # In bokmål, as the admin speaks, with the JSON path kept (the command line says it in
    # English: models_app/exchange/tests/test_import.py).
    assert "<code>elements[1].links[0].ref</code>: ukjent referanse plan:finnes-ikke" in html
    assert "<code>elements[2].dimension</code>: &#x27;farge&#x27; er ikke en av:" in html
    assert "unknown" not in html
    assert "Ingenting ble endret" in html
    assert 'name="token"' not in html
    assert database_state() == before


@pytest.mark.django_db
def test_a_file_that_is_not_json_is_refused_with_a_clear_message(client, superuser, avik):
    client.force_login(superuser)
    before = database_state()

    html = client.post(PREVIEW, {"file": upload("{ikke json"), "site": avik.pk}).content.decode()

    assert "ugyldig JSON på linje 1" in html
    assert "Ingenting ble endret" in html
    assert database_state() == before


@pytest.mark.django_db
def test_the_preview_shows_what_would_change_and_confirming_applies_it(client, superuser, avik):
    document = sized_document(6, "Avik kommune")
    document["elements"][0]["title"] = "Nytt navn"
    del document["elements"][5]
    document["plans"].append({"id": "ny-plan", "title": "Ny plan"})
    client.force_login(superuser)
    before = database_state()

    html = client.post(PREVIEW, {"file": upload(document), "site": avik.pk}).content.decode()

    assert database_state() == before
    assert "plan:ny-plan" in html
    assert "element:element-0" in html
    assert "element:element-5" in html
    assert "1 lagt til, 1 endret, 1 avpublisert" in html
    assert not ElementPage.objects.filter(title="Nytt navn").exists()

    response = client.post(CONFIRM, {"token": token_in(html)})

    assert response.status_code == 302
    assert ElementPage.objects.get(exchange_id="element-0").title == "Nytt navn"
    assert not ElementPage.objects.get(exchange_id="element-5").live
    assert Site.objects.count() == before[2]


@pytest.mark.django_db
def test_importing_into_a_new_address_makes_a_site_with_its_groups(client, superuser, avik):
    client.force_login(superuser)
    document = sized_document(6, "Cevik kommune")
    html = client.post(PREVIEW, {"file": upload(document), "hostname": "Cevik.Example"}).content
    html = html.decode()
    assert "cevik.example" in html
    assert not Site.objects.filter(hostname="cevik.example").exists()

    client.post(CONFIRM, {"token": token_in(html)})

    site = Site.objects.get(hostname="cevik.example")
    assert site.root_page.specific.municipality_name == "Cevik kommune"
    assert Group.objects.filter(name="Cevik kommune – redaktører").exists()
    assert avik.root_page.specific.municipality_name == "Avik kommune"


@pytest.mark.django_db
def test_the_import_form_explains_what_is_missing_or_wrong(client, superuser, avik):
    client.force_login(superuser)
    document = sized_document(3, "Avik kommune")
    before = database_state()

    html = client.post(PREVIEW, {"file": upload(document)}).content.decode()
    assert "Velg et nettsted eller skriv adressen til et nytt." in html
    html = client.post(PREVIEW, {"file": upload(document), "hostname": "avik.example"})
    assert "finnes allerede" in html.content.decode()
    html = client.post(PREVIEW, {"file": upload(document), "hostname": "https://x.no/"})
    assert "uten https://" in html.content.decode()
    assert database_state() == before


@pytest.mark.django_db
def test_a_changed_or_invalid_confirmation_changes_nothing(client, superuser, avik):
    client.force_login(superuser)
    document = sized_document(6, "Avik kommune")
    document["elements"][0]["title"] = "Nytt navn"
    token = sign_upload(document, "avik.example")
    before = database_state()

    response = client.post(CONFIRM, {"token": token[:-3] + "abc"}, follow=True)
    assert "Last opp filen på nytt" in response.content.decode()

    # The document is validated again when it is applied.
    document["elements"][1]["dimension"] = "farge"
    html = client.post(CONFIRM, {"token": sign_upload(document, "avik.example")}).content
    assert "elements[1].dimension" in html.decode()

    assert database_state() == before
    assert not ElementPage.objects.filter(title="Nytt navn").exists()


# A new municipality from the recommended model ---------------------------------------------


@pytest.mark.django_db
def test_a_new_municipality_starts_from_the_recommended_model(client, superuser, avik):
    client.force_login(superuser)
    data = {"name": "Elvdal kommune", "number": "3424", "hostname": "elvdal.example"}
    response = client.post(NEW, {**data, "language": "nn"})

    assert response.status_code == 302
    site = Site.objects.get(hostname="elvdal.example")
    root = site.root_page.specific
    assert isinstance(root, ModelIndexPage)
    assert root.municipality_name == "Elvdal kommune"
    assert root.municipality_number == "3424"
    assert root.language == "nn"
    assert root.title == "Samhandlingsmodell for Elvdal kommune"
    assert ElementPage.objects.descendant_of(root).live().count() >= 6
    assert Group.objects.filter(name="Elvdal kommune – modellansvarlig").exists()
    assert avik.root_page.specific.municipality_name == "Avik kommune"


@pytest.mark.django_db
def test_a_new_municipality_with_wrong_details_is_not_made(client, superuser, avik):
    client.force_login(superuser)
    before = database_state()

    html = client.post(
        NEW, {"name": "", "number": "34", "hostname": "avik.example", "language": "nb"}
    ).content.decode()

    assert "Kommunenummeret har fire sifre." in html
    assert "finnes allerede" in html
    assert database_state() == before


# The fields the exchange format fills, in the page editor -----------------------------------


@pytest.mark.django_db
def test_guide_level_editor_shows_the_notice_and_the_steps_deadline(client, superuser):
    imported(example_document())
    client.force_login(superuser)
    level = GuideLevelPage.objects.get(number=0)

    html = client.get(f"/admin/pages/{level.id}/edit/").content.decode()

    assert 'name="notice_title"' in html and 'name="notice_body"' in html
    assert "Ved mistanke om vold eller overgrep" in html
    # The notice comes before the steps, as on the page.
    assert html.index('"fieldName": "notice_title"') < html.index('"fieldName": "steps"')
    assert "Innen 14 dager" in html  # the step's deadline, in the stream's data


@pytest.mark.django_db
def test_model_editor_shows_the_glossary(client, superuser):
    imported(example_document())
    client.force_login(superuser)
    root = ModelIndexPage.objects.get()

    html = client.get(f"/admin/pages/{root.id}/edit/").content.decode()

    assert '"fieldName": "glossary"' in html
    assert "Stafettholder" in html


def root_form_data(root, glossary):
    return nested_form_data(
        {
            "title": root.title,
            "slug": root.slug,
            "summary": root.summary,
            "body": rich_text(root.body),
            "municipality_name": root.municipality_name,
            "municipality_number": root.municipality_number,
            "language": root.language,
            "municipality_website": root.municipality_website,
            "target_groups": root.target_groups,
            "glossary": streamfield([("term", term) for term in glossary]),
            "exchange_id": root.exchange_id,
            "action-publish": "publish",
        }
    )


@pytest.mark.django_db
def test_editor_saves_terms_but_not_the_same_term_twice(client, superuser):
    imported(example_document())
    client.force_login(superuser)
    root = ModelIndexPage.objects.get()
    url = f"/admin/pages/{root.id}/edit/"
    new = {"term": "Undring", "definition": "Tidlig uro for et barn."}
    again = {"term": "stafettholder", "definition": "Samme ord med liten forbokstav."}

    refused = client.post(url, root_form_data(root, [*example_document()["glossary"], again]))
    assert refused.status_code == 200  # the form again, with the error
    assert list(refused.context["form"].errors) == ["glossary"]
    root.refresh_from_db()
    assert len(root.glossary.raw_data) == 1

    saved = client.post(url, root_form_data(root, [*example_document()["glossary"], new]))
    assert saved.status_code == 302
    root.refresh_from_db()
    assert [item["value"]["term"] for item in root.glossary.raw_data] == [
        "Stafettholder",
        "Undring",
    ]


@pytest.mark.django_db
def test_a_notice_text_needs_a_title():
    level = GuideLevelPage(title="Nivå 0", number=0, notice_body="<p>Ring barnevernet.</p>")
    with pytest.raises(ValidationError) as error:
        level.clean()
    assert "notice_title" in error.value.message_dict
