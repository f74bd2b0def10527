"""The anonymous page cache: hits without SQL, never for a visitor with a session, and a
change visible on the very next request while other municipalities keep their cache."""

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest
from django_tasks_db.models import DBTaskResult

from models_app.core.models import MunicipalitySettings
from models_app.model.models import ElementPage, LevelPage
from models_app.tools.models import ToolPage
from tests.factories import example_document, imported

HOST = "localhost"
GRID = "/"
TOOL = "/verktoy/samtykkeskjema/"  # "Brukes i modellen" lists the element "samtykke"


def get(client, path, host=HOST, **extra):
    return client.get(path, HTTP_HOST=host, **extra)


def element():
    return ElementPage.objects.get(slug="samtykke")


def warm(client, *paths):
    for path in paths:
        assert get(client, path).status_code == 200
        assert get(client, path)["X-Page-Cache"] == "hit"


@pytest.fixture
def site(page_cache, example_site):
    return example_site


def test_a_hit_runs_no_sql_query_and_serves_the_same_page(client, site):
    first = get(client, GRID + "?utm_source=avis")
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = get(client, GRID)
    assert len(queries) == 0
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Language"] == "nb"


def test_query_parameters_a_page_reads_are_part_of_the_key(client, site):
    get(client, "/sok/?q=samtykke")
    assert get(client, "/sok/?q=samtykke")["X-Page-Cache"] == "hit"
    other = get(client, "/sok/?q=barnehage")
    assert other["X-Page-Cache"] == "miss"
    assert "barnehage" in other.content.decode()


def test_anonymous_pages_are_public_for_shared_caches_without_accept_language(client, site):
    response = get(client, GRID, HTTP_ACCEPT_LANGUAGE="en")
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "stale-while-revalidate=30"} <= cache_control
    assert any(part.startswith("s-maxage=") for part in cache_control)
    assert "accept-language" not in response.get("Vary", "").lower()
    assert response.has_header("ETag")
    assert not response.cookies


def test_conditional_get_answers_304(client, site):
    etag = get(client, GRID)["ETag"]
    assert get(client, GRID, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_html_is_compressed_also_from_the_cache(client, site):
    plain = get(client, GRID)
    get(client, GRID, HTTP_ACCEPT_ENCODING="gzip, br")
    cached = get(client, GRID, HTTP_ACCEPT_ENCODING="gzip, br")
    assert cached["X-Page-Cache"] == "hit"
    assert cached["Content-Encoding"] == "gzip"
    assert len(cached.content) < len(plain.content) / 3


def test_a_logged_in_user_never_gets_or_fills_the_cache(client, site, employee):
    client.force_login(employee)
    mine = get(client, GRID)
    assert "X-Page-Cache" not in mine
    assert {"private", "no-store"} <= {p.strip() for p in mine["Cache-Control"].split(",")}
    client.logout()
    client.cookies.clear()
    assert get(client, GRID)["X-Page-Cache"] == "miss"


def test_private_pages_are_never_cached(client, site, employee):
    tool = ToolPage.objects.get(slug="samtykkeskjema")
    PageViewRestriction.objects.create(page=tool, restriction_type=PageViewRestriction.LOGIN)
    for _ in range(2):
        response = get(client, TOOL)
        assert response.status_code != 200
        assert "X-Page-Cache" not in response
    client.force_login(employee)
    assert get(client, TOOL).status_code == 200
    client.logout()
    client.cookies.clear()
    assert get(client, TOOL).status_code != 200


# Every change a coordinator can make shows at once on the grid and on a back-link page.


def publish_new_title():
    page = element()
    page.title = "Nytt samtykkeskjema"
    page.save_revision().publish()
    return "Nytt samtykkeskjema", True


def unpublish():
    title = element().title
    element().unpublish()
    return title, False


def change_slug():
    page = element()
    page.slug = "nytt-samtykke"
    page.save_revision().publish()
    return "/nytt-samtykke/", True


def move():
    ElementPage.objects.get(slug="samtykke").move(
        LevelPage.objects.get(slug="etatsniva"), pos="last-child"
    )
    return "/etatsniva/samtykke/", True


def delete():
    title = element().title
    element().delete()
    return title, False


CHANGES = [publish_new_title, unpublish, change_slug, move, delete]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_a_change_shows_at_once_on_the_grid_and_the_back_link_page(client, site, change):
    warm(client, GRID, TOOL)
    text, present = change()
    for path in (GRID, TOOL):
        response = get(client, path)
        assert response["X-Page-Cache"] == "miss"
        assert (text in response.content.decode()) is present, (path, text)


def test_a_settings_change_shows_at_once(client, site):
    warm(client, GRID)
    settings_of_site = MunicipalitySettings.for_site(site)
    settings_of_site.child_welfare_emergency_phone = "55 12 34 56"
    settings_of_site.save()
    assert "55 12 34 56" in get(client, GRID).content.decode()


def test_other_municipalities_keep_their_cache(client, site):
    imported(example_document(), hostname="annen.localhost")
    warm(client, GRID)
    get(client, GRID, host="annen.localhost")
    page = ElementPage.objects.descendant_of(site.root_page).get(slug="samtykke")
    page.save_revision().publish()
    assert get(client, GRID)["X-Page-Cache"] == "miss"
    assert get(client, GRID, host="annen.localhost")["X-Page-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)  # the worker closes the connection it ran on
def test_back_links_are_fresh_once_the_worker_has_updated_the_references(
    wagtail_root, client, site, settings
):
    """With jobs on a worker, Wagtail updates references after the publish: the back-link
    page rendered in between is dropped as soon as the worker is done."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    element().save_revision().publish()
    warm(client, TOOL)
    call_command("db_worker", "--batch", "--interval", "0", verbosity=0)
    assert not DBTaskResult.objects.failed().exists()
    assert get(client, TOOL)["X-Page-Cache"] == "miss"


def test_a_new_site_takes_over_its_host_name_at_once(client, site):
    """An unknown host name is served by the default site until a site of its own exists."""
    warm(client, GRID)
    get(client, GRID, host="ny.localhost")
    assert get(client, GRID, host="ny.localhost")["X-Page-Cache"] == "hit"
    new_site = imported(example_document(), hostname="ny.localhost").site
    response = get(client, GRID, host="ny.localhost")
    assert response["X-Page-Cache"] == "miss"
    assert response.wsgi_request._wagtail_site == new_site
    assert get(client, GRID, host="ny.localhost")["X-Page-Cache"] == "hit"
