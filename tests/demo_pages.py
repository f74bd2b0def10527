"""Every page type of the demo sites, for the accessibility and HTML checks.

Built from the page models themselves, so a page type someone adds is checked without editing
this list: for each site and each concrete page model, its first live page there, plus the
routable sub-pages (the årshjul, the printable guide), filtered lists, search and the 404 page.
"""

from dataclasses import dataclass

from django.test import Client

from wagtail.models import PageViewRestriction, Site

from models_app.guide.models import GuidePage
from models_app.measures.models import MeasureIndexPage
from models_app.model.models import ElementPage
from models_app.services.models import ServicePage
from tests.factories import ROOT, demo_document, imported, load
from tests.helpers import local_path, page_of_every_type

NYNORSK_PATH = ROOT / "fixtures" / "demo-nn.json"
NYNORSK_HOST = "lidal.localhost"  # Chromium resolves every *.localhost to this machine
LOGIN_PATH = "/logg-inn/"  # the employees' login page in the site's look
NOT_FOUND_PATH = "/denne-siden-finnes-ikke/"
SEARCH_PATHS = ["/sok/", "/sok/?q=barn"]
# Routes that are feeds, not pages: the calendars and the change log's Atom feed.
NOT_HTML_ENDINGS = (".ics", "/feed/")
# HTML views outside the page tree: the embedded model and the page "Åpne data".
EMBED_LABEL = "embedded model"
VIEW_PATHS = [(EMBED_LABEL, "/innebygd/"), ("open data", "/data/")]
EMPLOYEE_PATHS = [("ModelIndexPage", "/"), ("search", "/sok/?q=rutine")]


@dataclass(frozen=True)
class DemoPage:
    who: str  # "anonymous" or "employee"
    label: str  # the page type, or what the address shows
    host: str
    path: str

    def __str__(self):
        return f"{self.who} {self.label} {self.host}{self.path}"

    @property
    def framed(self):
        """Shown in a frame on another website: no banner, footer or skip link of its own."""
        return self.label == EMBED_LABEL


def import_demo_sites():
    """The bokmål demo (Fjordvik, the default site) and the nynorsk one (Lidal, its own host)."""
    imported(demo_document())
    imported(load(NYNORSK_PATH), hostname=NYNORSK_HOST)


def filtered_paths(root):
    paths = []
    measure_index = MeasureIndexPage.objects.live().descendant_of(root).first()
    if measure_index:
        query = "?malgruppe=barn&alder=8&tilgang=selvhenvisning"
        paths.append(local_path(measure_index) + query)
    guide = GuidePage.objects.live().descendant_of(root).first()
    service = ServicePage.objects.live().descendant_of(root).first()
    if guide and service:
        paths.append(f"{local_path(guide)}?tjeneste={service.exchange_id}")
    marked = model_service(root)
    if marked:  # "Jeg jobber i …" on the model page: marks and a count in each cell
        paths.append(f"{local_path(root)}?tjeneste={marked.exchange_id}")
    return paths


def model_service(root):
    """A service (not a sector) that an element of the model names, or None."""
    for element in ElementPage.objects.live().descendant_of(root):
        for service in element.service_pages:
            if service.service_kind not in ("kommune", "sektor"):
                return service
    return None


def candidate_paths(site, internal):
    """[(label, path)] of each page type of the site, and the page types it has none of."""
    restricted = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
    candidates, missing = page_of_every_type(site.root_page, restricted, internal)
    if internal:
        candidates = EMPLOYEE_PATHS + candidates
    else:
        candidates += [("filtered list", path) for path in filtered_paths(site.root_page)]
        candidates += [("search", path) for path in SEARCH_PATHS]
        candidates += VIEW_PATHS
    return candidates, missing


def page_type_urls(site):
    """{label: path} of one public HTML page of every type on the site (with routes, filtered
    lists and search); fails when the site lacks a page type."""
    candidates, missing = candidate_paths(site, internal=False)
    assert not missing, f"{site.hostname} has no public page of {missing}"
    return {
        f"{label} {path}": path for label, path in candidates if not path.endswith(NOT_HTML_ENDINGS)
    }


def demo_pages(user=None):
    """The HTML pages to check on every site, and problems found while listing them.

    Anonymous: every public page type, routes, filters, search and the 404 page. Employee
    (`user`): the model page and search as they see them, and every internal page type."""
    client = Client()
    if user is not None:
        client.force_login(user)
    who = "anonymous" if user is None else "employee"
    pages, problems = [], []
    for site in Site.objects.order_by("-is_default_site", "hostname"):
        candidates, missing = candidate_paths(site, internal=user is not None)
        if user is None and missing:
            problems.append(f"{site.hostname}: no live public page of {', '.join(missing)}")
        for label, path in candidates:
            response = client.get(path, HTTP_HOST=site.hostname)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue  # e.g. the calendar feed route
            if response.status_code != 200:
                problems.append(f"{label} {site.hostname}{path}: HTTP {response.status_code}")
                continue
            pages.append(DemoPage(who, label, site.hostname, path))
        if user is None:
            pages.append(DemoPage(who, "404 page", site.hostname, NOT_FOUND_PATH))
            pages.append(DemoPage(who, "login page", site.hostname, LOGIN_PATH))
    return pages, problems


def all_demo_pages(employee):
    """Every page anonymously, then the employee's pages; with the problems of listing them."""
    public, problems = demo_pages()
    internal, internal_problems = demo_pages(employee)
    return public + internal, problems + internal_problems
