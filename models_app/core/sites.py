"""Which municipality a request or a page belongs to, and the language it speaks.

Each municipality is a Wagtail Site whose root page is its model (`model.ModelIndexPage`,
named by string here: the model app builds on core, not the other way round). Everything
that needs "the site of this hostname", "the model of this request" or "the model this page
belongs to" asks here, and the answer is kept on the request so it is looked up once.
"""

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.http.request import split_domain_port

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
        if hasattr(request, "_wagtail_site"):
            model_page = model_page_of_site(request._wagtail_site)
        else:
            model_page = find_request_site(request)
        request._samhandling_model_page = model_page
    return request._samhandling_model_page


def site_match(site, hostname, port):
    """How well a site fits the request, best first (Wagtail's MATCH_* constants)."""
    if site.hostname == hostname:
        if site.port == port:
            return 0
        return 1 if site.is_default_site else 3
    return 2  # the default site, for another hostname


def find_request_site(request):
    """Look up the request's Site, its model page and its settings in one query, and keep them
    where Wagtail looks for them (`Site.find_for_request`, `Page.route_for_request`,
    `BaseSiteSetting.for_request`); returns the model page, or None.

    Chooses the site exactly as Wagtail's `get_site_for_hostname` does (hostname and port,
    then the default site).
    """
    hostname = split_domain_port(request._get_raw_host())[0]
    try:
        port = int(request.get_port())  # compared with Site.port, an integer
    except ValueError:
        port = None
    model_name = model_page_class()._meta.model_name
    sites = list(
        Site.objects.filter(Q(hostname=hostname) | Q(is_default_site=True))
        .select_related(f"root_page__{model_name}", "municipalitysettings")
        .order_by()  # not even Site's default order: they are sorted here
    )
    # Wagtail orders these few rows in SQL (a CASE that costs more to compile than the query
    # takes to run); the same order here.
    for candidate in sites:
        candidate.match = site_match(candidate, hostname, port)
    sites.sort(key=lambda candidate: (candidate.match, candidate.pk))
    site = None
    if len(sites) == 1 or (sites and sites[0].match in (0, 1)):
        site = sites[0]
    elif sites and sites[0].match == 2:
        site = sites[len(sites) == 2]  # one hostname match beats the default site
    request._wagtail_site = site
    if site is None:
        return None
    settings_model = apps.get_model("core.MunicipalitySettings")
    try:
        settings = site.municipalitysettings
    except ObjectDoesNotExist:
        pass
    else:
        settings._request = request
        setattr(request, settings_model.get_cache_attr_name(), settings)
    try:
        model_page = getattr(site.root_page, model_name)
    except ObjectDoesNotExist:
        return None
    # Routing starts from the specific root page, so Wagtail need not load it again.
    site.root_page = model_page
    return model_page


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
