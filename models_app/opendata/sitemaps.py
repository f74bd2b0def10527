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
    def __init__(self, request):
        self.request = request

    def items(self):
        model_page = request_model_page(self.request)
        restricted = restricted_page_paths()
        if model_page is None or not is_public(model_page, restricted):
            return []
        changed = last_change(model_page, restricted)
        return [(name, changed) for name in DATA_VIEWS]

    def location(self, item):
        return reverse(item[0])

    def lastmod(self, item):
        return item[1]


@require_safe
def sitemap(request):
    if Site.find_for_request(request) is None:
        raise Http404("No site")
    sitemaps = {"pages": ModelSitemap(request), "data": OpenDataSitemap(request)}
    return sitemap_views.sitemap(request, sitemaps)
