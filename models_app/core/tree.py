"""Places in the page tree."""

import re
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse

from wagtail.models import Site
from wagtail.urls import serve_pattern

# The base columns a page listed on another page needs when read with .only(): its title,
# what its address is built from, and what the privacy checks read (its path).
LISTED_PAGE_COLUMNS = ("title", "slug", "path", "depth", "url_path", "live", "content_type")
# The same for a page read with .values(): no page object is made, only a row.
LISTED_PAGE_VALUES = ("id", "title", "path", "url_path", "content_type_id")

# What Django's reverse() leaves unquoted in a URL argument (django.urls.resolvers), and the
# paths Wagtail's serve view takes.
URL_SAFE_CHARACTERS = "!$&'()*+,;=/~:@"
SERVE_PATTERN = re.compile(serve_pattern)
# A path that quote() would leave as it is (nearly every slug): no need to call it.
UNQUOTED_PATH = re.compile(r"[A-Za-z0-9_.~/-]*")


class PageUrls:
    """Page addresses from their `url_path`, exactly as `page.get_url(request)` (and
    {% pageurl %}) gives them, but with one reverse() per request instead of one per page:
    a page with a hundred links no longer pays for a hundred. Wagtail's rules: the site whose
    root holds the page (the request's own site first), a path relative to that site's root,
    and the site's root URL in front unless it is the request's site or the only one.
    (Wagtail's i18n, off here, would add a language prefix: WAGTAIL_I18N_ENABLED = False.)"""

    def __init__(self, request):
        # The same cache Wagtail's Page.get_url uses (Page._get_site_root_paths).
        if not hasattr(request, "_wagtail_cached_site_root_paths"):
            request._wagtail_cached_site_root_paths = Site.get_site_root_paths()
        self.root_paths = request._wagtail_cached_site_root_paths
        self.site_count = len({root.site_id for root in self.root_paths})
        current = Site.find_for_request(request)
        self.current_site_id = current.pk if current is not None else None
        self.current_roots = [r for r in self.root_paths if r.site_id == self.current_site_id]
        self.serve_prefix = reverse("wagtail_serve", args=("",))
        self.append_slash = getattr(settings, "WAGTAIL_APPEND_SLASH", True)

    def url(self, url_path):
        """The address of the page with this `url_path`; None when no site holds it."""
        chosen = self.root_holding(url_path)
        if chosen is None:
            return None
        relative = url_path[len(chosen.root_path) :]
        if not SERVE_PATTERN.match(relative):
            return None  # Wagtail's reverse() would fail: no address
        if not UNQUOTED_PATH.fullmatch(relative):
            relative = quote(relative, URL_SAFE_CHARACTERS)
        path = self.serve_prefix + relative
        if not self.append_slash and path != "/":
            path = path.rstrip("/")
        if chosen.site_id == self.current_site_id or self.site_count == 1:
            return path
        return chosen.root_url + path

    def root_holding(self, url_path):
        """The request's own site if it holds the page (nearly every link), else the first
        site that does: only links to other sites look through all the sites."""
        for roots in (self.current_roots, self.root_paths):
            for root in roots:
                if url_path.startswith(root.root_path):
                    return root
        return None


def page_urls(request):
    """The request's PageUrls, made once per request."""
    urls = getattr(request, "_samhandling_page_urls", None)
    if urls is None:
        urls = PageUrls(request)
        request._samhandling_page_urls = urls
    return urls


def free_slug(parent, slug, taken=None):
    """`slug`, or `slug-2`, `slug-3` … when a child of `parent` has it already. Pass a set
    `taken` to make many children in a row (it is read once and kept up to date)."""
    if taken is None:
        taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    taken.add(candidate)
    return candidate
