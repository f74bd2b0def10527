"""Each site's sitemap: its pages (core.seo) and, where the site has a public model, the page
"Åpne data" and the document itself. The embed is left out: it repeats the model page, which
it names as canonical."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_safe

from wagtail.models import Site

from models_app.core.seo import ModelSitemap
from models_app.core.sites import request_model_page
from models_app.core.visibility import restricted_page_paths

from .documents import is_public, last_change

DATA_VIEWS = ("open_data", "open_data_document")


class OpenDataSitemap(Sitemap):
    """The data of the request's site, at the site's own address (as the pages are, also for
    an unknown host that gets the default site)."""

    def __init__(self, request):
        self.request = request

    def get_urls(self, page=1, site=None, protocol=None):
        wagtail_site = Site.find_for_request(self.request)
        model_page = request_model_page(self.request)
        restricted = restricted_page_paths()
        if wagtail_site is None or model_page is None or not is_public(model_page, restricted):
            return []
        changed = last_change(model_page, restricted)
        if changed:
            self.latest_lastmod = changed
        return [
            {"location": wagtail_site.root_url + reverse(name), "lastmod": changed}
            for name in DATA_VIEWS
        ]


@require_safe
def sitemap(request):
    if Site.find_for_request(request) is None:
        raise Http404("No site")
    sitemaps = {"pages": ModelSitemap(request), "data": OpenDataSitemap(request)}
    return sitemap_views.sitemap(request, sitemaps)
