"""The page cache's keys and entries: a generation number per site, kept with every page.

Each cached page is stored with the site it was rendered for and that site's generation at the
time. Bumping the generation makes every page of that site a miss at once, on every worker and
app server sharing the cache, while the other municipalities keep theirs; the old entries
simply expire. A hit needs no database query: the entry names its site. Each process remembers
which site a host name was last served by, only as a hint, so that a hit reads the page and the
generation in one round trip to the cache; the generation is read before the page is rendered,
so a render that overlaps a publish is stored as stale.
"""

import hashlib
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache

PREFIX = "pagecache"
# Host names are limited by ALLOWED_HOSTS in production; the bound is for a development "*".
MAX_HINTS = 10000
_site_hints = {}


def seconds():
    """How long a page stays cached (here and in shared caches); 0 turns the cache off."""
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def generation_key(site_id):
    return f"{PREFIX}:generation:{site_id}"


def generation(site_id):
    """The site's generation. A missing one (never bumped, or a cache restarted empty) starts
    from the clock, so that it never repeats a number that older entries may still carry."""
    key = generation_key(site_id)
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), timeout=None)
        value = cache.get(key)
    return value


def bump(site_ids):
    """Every page of these sites is stale from now on."""
    for site_id in set(site_ids):
        try:
            cache.incr(generation_key(site_id))
        except ValueError:
            cache.set(generation_key(site_id), time.time_ns(), timeout=None)


class Lookup:
    """One request's host (validated) and key, its cached response (None: a miss), and the site
    this process expects the host to be served by with that site's generation, both read before
    rendering."""

    def __init__(self, host, key, response=None, site_id=None, generation=None):
        self.host, self.key, self.response = host, key, response
        self.site_id, self.generation = site_id, generation


def look_up(request, gzip):
    host = request.get_host()  # validated against ALLOWED_HOSTS: once per request
    key = page_key(request, host, gzip)
    hinted = _site_hints.get(host)
    keys = [key] if hinted is None else [key, generation_key(hinted)]
    found = cache.get_many(keys)  # one round trip
    current = found.get(keys[-1]) if hinted is not None else None
    lookup = Lookup(host, key, None, hinted, current)
    entry = found.get(key)
    if entry is None:
        return lookup
    site_id, site_generation, response = entry
    if site_id != hinted:
        _remember(host, site_id)
        current = cache.get(generation_key(site_id))
    if current is not None and current == site_generation:
        lookup.response = response
    return lookup


def store_page(lookup, site_id, response):
    """Keep the response under its key with its site's generation: the one read before the
    page was rendered when the host's site was known then."""
    _remember(lookup.host, site_id)
    if site_id == lookup.site_id and lookup.generation is not None:
        site_generation = lookup.generation
    else:
        site_generation = generation(site_id)
    cache.set(lookup.key, (site_id, site_generation, response), seconds())


def _remember(host, site_id):
    if len(_site_hints) >= MAX_HINTS:
        _site_hints.clear()
    _site_hints[host] = site_id


def page_key(request, host, gzip):
    """Host + path + the query parameters pages read (sorted, others dropped) + gzip or not."""
    params = ""
    if request.META.get("QUERY_STRING"):
        wanted = settings.PAGE_CACHE_QUERY_PARAMETERS
        pairs = sorted((k, v) for k, values in request.GET.lists() if k in wanted for v in values)
        params = urlencode(pairs)
    raw = "|".join([host, request.path, params, str(gzip)])
    return f"{PREFIX}:page:{hashlib.sha256(raw.encode()).hexdigest()}"
