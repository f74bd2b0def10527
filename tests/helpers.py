"""Helpers shared by the tests in tests/ and in every app's tests/ folder: reading pages,
counting queries, users in groups, and the discovered list of "a page of every type".

Exchange documents to build models from are in tests/factories.py.
"""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Revision, Site, get_page_models

from bs4 import BeautifulSoup

PASSWORD = "hemmelig-passord-1"

# Reading pages ---------------------------------------------------------------------------------


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text_of(node):
    return node.get_text(" ", strip=True)


def count_queries(client, path, host="localhost"):
    """The SQL queries of one request, after a first request has warmed per-process caches."""
    client.get(path, HTTP_HOST=host)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


def database_state():
    """What an import or a refused request must leave as it was."""
    return (Page.objects.count(), Revision.objects.count(), Site.objects.count())


# Users -----------------------------------------------------------------------------------------


def member_of(group_name, username):
    """A new user in the named group (e.g. "Avik kommune – redaktører")."""
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    user.groups.add(Group.objects.get(name=group_name))
    return user


# A page of every type --------------------------------------------------------------------------
#
# Found from the page models, so that a page type someone adds is checked by every test that
# walks them (accessibility, HTML, query budget, sitemap, page tree) without editing a list.


def our_page_models():
    """Every concrete page type of our apps, in the order Wagtail knows them."""
    return [
        model
        for model in get_page_models()
        if model.__module__.startswith("models_app.") and not model._meta.abstract
    ]


def local_path(page):
    return page.get_url_parts()[2]


def route_paths(page):
    """Paths of a routable page's named routes that take no arguments (the årshjul, the
    printable guide, calendar feeds), its own address excluded."""
    if not isinstance(page, RoutablePageMixin):
        return []
    paths = []
    for pattern in page.get_subpage_urls():
        if not pattern.name:
            continue
        try:
            sub_path = page.reverse_subpage(pattern.name)
        except NoReverseMatch:
            continue
        if sub_path:
            paths.append(local_path(page) + sub_path)
    return paths


def first_page(model, root, restricted=(), internal=False):
    """The model's first live page below `root`, public or (internal) private to employees."""
    pages = model.objects.live().descendant_of(root, inclusive=True).order_by("path")
    for page in pages.specific():
        is_private = bool(restricted) and page.path.startswith(restricted)
        if is_private == internal:
            return page
    return None


def page_of_every_type(root, restricted=(), internal=False):
    """[(label, path)] of one page of every type below `root` with its routes, and the names
    of the page types it has none of."""
    found, missing = [], []
    for model in our_page_models():
        page = first_page(model, root, restricted, internal)
        if page is None:
            missing.append(model.__name__)
            continue
        found.append((model.__name__, local_path(page)))
        found += [(f"{model.__name__} route", path) for path in route_paths(page)]
    return found, missing


def production_environment(tmp_path, **settings):
    """The environment of the app run in a process of its own on production settings
    (tests/production_settings.py): this one's, without what only the tests set, plus
    `settings`."""
    test_only = (
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DATABASE_URL",
        "DATABASE_CONN_MAX_AGE",  # production's own default is what runs
        "REDIS_URL",
    )
    env = {key: value for key, value in os.environ.items() if key not in test_only}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.production_settings",
        SECRET_KEY="a-long-secret-for-the-app-in-a-process-of-its-own-0123456789",
        SECURE_SSL_REDIRECT="false",
        CACHE_DIR=str(tmp_path / "cache"),
        **settings,
    )
    return env
