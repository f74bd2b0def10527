"""Findable: the sitemap and robots.txt of each municipality's site, and page descriptions.

Each municipality is its own Wagtail Site, so both answer for the request's site only. The
sitemap lists what an anonymous visitor may see: live pages outside every login-restricted
section (Wagtail's `public()`), plus the routable views that are pages of their own. The
sitemap view that serves it, with the open data beside the pages, is opendata's.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Site


class ModelSitemap(Sitemap):
    """Wagtail's sitemap of the request's site (live, public pages), with routable views."""

    def _urls(self, page, protocol, domain):
        urls = []
        for item in self.paginator.page(page).object_list:
            urls.extend(item.get_sitemap_urls(self.request))
            urls.extend(route_urls(item, self.request))
        lastmods = {url.get("lastmod") for url in urls}
        # As Wagtail's: the Last-Modified header only when every entry has a date.
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls


def route_urls(page, request):
    """Sitemap entries for the visitor-facing routable views of one page."""
    routes = getattr(page, "sitemap_routes", ())
    base_url = page.get_full_url(request) if routes else None
    if not base_url:
        return []
    lastmod = routes_lastmod(page)
    return [
        {"location": base_url + page.reverse_subpage(name).lstrip("/"), "lastmod": lastmod}
        for name in routes
    ]


def routes_lastmod(page):
    """A view built from a section's public children changed when the newest of them did."""
    dates = [page.last_published_at or page.latest_revision_created_at]
    newest = (
        page.get_children()
        .live()
        .public()
        .exclude(last_published_at=None)
        .order_by("-last_published_at")
        .values_list("last_published_at", flat=True)
        .first()
    )
    dates.append(newest)
    dates = [date for date in dates if date]
    return max(dates) if dates else None


@require_safe
def robots_txt(request):
    """Everything may be crawled but the admin and search results; the sitemap is on the
    request's site (the default site for an unknown host, as Wagtail serves it)."""
    site = Site.find_for_request(request)
    root_url = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    sitemap_url = root_url + reverse("sitemap")
    return render(
        request,
        "core/robots.txt",
        {"sitemap_url": sitemap_url},
        content_type="text/plain; charset=utf-8",
    )


def page_description(page, model_page=None):
    """The page's search description or summary; else a sentence saying what the page is."""
    own = getattr(page, "search_description", "") or getattr(page, "summary", "")
    if own:
        return " ".join(own.split())
    if page is None or not getattr(page, "title", ""):
        return ""
    municipality = getattr(model_page, "municipality_name", "")
    if not municipality:
        return page.title
    if model_page is not None and page.pk == model_page.pk:
        return _(
            "How %(municipality)s works across services so that vulnerable children, young "
            "people and families get the right help early."
        ) % {"municipality": municipality}
    return _("%(kind)s in the collaboration model of %(municipality)s: %(title)s.") % {
        "kind": capfirst(page._meta.verbose_name),
        "municipality": municipality,
        "title": page.title,
    }
