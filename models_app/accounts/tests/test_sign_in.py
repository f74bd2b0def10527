"""Sign-in with the work account through a real (local) OpenID provider: the Django test
client plays the browser, the provider answers over HTTP, Authlib verifies what it gets."""

from urllib.parse import parse_qs, urlsplit

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from wagtail.documents.models import Document
from wagtail.models import PageViewRestriction

import pytest
import requests
from bs4 import BeautifulSoup
from joserfc.jwk import RSAKey

from models_app.accounts.models import EmployeeAccount
from models_app.accounts.tests.conftest import configure
from models_app.core.sites import model_page_of_site
from models_app.municipalities.collections import private_collection
from models_app.municipalities.groups import employee_group
from tests.fixtures import NYNORSK_HOST
from tests.helpers import local_path, soup, text_of

HOST = "localhost"


def internal_page(site):
    restrictions = PageViewRestriction.objects.filter(page__path__startswith=site.root_page.path)
    return restrictions.order_by("page__path").first().page.specific


def internal_path(site):
    return local_path(internal_page(site))


def go_to_provider(client, next_url, host=HOST):
    """Start the sign-in; the provider's answer (a redirect back to us) as (path, query)."""
    start = client.get("/logg-inn/jobbkonto/", {"next": next_url}, HTTP_HOST=host)
    assert start.status_code == 302
    answer = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    back = urlsplit(answer.headers["Location"])
    return back.path, {key: values[0] for key, values in parse_qs(back.query).items()}


def sign_in(client, next_url, host=HOST):
    path, query = go_to_provider(client, next_url, host)
    return client.get(path, query, HTTP_HOST=host)


def html(response):
    """The parsed page whatever its status (refusals are 400 or 403 pages)."""
    return BeautifulSoup(response.content, "html.parser")


def refusal(response):
    return text_of(html(response).select_one(".login-alert"))


def test_first_sign_in_creates_the_employee_and_returns_to_the_internal_page(
    client, provider, demo_site
):
    internal = internal_path(demo_site)
    assert client.get(internal, HTTP_HOST=HOST)["Location"].startswith("/logg-inn/?next=")

    response = sign_in(client, internal)

    assert response.status_code == 302 and response["Location"] == internal
    account = EmployeeAccount.objects.get(subject="ansatt-1")
    assert account.site == demo_site and account.issuer == provider.issuer
    groups = set(account.user.groups.values_list("name", flat=True))
    assert groups == {"Fjordvik kommune – ansatte"}
    assert not account.user.has_usable_password()
    assert not account.user.has_perm("wagtailadmin.access_admin")
    page = client.get(internal, HTTP_HOST=HOST)
    assert page.status_code == 200
    assert "Innlogget som ansatt" in page.content.decode()


def test_second_sign_in_finds_the_same_user(client, provider, demo_site):
    sign_in(client, "/")
    client.logout()
    sign_in(client, "/")
    assert EmployeeAccount.objects.count() == 1
    assert get_user_model().objects.filter(username__startswith="oidc-").count() == 1


def test_role_claim_puts_the_employee_in_the_editors_group_and_takes_it_away(
    client, provider, demo_site
):
    configure(demo_site, provider, role_claim="groups", editor_value="redaktor-gruppe")
    provider.user = {"sub": "redaktor-1", "groups": ["redaktor-gruppe"]}
    sign_in(client, "/")
    user = EmployeeAccount.objects.get(subject="redaktor-1").user
    assert "Fjordvik kommune – redaktører" in set(user.groups.values_list("name", flat=True))
    assert user.has_perm("wagtailadmin.access_admin")

    client.logout()
    provider.user = {"sub": "redaktor-1", "groups": []}
    sign_in(client, "/")
    names = set(user.groups.values_list("name", flat=True))
    assert names == {"Fjordvik kommune – ansatte"}


def test_employee_of_one_municipality_is_refused_the_others_internal_pages(
    client, provider, other_provider, demo_site, nynorsk_site
):
    sign_in(client, "/")  # Fjordvik's provider
    lidal_internal = internal_path(nynorsk_site)

    response = client.get(lidal_internal, HTTP_HOST=NYNORSK_HOST)

    assert response.status_code == 403
    text = text_of(html(response).select_one("main"))
    assert "Du har ikkje tilgang til denne sida" in text
    assert "Lidal kommune" in text
    # Where Lidal lists its internal page, Fjordvik's employee sees what the public sees.
    internal = internal_page(nynorsk_site)
    listing = client.get(local_path(internal.get_parent()), HTTP_HOST=NYNORSK_HOST)
    assert internal.title not in text_of(soup(listing).select_one("main"))
    client.force_login(lidal_employee(nynorsk_site))
    listing = client.get(local_path(internal.get_parent()), HTTP_HOST=NYNORSK_HOST)
    assert internal.title in text_of(soup(listing).select_one("main"))


def lidal_employee(site):
    """A local account in Lidal's employees' group, which keeps what its groups give it."""
    user = get_user_model().objects.create_user("lidal-lokal", password="lokal-passord-1")
    user.groups.add(employee_group(site, model_page_of_site(site)))
    return user


def test_tampered_state_is_refused(client, provider, demo_site):
    path, query = go_to_provider(client, "/")
    query["state"] = "forfalsket"
    response = client.get(path, query, HTTP_HOST=HOST)
    assert response.status_code == 400
    assert "hørte ikke til denne innloggingen" in refusal(response)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        ({"nonce": "en-annen"}, "var ikke ment for dette nettstedet"),
        ({"aud": "et-annet-nettsted"}, "var ikke ment for dette nettstedet"),
        ({"exp": -3600}, "har gått ut på tid"),
    ],
)
def test_tampered_or_expired_id_token_is_refused(client, provider, demo_site, tamper, message):
    provider.tamper = tamper
    response = sign_in(client, "/")
    assert response.status_code == 400
    assert message in refusal(response)
    assert "_auth_user_id" not in client.session
    assert not EmployeeAccount.objects.exists()


def test_token_signed_with_a_key_the_provider_does_not_publish_is_refused(
    client, provider, demo_site
):
    provider.tamper = {"key": RSAKey.generate_key(2048, parameters={"kid": provider.key.kid})}
    response = sign_in(client, "/")
    assert response.status_code == 400
    assert "kunne ikke bekreftes" in refusal(response)
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session_here_and_at_the_provider(client, provider, demo_site):
    internal = internal_path(demo_site)
    sign_in(client, internal)

    response = client.post("/logg-ut/", {"next": "/"}, HTTP_HOST=HOST)

    assert response.status_code == 200
    onward = html(response).select_one("main a")["href"]
    assert onward.startswith(f"{provider.issuer}/logout?")
    query = parse_qs(urlsplit(onward).query)
    assert query["post_logout_redirect_uri"] == ["http://localhost/"]
    assert query["id_token_hint"]
    assert client.get(internal, HTTP_HOST=HOST).status_code == 302


def test_without_a_provider_the_login_page_offers_only_the_local_account(client, demo_site):
    page = soup(client.get("/logg-inn/", HTTP_HOST=HOST))
    assert "Logg inn med jobbkonto" not in text_of(page)
    assert page.select_one("input[name=password]") is not None
    assert client.get("/logg-inn/jobbkonto/", HTTP_HOST=HOST).status_code == 404


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def internal_document(site, name):
    document = Document(title=name, collection=private_collection(site.root_page))
    document.file.save(f"{name}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    return document


def test_employee_gets_own_internal_documents_but_not_another_municipalitys(
    client, provider, other_provider, demo_site, nynorsk_site, media_root
):
    own = internal_document(demo_site, "fjordvik-intern")
    foreign = internal_document(nynorsk_site, "lidal-intern")
    sign_in(client, "/")

    assert client.get(own.url, HTTP_HOST=HOST).status_code == 200
    refused = client.get(foreign.url, HTTP_HOST=HOST)
    assert refused.status_code == 403
    assert "Du har ikke tilgang" in text_of(html(refused).select_one("main"))


def test_a_provider_that_refuses_gets_a_clear_message(client, provider, demo_site):
    path, query = go_to_provider(client, "/")
    response = client.get(path, {"error": "access_denied", "state": query["state"]})
    assert response.status_code == 400
    assert "logget deg ikke inn" in refusal(response)


def test_login_never_sends_the_employee_to_another_host(client, demo_site, employee):
    evil = "https://angriper.example/"
    form = html(client.get("/logg-inn/", {"next": evil}, HTTP_HOST=HOST))
    assert form.select_one("input[name=next]")["value"] == "/"
    response = client.post(
        "/logg-inn/",
        {"username": "ansatt", "password": "hemmelig-passord-1", "next": evil},
        HTTP_HOST=HOST,
    )
    assert response.status_code == 302 and response["Location"] == "/"
