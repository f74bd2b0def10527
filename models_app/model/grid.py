"""The grid of the model page and of a level page: cells of visible elements, in order.

The pages pass in their own querysets, so this helper imports no page type. The model page
costs a fixed number of queries however many elements it has: the levels, the elements and,
for all their links together, the linked pages; and one for the services of "Jeg jobber i …".

"Jeg jobber i …" (`?tjeneste=<exchange id>`, the guide's rule from core.service_choice): an
element concerns the chosen service when its services name it or its responsible text does;
it is marked in words and each cell counts its marked elements. The choice is read from the
address only, and the elements' services are read from their raw data (page ids): no query.
"""

import html
from dataclasses import dataclass, field

from django.db.models import JSONField
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from wagtail.models import Page

from models_app.core import choices
from models_app.core.links import resolve_link_lists
from models_app.core.params import SERVICE_PARAMETER
from models_app.core.service_choice import (
    is_choosable,
    names_service,
    service_choice,
    service_options,
    visible_services,
)
from models_app.core.sites import model_page_for
from models_app.core.streams import raw_list_items
from models_app.core.tree import LISTED_PAGE_VALUES, page_urls
from models_app.core.visibility import visibility_for

# The columns the grid shows of an element (and those its address and the privacy checks
# need), read as rows: the grid makes no page objects, and an element's body, review and
# other fields are never read.
ELEMENT_VALUES = (*LISTED_PAGE_VALUES, "exchange_id", "summary", "dimension", "responsible")
# Its services and links as their raw JSON (page ids), not as StreamValues.
ELEMENT_RAW_DATA = {
    "service_data": Cast("services", JSONField()),
    "link_data": Cast("links", JSONField()),
}


@dataclass
class Cell:
    level: str
    dimension: str
    title: str
    elements: list = field(default_factory=list)

    @property
    def elements_html(self):
        """The cell's `<li>` elements (see ElementMarkup), one string for the template."""
        return mark_safe("\n".join(element["html"] for element in self.elements))  # noqa: S308

    @property
    def mine_count(self):
        return sum(1 for element in self.elements if element.get("mine"))


def element_service_ids(element):
    """The ids of the services an element (a row) names, from its raw data: no query."""
    return {pk for pk in raw_list_items(element["service_data"]) if pk}


def element_concerns(element, selected):
    """The guide's rule for an element: its services name the service, or its responsible
    text does ("Helsestasjonen har ansvaret")."""
    if selected is None:
        return False
    if selected.pk in element_service_ids(element):
        return True
    responsible = element["responsible"]
    return bool(responsible.strip()) and names_service(responsible, selected)


def element_participants(elements, services):
    """The services the select offers: those an element names, in its services or its
    responsible text; sectors and the municipality itself are never among them."""
    named = set()
    for element in elements:
        named |= element_service_ids(element)
        if element["responsible"].strip():  # only services not named yet: each text costs
            unnamed = (s for s in services if s.pk not in named)
            named |= {s.pk for s in unnamed if names_service(element["responsible"], s)}
    return [service for service in services if service.pk in named and is_choosable(service)]


def service_filter(model_page, elements, request):
    """The "Jeg jobber i …" form of the model page: one query (the visible services)."""
    services = visible_services(model_page, request)
    selected, unknown = service_choice(request, services)
    options = service_options(services, selected, element_participants(elements, services))
    return {
        "service_parameter": SERVICE_PARAMETER,
        "service_options": options,
        "selected_service": selected,
        "unknown_service": unknown,
        "form_action": model_page.get_url(request),
        "element_count": len(elements),
        "mine_count": sum(1 for element in elements if element_concerns(element, selected)),
    }


def model_grid(model_page, levels, elements, request, selected=None):
    """The 3 × 2 grid: every cell with its visible elements in order, and their links; with a
    `selected` service, the elements that concern it are marked ("mine").
    `levels` and `elements` are the model's level and element pages (querysets)."""
    return grid_rows(model_page, levels, visible_elements(elements, request), request, selected)


def grid_rows(model_page, levels, elements, request, selected=None):
    """The grid of `elements`, the rows of the visible elements in tree order (see
    model_grid). Each element in a cell is its row, with the links this visitor may follow
    and whether it is "mine"."""
    levels = {level["level"]: level for level in level_rows(levels, request)}
    link_lists = resolve_link_lists([element["link_data"] for element in elements], request)
    markup = ElementMarkup()
    rows = []
    for level_key, level_label in choices.LEVELS:
        level_page = levels.get(level_key)
        cells = [
            Cell(level_key, dimension_key, model_page.dimension_title(dimension_key))
            for dimension_key, _label in choices.DIMENSIONS
        ]
        if level_page:
            for element, links in zip(elements, link_lists, strict=True):
                if element["path"][: -Page.steplen] == level_page["path"]:
                    cell = cells[0] if element["dimension"] == "kultur" else cells[1]
                    element["mine"] = element_concerns(element, selected)
                    element["html"] = markup.item(element, links)
                    cell.elements.append(element)
        rows.append(
            {
                "key": level_key,
                "page": level_page,
                "title": level_page["title"] if level_page else level_label,
                "cells": cells,
            }
        )
    return rows


def level_rows(levels, request):
    """The levels (a queryset) this visitor may see, as rows with their address ("url")."""
    urls = page_urls(request)
    rows = (
        visibility_for(request)
        .filter(levels)
        .values("level", "title", "summary", "path", "url_path")
    )
    return [{**row, "url": urls.url(row["url_path"])} for row in rows]


def visible_elements(elements, request):
    """The elements (a queryset) this visitor may see, in tree order, as rows of the columns
    the grid shows (ELEMENT_VALUES) with their address ("url") and whether they are internal
    ("private")."""
    visibility, urls = visibility_for(request), page_urls(request)
    rows = list(
        visibility.filter(elements).order_by("path").values(*ELEMENT_VALUES, **ELEMENT_RAW_DATA)
    )
    for row in rows:
        row["url"] = urls.url(row["url_path"])
        row["private"] = visibility.is_private_path(row["path"])
    return rows


def level_cells(level_page, elements, request):
    """A level's two cells with its visible elements (`elements`: its element pages)."""
    model_page = model_page_for(level_page, request)
    elements = list(visibility_for(request).filter(elements).order_by("path"))
    cells = []
    for dimension_key, label in choices.DIMENSIONS:
        title = model_page.dimension_title(dimension_key) if model_page else label
        cell = Cell(level_page.level, dimension_key, title)
        cell.elements = [{"page": e} for e in elements if e.dimension == dimension_key]
        cells.append(cell)
    return cells


# One element of a cell, with the panel model.js opens in place: written here, not in grid.html,
# because a model has dozens of elements and about a hundred links, and the template language's
# lookups and escaping per variable were a sixth of the model page's CPU (docs/operations.md).
# Every value is escaped as the template would escape it. The badges are their templates,
# rendered once per grid; each link is core/components/link_item.html written compact (a test
# holds the two equal: test_the_grid_writes_links_as_the_link_template_does).


def escape(value):
    """Django's escape() (what the template does to a value) without its check for a lazy
    string on every call: the values here are plain strings, or None."""
    return html.escape(str(value))


class ElementMarkup:
    """The markup of a grid's elements, with its words translated once per grid."""

    def __init__(self):
        self.internal_badge = render_to_string("core/components/internal_badge.html")
        self.mine_badge = render_to_string("core/components/mine_badge.html")
        self.read_more = gettext("Read more about %(title)s")
        self.kinds = {}  # "plan" → "Plan", once per page type

    def item(self, element, links):
        """The `<li>` of an element (a row of visible_elements) and its visible `links`."""
        mine = element["mine"]
        url = escape(element["url"])
        title = (
            (self.internal_badge + " " if element["private"] else "")
            + f'<a class="element-link" href="{url}">{escape(element["title"])}</a>'
            + (" " + self.mine_badge if mine else "")
        )
        summary = element["summary"]
        # The title escaped as {% blocktranslate %} escapes it, the sentence as it is.
        read_more = self.read_more % {"title": escape(element["title"])}
        panel = [
            f'<div class="element-panel" id="panel-{escape(element["exchange_id"])}" hidden>',
            f'<p class="element-panel__summary">{escape(summary)}</p>' if summary else "",
            self.link_list(links),
            f'<p class="element-panel__more"><a href="{url}">{read_more}</a></p>',
            "</div>",
        ]
        return mark_safe(  # noqa: S308 -- built of escaped values only
            f'<li id="element-{escape(element["exchange_id"])}" '
            f'class="element{" element--mine" if mine else ""}">\n'
            + title
            + "\n"
            + "\n".join(part for part in panel if part)
            + "\n</li>"
        )

    def link_list(self, links):
        """An element's links (ResolvedLink) as the panel lists them."""
        if not links:
            return ""
        items = [
            f'<li><a href="{escape(link.url)}">{escape(link.title)}</a>'
            + (f' <span class="kind">{self.kind(link.kind)}</span>' if link.kind else "")
            + (" " + self.internal_badge if link.internal else "")
            + "</li>"
            for link in links
        ]
        return (
            '<ul class="link-list link-list--compact" role="list">\n' + "\n".join(items) + "\n</ul>"
        )

    def kind(self, kind):
        if kind not in self.kinds:
            self.kinds[kind] = escape(capfirst(kind))
        return self.kinds[kind]
