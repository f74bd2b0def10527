"""The page cache's keys: a generation number per site, and which site a host name serves.

A cached page's key holds its site's generation. Bumping the generation makes every page of
that site a miss at once, on every worker and app server sharing the cache, while the other
municipalities keep theirs; the old entries simply expire. A host name's site is remembered in
the cache too, so that a hit needs no database query to know which generation applies.
"""

import hashlib
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache

PREFIX = "pagecache"
HOSTS_KEY = f"{PREFIX}:hosts"
# How long a host name's site is trusted; a change of sites forgets it at once (signal), so this
# only bounds a change made behind Django's back. Each host has one miss when it expires.
HOSTS_SECONDS = 3600


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


def site_of_host(host):
    return (cache.get(HOSTS_KEY) or {}).get(host)


def remember_host(host, site_id):
    hosts = cache.get(HOSTS_KEY) or {}
    if hosts.get(host) != site_id:
        hosts[host] = site_id
        cache.set(HOSTS_KEY, hosts, HOSTS_SECONDS)


def forget_hosts():
    cache.delete(HOSTS_KEY)


def page_key(request, site_generation, gzip):
    """Host + path + the query parameters pages read (sorted, others dropped) + generation."""
    wanted = settings.PAGE_CACHE_QUERY_PARAMETERS
    params = sorted((k, v) for k, values in request.GET.lists() if k in wanted for v in values)
    raw = "|".join(
        [request.get_host(), request.path, urlencode(params), str(site_generation), str(gzip)]
    )
    return f"{PREFIX}:page:{hashlib.sha256(raw.encode()).hexdigest()}"
