""" "Jeg jobber i …": the visitor's service, chosen with `?tjeneste=<exchange id>`.

The guide (which steps concern me) and the model page (which elements concern me) share these
rules: which services a visitor may choose, how the choice is read from the address (never a
cookie), how the select groups the services, and when a "responsible" text names a service.
Service pages are named by string: the services app builds on core, not the reverse.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from django.apps import apps

from models_app.core.params import SERVICE_PARAMETER
from models_app.core.sites import model_page_for
from models_app.core.tree import page_urls
from models_app.core.visibility import visibility_for

SERVICE_PAGE = "services.ServicePage"


@dataclass(frozen=True)
class Service:
    """A service as "Jeg jobber i …" and the guide read it: a row, not a page object (a model
    has dozens of services, and every model page and guide page lists them all)."""

    pk: int
    title: str
    path: str
    url_path: str
    exchange_id: str
    service_kind: str

    def get_url(self, request):
        return page_urls(request).url(self.url_path)


SERVICE_VALUES = ("pk", "title", "path", "url_path", "exchange_id", "service_kind")


def visible_services(page, request):
    """Every service of the model this visitor may see (as Service rows), in the order of the
    organisation tree: one query. Used for the "Jeg jobber i …" list and to resolve the
    steps' services."""
    model_page = model_page_for(page, request)
    services = apps.get_model(SERVICE_PAGE).objects.all()
    if model_page is not None:
        services = services.descendant_of(model_page)
    rows = visibility_for(request).filter(services).order_by("path").values_list(*SERVICE_VALUES)
    return [Service(*row) for row in rows]


def service_choice(request, services):
    """The service chosen with ?tjeneste=, and whether an unknown value was asked for."""
    wanted = (request.GET.get(SERVICE_PARAMETER, "") if request is not None else "").strip()
    if not wanted:
        return None, False
    for service in services:
        if service.exchange_id == wanted:
            return service, False
    return None, True


NORWEGIAN_ORDER = str.maketrans({"æ": "z\u0001", "ø": "z\u0002", "å": "z\u0003"})


def title_sort_key(title):
    """Alphabetical order as in Norwegian: … x y z æ ø å."""
    return title.casefold().translate(NORWEGIAN_ORDER)


# The municipality and its sectors organise services; an employee works in one of the others.
GROUPING_KINDS = ("kommune", "sektor")


def is_choosable(service):
    return bool(service.exchange_id) and service.service_kind not in GROUPING_KINDS


def sector_of(service, services):
    """The nearest sector above a service in the organisation tree (`services` in tree order)."""
    sectors = [
        other
        for other in services
        if other.service_kind == "sektor" and service.path.startswith(other.path)
    ]
    return max(sectors, key=lambda sector: len(sector.path), default=None)


def service_options(services, selected, taking_part):
    """The services taking part in the guide for the select, grouped under their sector (the
    way an employee knows the organisation), alphabetically within a group; services outside
    any sector (external partners) last."""
    groups = {}
    for service in sorted(taking_part, key=lambda service: title_sort_key(service.title)):
        sector = sector_of(service, services)
        key = sector.title if sector is not None else ""
        groups.setdefault(key, []).append(
            {
                "value": service.exchange_id,
                "label": service.title,
                "selected": selected is not None and service.pk == selected.pk,
            }
        )
    ordered = sorted((key for key in groups if key), key=title_sort_key)
    return [
        {"sector": key, "options": groups[key]}
        for key in [*ordered, *([""] if "" in groups else [])]
    ]


def query_suffix(selected):
    return "?" + urlencode({SERVICE_PARAMETER: selected.exchange_id}) if selected else ""


def service_names(title):
    """What a responsible text may call a service with this title: the title, and a short
    name in brackets ("Pedagogisk-psykologisk tjeneste (PPT)" → also "PPT")."""
    names = [title, *re.findall(r"\(([^()]+)\)", title)]
    return [name.strip().casefold() for name in names if len(name.strip()) >= 2]


@lru_cache(maxsize=4096)
def title_pattern(title):
    """One compiled pattern for every name of a service with this title (None: no name):
    made once per title, not once per text it is looked for in."""
    names = service_names(title)
    if not names:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(name) for name in names) + r")(?!\w)")


def names_service(text, service):
    pattern = title_pattern(service.title)
    return pattern is not None and pattern.search(text.casefold()) is not None
