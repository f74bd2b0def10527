"""What a change makes stale: the sites it touches, and their public URLs for a CDN/Varnish.

The page cache of our own is purged by bumping the site's generation (store.py). A shared
cache in front (Varnish, a CDN) is purged through wagtail.contrib.frontend_cache, URL by URL:
every public URL of the changed site (the grid, the lists and the "Brukes i modellen"
back-links can show any page), plus the old URLs of a page that moved, was renamed,
unpublished or deleted. Purges run as a task (django-tasks), on the worker when one is set up.
"""

import threading
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch

from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page, Site

from . import store

# The site-wide files that list pages (core.seo), purged with the pages.
SITE_FILES = ("/sitemap.xml", "/robots.txt")
FEED_ROUTES = ("calendar",)
_pending = threading.local()
# The changes gathered inside `batched()`: None outside.
_batch = ContextVar("purge_batch", default=None)


def affected_sites(paths):
    """Sites whose tree holds one of these page paths, or lies below one of them."""
    sites = Site.objects.select_related("root_page").only(
        "id", "hostname", "port", "root_page__path", "root_page__url_path"
    )
    return [
        site
        for site in sites
        if any(
            path.startswith(site.root_page.path) or site.root_page.path.startswith(path)
            for path in paths
        )
    ]


def changed(paths, old_urls=(), sites=None):
    """Pages at these tree paths changed: their sites are stale now and again at commit (so a
    request racing the transaction cannot keep the old version), and purged in front then."""
    batch = _batch.get()
    if batch is not None:
        if sites is None:
            batch["paths"].update(paths)
        else:
            batch["sites"].update(sites)
        batch["urls"].update(old_urls)
        return
    sites = affected_sites(paths) if sites is None else sites
    if not sites:
        return
    store.bump(site.id for site in sites)
    pending = _pending_state()
    pending["sites"].update(sites)
    pending["urls"].update(url for url in old_urls if url)
    transaction.on_commit(flush)


@contextmanager
def batched():
    """Many changes in a row (an import publishes hundreds of pages of one site): gathered, and
    their sites made stale once, at the end, instead of a query and a cache write each. An
    error inside leaves them: the transaction that made them rolls back."""
    batch = {"paths": set(), "sites": set(), "urls": set()}
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
    sites = {*affected_sites(batch["paths"]), *batch["sites"]}
    changed([], old_urls=batch["urls"], sites=list(sites))


def _pending_state():
    if not hasattr(_pending, "state"):
        _pending.state = {"sites": set(), "urls": set()}
    return _pending.state


def flush():
    """At commit: bump again and purge the shared caches in front (once per transaction)."""
    state = _pending_state()
    sites, urls = state["sites"], state["urls"]
    _pending.state = {"sites": set(), "urls": set()}
    if not sites:
        return
    store.bump(site.id for site in sites)
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        purge_urls_from_cache(sorted(urls.union(*(public_urls(site) for site in sites))))


def public_urls(site):
    """Every URL an anonymous visitor can get from the site: its live, unrestricted pages (and
    the extra paths a page names in get_cached_paths), the sitemap and robots.txt. Two queries."""
    root_url = site.root_url
    root = site.root_page
    # Whole base rows: specific_deferred reads every base field, one query per deferred one.
    pages = Page.objects.descendant_of(root, inclusive=True).live().public()
    urls = [root_url + path for path in SITE_FILES]
    for page in pages:
        base = root_url + page.url_path[len(root.url_path) - 1 :]
        specific = page.specific_deferred
        urls.extend(base + extra.lstrip("/") for extra in specific.get_cached_paths())
        urls.extend(base + route for route in route_paths(specific))
    return urls


def route_paths(page):
    """The routable views a visitor reaches below a page: those in the sitemap, and the
    calendar feed (arenas), which is not a page of its own."""
    if not hasattr(page, "reverse_subpage"):
        return []
    paths = []
    for name in (*getattr(page, "sitemap_routes", ()), *FEED_ROUTES):
        try:
            paths.append(page.reverse_subpage(name).lstrip("/"))
        except NoReverseMatch:
            continue
    return paths


def full_url(page):
    """The page's public URL now (None when it has none), for purging after it moves."""
    try:
        return page.get_full_url()
    except Exception:  # noqa: BLE001 - a page in the middle of being deleted may have no site
        return None
