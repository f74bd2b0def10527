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

from models_app.core.throttle import login_delay

PASSWORD = "hemmelig-passord-1"  # the conftest employee's
LOGIN = reverse("wagtailadmin_login")


def log_in(client, password, username="ansatt", address="192.0.2.10", url=LOGIN):
    data = {"username": username, "password": password}
    return client.post(url, data, REMOTE_ADDR=address, HTTP_HOST="localhost")


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
    # Slowed first (each answer says how long to wait), then locked.
    assert answers.index(429) == settings.LOGIN_SLOW_AFTER - 1
    assert AccessAttempt.objects.get().failures_since_start == 30

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


def let_the_delay_pass(seconds):
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(seconds=seconds))


def test_the_delay_grows_with_each_failure_until_the_lock(settings):
    settings.LOGIN_SLOW_AFTER = 3
    settings.LOGIN_MAX_DELAY_SECONDS = 60
    assert [login_delay(failures) for failures in range(11)] == [
        0,
        0,
        0,
        1,
        2,
        4,
        8,
        16,
        32,
        60,
        60,
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("url", [LOGIN, "/logg-inn/"], ids=["admin", "employees"])
def test_repeated_failures_are_slowed_before_the_lock(client, demo_site, employee, settings, url):
    for attempt in range(settings.LOGIN_SLOW_AFTER - 1):
        assert log_in(client, f"feil-{attempt}", url=url).status_code in (200, 400)

    slowed = log_in(client, "feil-igjen", url=url)
    assert slowed.status_code == 429
    assert "Vent 1 sekund før du prøver igjen" in slowed.content.decode()

    # Inside the delay even the right password is refused unread, and counts as a failure.
    refused = log_in(client, PASSWORD, url=url)
    assert refused.status_code == 429
    assert "Vent 2 sekunder før du prøver igjen" in refused.content.decode()
    assert not logged_in(client)

    let_the_delay_pass(2)
    assert log_in(client, PASSWORD, url=url).status_code == 302
    assert logged_in(client)


@pytest.mark.django_db
def test_an_address_is_slowed_whatever_the_account(client, employee, settings):
    for attempt in range(settings.LOGIN_SLOW_AFTER):
        log_in(client, "feil", username=f"gjett-{attempt}")
    assert log_in(client, PASSWORD).status_code == 429
    assert log_in(client, PASSWORD, address="203.0.113.7").status_code == 302


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
def test_every_response_has_a_permissions_policy(client, demo_site, employee, settings):
    responses = [client.get(path) for path in ("/", LOGIN, "/finnes-ikke/", "/admin/")]
    for attempt in range(settings.LOGIN_SLOW_AFTER):
        refused = log_in(client, f"feil-{attempt}")
    responses.append(refused)
    # A page, a form, a 404, a redirect to the login and a slowed login.
    assert [response.status_code for response in responses] == [200, 200, 404, 302, 429]
    for response in responses:
        policy = response["Permissions-Policy"]
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
    assert "camera=()" in response["Permissions-Policy"]
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
    assert "camera=()" in response["Permissions-Policy"]
    b"".join(response.streaming_content)
