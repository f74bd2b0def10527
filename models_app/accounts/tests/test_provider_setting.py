"""The site's identity provider in the admin: the client secret is never shown again, and an
empty field keeps it; the environment's secret wins over the saved one."""

from django.contrib.auth import get_user_model

from bs4 import BeautifulSoup

from models_app.accounts.models import IdentityProvider, secret_variable

SECRET = "svært-hemmelig-klientnøkkel"


def edit_url(site):
    return f"/admin/settings/accounts/identityprovider/{site.pk}/"


def form_data(**values):
    data = {
        "issuer": "https://login.microsoftonline.com/tenant/v2.0",
        "client_id": "klient-1",
        "client_secret": "",
        "role_claim": "groups",
        "editor_value": "",
        "approver_value": "",
    }
    data.update(values)
    return data


def test_client_secret_is_write_only(client, demo_site):
    admin = get_user_model().objects.create_superuser("admin", password="x-passord-1")
    client.force_login(admin)

    response = client.post(edit_url(demo_site), form_data(client_secret=SECRET))
    assert response.status_code == 302
    assert IdentityProvider.for_site(demo_site).client_secret == SECRET

    page = client.get(edit_url(demo_site))
    assert SECRET not in page.content.decode()
    field = BeautifulSoup(page.content, "html.parser").select_one("input[name=client_secret]")
    assert field["type"] == "password" and not field.get("value")

    client.post(edit_url(demo_site), form_data(client_id="klient-2"))
    setting = IdentityProvider.objects.get(site=demo_site)
    assert (setting.client_id, setting.client_secret) == ("klient-2", SECRET)


def test_secret_from_the_environment_wins(demo_site, monkeypatch):
    setting = IdentityProvider.for_site(demo_site)
    setting.client_secret = "fra-admin"
    monkeypatch.setenv(secret_variable(demo_site.hostname), "fra-miljøet")
    assert setting.secret() == "fra-miljøet"
    assert secret_variable("samhandling.lidal.no") == "OIDC_CLIENT_SECRET_SAMHANDLING_LIDAL_NO"
