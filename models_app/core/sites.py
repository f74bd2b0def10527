"""Which municipality a request or a page belongs to, and the language it speaks.

Each municipality is a Wagtail Site whose root page is its model (`model.ModelIndexPage`,
named by string here: the model app builds on core, not the other way round). Everything
that needs "the site of this hostname", "the model of this request" or "the model this page
belongs to" asks here, and the answer is kept on the request so it is looked up once.
"""

from django.apps import apps

from wagtail.models import Site

MODEL_PAGE = "model.ModelIndexPage"
# Interface languages: our catalogues (nb, nn) and the source language; others get bokmål.
INTERFACE_LANGUAGES = ("nb", "nn", "en")


def model_page_class():
    return apps.get_model(MODEL_PAGE)


def site_for_hostname(hostname=None):
    """The Site with this hostname (the lowest port), or the default site; None if none."""
    sites = (
        Site.objects.filter(hostname=hostname)
        if hostname
        else Site.objects.filter(is_default_site=True)
    )
    return sites.order_by("port").select_related("root_page").first()


def model_page_of_site(site):
    """The site's model page, or None when its root is something else: one query."""
    if site is None:
        return None
    return model_page_class().objects.filter(id=site.root_page_id).first()


def find_model_site(hostname=None):
    """(site, model page) for a hostname, or the default site; LookupError when there is none."""
    site = site_for_hostname(hostname)
    model_page = model_page_of_site(site)
    if model_page is None:
        raise LookupError(f"No samhandlingsmodell on site {hostname or '(default)'}.")
    return site, model_page


def request_model_page(request):
    """The model of the request: the one of the page being served, else the request's site's."""
    if request is None:
        return None
    if not hasattr(request, "_samhandling_model_page"):
        request._samhandling_model_page = model_page_of_site(Site.find_for_request(request))
    return request._samhandling_model_page


def model_page_for(page, request=None):
    """The model a page belongs to (itself, for a model page); kept for the request, so the
    page frame and the page's context agree and look it up once."""
    cached = getattr(request, "_samhandling_model_page", None)
    if cached is not None and page.path.startswith(cached.path):
        return cached
    model_page = model_page_class().objects.ancestor_of(page, inclusive=True).first()
    if request is not None:
        request._samhandling_model_page = model_page
    return model_page


def interface_language(model_page):
    """The interface speaks the content's language where we have a catalogue, else bokmål."""
    language = getattr(model_page, "language", "")
    return language if language in INTERFACE_LANGUAGES else "nb"
