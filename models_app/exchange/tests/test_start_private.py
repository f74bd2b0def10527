"""A new municipality starts private: behind a login until an approver makes it public, with
the model check's errors named first; the template's instructions never reach the public."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.management import call_command

from wagtail.models import PageViewRestriction, Site

import pytest

from models_app.exchange.starting import TEMPLATE_PATH
from models_app.exchange.tests.test_admin_exchange import CONFIRM, NEW, PREVIEW, token_in, upload
from tests.factories import DEMO_PATH, sized_document
from tests.helpers import member_of

TEMPLATE_INSTRUCTIONS = "Slik bruker du malen"


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", password="hemmelig-passord-1")


def new_municipality(client, language="nb"):
    data = {"name": "Elvdal kommune", "hostname": "elvdal.example", "language": language}
    return client.post(NEW, data)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_new_municipality_is_behind_a_login_and_shows_its_model_check(client, superuser):
    client.force_login(superuser)

    response = new_municipality(client)

    site = Site.objects.get(hostname="elvdal.example")
    assert response["Location"] == f"/admin/modellsjekk/?site={site.pk}"
    notes = " ".join(messages_of(response))
    assert "Bare innloggede brukere kan se nettstedet" in notes
    assert "krav er ikke oppfylt" in notes
    client.logout()
    public = client.get("/", HTTP_HOST="elvdal.example")
    assert public.status_code == 302 and public["Location"].startswith("/logg-inn/")
    assert TEMPLATE_INSTRUCTIONS not in public.content.decode()
    element = site.root_page.get_descendants().live().last()
    assert (
        client.get(
            element.url_path.replace(site.root_page.url_path, "/"), HTTP_HOST="elvdal.example"
        ).status_code
        == 302
    )


def test_a_nynorsk_municipality_is_warned_that_the_template_is_in_bokmal(client, superuser):
    client.force_login(superuser)

    response = new_municipality(client, language="nn")

    assert any("tekstene i den anbefalte modellen er på bokmål" in m for m in messages_of(response))


def test_an_approver_makes_the_new_site_public_with_wagtails_privacy_setting(client, superuser):
    client.force_login(superuser)
    new_municipality(client)
    root = Site.objects.get(hostname="elvdal.example").root_page
    approver = member_of("Elvdal kommune – modellansvarlig", "elvdal-godkjenner")
    client.force_login(approver)

    client.post(f"/admin/pages/{root.pk}/privacy/", {"restriction_type": "none"})

    assert not PageViewRestriction.objects.filter(page=root).exists()
    client.logout()
    assert client.get("/", HTTP_HOST="elvdal.example").status_code == 200


def preview(client, **target):
    document = sized_document(6, "Cevik kommune")
    html = client.post(PREVIEW, {"file": upload(document), **target}).content.decode()
    return token_in(html)


def test_an_import_into_a_new_address_starts_private_but_not_into_an_existing_site(
    client, superuser
):
    client.force_login(superuser)

    response = client.post(CONFIRM, {"token": preview(client, hostname="cevik.example")})

    site = Site.objects.get(hostname="cevik.example")
    assert PageViewRestriction.objects.filter(page=site.root_page).exists()
    assert response["Location"] == f"/admin/modellsjekk/?site={site.pk}"
    PageViewRestriction.objects.filter(page=site.root_page).delete()  # made public
    client.post(CONFIRM, {"token": preview(client, site=site.pk)})
    assert not PageViewRestriction.objects.filter(page=site.root_page).exists()


def test_import_model_keeps_the_template_private_and_a_model_public(db):
    out = StringIO()
    call_command("import_model", str(TEMPLATE_PATH), site="mal.example", stdout=out)
    call_command("import_model", str(DEMO_PATH), site="demo.example", stdout=StringIO())

    template_site = Site.objects.get(hostname="mal.example")
    demo_site = Site.objects.get(hostname="demo.example")
    assert PageViewRestriction.objects.filter(page=template_site.root_page).exists()
    assert not PageViewRestriction.objects.filter(page=demo_site.root_page).exists()
    assert "is private (login required)" in out.getvalue()
