"""Login throttling (django-axes) and the security headers of every response and document."""

import io
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.documents import get_document_model

import pytest
from axes.models import AccessAttempt

PASSWORD = "hemmelig-passord-1"  # the conftest employee's
LOGIN = reverse("wagtailadmin_login")


def log_in(client, password, username="ansatt", address="192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client):
    return get_user_model().objects.filter(pk=client.session.get("_auth_user_id")).exists()


def let_the_lock_end(settings):
    """Time passes: every failure is older than the cool-off period."""
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )


@pytest.mark.django_db
def test_thirty_wrong_passwords_lock_the_account_until_the_lock_ends(client, employee, settings):
    answers = [log_in(client, f"feil-{attempt}").status_code for attempt in range(30)]
    assert answers[0] == 200  # the form again, with its error
    assert answers[-1] == 429
    assert answers.index(429) == settings.AXES_FAILURE_LIMIT - 1

    refused = log_in(client, PASSWORD)
    assert refused.status_code == 429
    assert not logged_in(client)
    text = refused.content.decode()
    assert "For mange mislykkede innlogginger" in text
    assert "Prøv igjen om 15 minutter" in text

    let_the_lock_end(settings)
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)
    assert not AccessAttempt.objects.exists()  # a success starts the count anew


@pytest.mark.django_db
def test_an_account_is_locked_whatever_the_address(client, employee, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "feil", address=f"198.51.100.{attempt + 1}")
    assert log_in(client, PASSWORD, address="203.0.113.7").status_code == 429


@pytest.mark.django_db
def test_an_address_is_locked_whatever_the_account(client, employee, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "feil", username=f"gjett-{attempt}")
    assert log_in(client, PASSWORD).status_code == 429
    # Another address still gets in: a lock is per address, not for everyone.
    assert log_in(client, PASSWORD, address="203.0.113.7").status_code == 302


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_forwarded_address_counts(client, employee, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": "ukjent", "password": "feil"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.5",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.5"}


@pytest.mark.django_db
def test_visitors_who_never_log_in_leave_no_record(client, demo_site, employee):
    client.get("/")
    client.get(LOGIN)
    assert client.post(LOGIN, {"username": "ansatt", "password": PASSWORD}).status_code == 302
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_every_response_has_a_permissions_policy(client, demo_site):
    for path in ("/", LOGIN, "/finnes-ikke/"):
        policy = client.get(path)["Permissions-Policy"]
        assert "camera=()" in policy
        assert "geolocation=()" in policy


@pytest.fixture
def documents(demo_site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo_documents", stdout=io.StringIO(), stderr=io.StringIO())
    return get_document_model().objects.select_related("collection")


def is_private(document):
    return document.collection.get_view_restrictions().exists()


@pytest.mark.django_db
def test_documents_have_no_content_encoding_none_and_private_ones_are_not_cached(
    client, documents, employee
):
    public = next(document for document in documents if not is_private(document))
    response = client.get(public.url)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert "private" not in response.get("Cache-Control", "")
    b"".join(response.streaming_content)

    private = next((document for document in documents if is_private(document)), None)
    assert private is not None, "the demo has a private document"
    assert client.get(private.url).status_code in (302, 403)  # anonymous: to the login
    client.force_login(employee)
    response = client.get(private.url)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    b"".join(response.streaming_content)
