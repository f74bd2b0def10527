"""The anonymous page cache, and the Cache-Control of every public response.

Goes right after SecurityMiddleware (and WhiteNoise) and ConditionalGetMiddleware, before
GZipMiddleware: a hit is answered before sessions, users, sites or languages are looked at, so
it runs no SQL query; what is stored is the response as it left every inner middleware (CSP,
language, compression). Only anonymous GET requests without a session, CSRF or messages cookie
are cached, and only a 200 response that sets no cookie and is not private.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag

from . import store

EXCLUDED_PREFIXES = ("/admin/", "/django-admin/", "/dokumenter/", "/healthz")
STALE_WHILE_REVALIDATE = 30


def has_visitor_state(request):
    """A session (logged in or in a form), a CSRF token or a message: never shared."""
    names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages")
    return any(name in request.COOKIES for name in names)


def accepts_gzip(request):
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


def shareable(response):
    """A public page as any anonymous visitor gets it."""
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
    )


def drop_vary_accept_language(response):
    """The language follows the host (core.language), never the browser's Accept-Language."""
    if "Content-Language" not in response or "Vary" not in response:
        return
    kept = [v.strip() for v in response["Vary"].split(",")]
    kept = [v for v in kept if v and v.lower() != "accept-language"]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(EXCLUDED_PREFIXES):
            return self.get_response(request)
        if has_visitor_state(request):
            return self.private(self.get_response(request))
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        lookup = self.look_up(request)
        if lookup is not None and lookup.response is not None:
            lookup.response["X-Page-Cache"] = "hit"
            return lookup.response
        response = self.get_response(request)
        if not shareable(response):
            if response.cookies:
                return self.private(response)
            return response
        self.make_public(response)
        self.fill(request, response, lookup)
        return response

    @staticmethod
    def look_up(request):
        """The request's key and cached response when the cache is on, else None."""
        if not store.seconds():
            return None
        return store.look_up(request, accepts_gzip(request))

    @staticmethod
    def fill(request, response, lookup):
        if lookup is None or request.method != "GET":
            return
        site = getattr(request, "_wagtail_site", None)
        if site is None:
            return  # not a page of a site (robots.txt of no site, for one)
        response["X-Page-Cache"] = "miss"
        store.store_page(lookup, site.id, response)

    @staticmethod
    def make_public(response):
        drop_vary_accept_language(response)
        patch_cache_control(
            response,
            public=True,
            max_age=0,
            s_maxage=settings.PAGE_CACHE_SHARED_SECONDS,
            stale_while_revalidate=STALE_WHILE_REVALIDATE,
        )
        patch_vary_headers(response, ("Cookie",))
        if not response.has_header("ETag"):
            set_response_etag(response)

    @staticmethod
    def private(response):
        """Rendered for one visitor: neither this cache nor any shared one may keep it."""
        if "public" in response.get("Cache-Control", ""):
            del response["Cache-Control"]
        patch_cache_control(response, private=True, no_store=True)
        return response
