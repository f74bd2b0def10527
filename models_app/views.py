"""What the public pages show, assembled with a fixed number of queries per page."""

from dataclasses import dataclass, field

from wagtail.models import Page, ReferenceIndex

from . import choices
from .visibility import visibility_for


@dataclass
class ResolvedLink:
    title: str
    url: str
    kind: str = ""
    external: bool = False
    internal: bool = False  # only employees can see the target


@dataclass
class Cell:
    level: str
    dimension: str
    title: str
    elements: list = field(default_factory=list)


def link_page_ids(raw_links):
    return [item["value"].get("page") for item in raw_links if item["value"].get("page")]


def fetch_visible_pages(page_ids, request):
    """Generic pages by id, as far as this visitor may see them: one query."""
    if not page_ids:
        return {}
    visibility = visibility_for(request)
    pages = visibility.filter(Page.objects.filter(id__in=set(page_ids)))
    return {page.id: page for page in pages}


def page_link(page, request):
    visibility = visibility_for(request)
    return ResolvedLink(
        title=page.title,
        url=page.get_url(request),
        kind=page.specific_class._meta.verbose_name if page.specific_class else "",
        internal=visibility.is_private(page),
    )


def resolve_link_lists(raw_link_lists, request):
    """Turn raw LinkBlock data of many objects into visible links, with one query in all."""
    targets = fetch_visible_pages(
        [page_id for raw in raw_link_lists for page_id in link_page_ids(raw)], request
    )
    resolved = []
    for raw in raw_link_lists:
        links = []
        for item in raw:
            value = item["value"]
            if value.get("page"):
                if value["page"] in targets:
                    links.append(page_link(targets[value["page"]], request))
            elif value.get("url"):
                links.append(
                    ResolvedLink(
                        title=value.get("title") or value["url"], url=value["url"], external=True
                    )
                )
        resolved.append(links)
    return resolved


def page_links(page, request):
    return resolve_link_lists([page.links.raw_data], request)[0]


def visible_children(page, request, model=None):
    queryset = model.objects.child_of(page) if model else page.get_children().specific()
    return list(visibility_for(request).filter(queryset).order_by("path"))


def model_grid(model_page, request):
    """The 3 × 2 grid: every cell with its visible elements in order, and their links."""
    from .pages import ElementPage, LevelPage

    visibility = visibility_for(request)
    levels = {
        level.level: level for level in visibility.filter(LevelPage.objects.child_of(model_page))
    }
    elements = list(
        visibility.filter(ElementPage.objects.descendant_of(model_page)).order_by("path")
    )
    link_lists = resolve_link_lists([element.links.raw_data for element in elements], request)
    rows = []
    for level_key, level_label in choices.LEVELS:
        level_page = levels.get(level_key)
        cells = [
            Cell(level_key, dimension_key, model_page.dimension_title(dimension_key))
            for dimension_key, _label in choices.DIMENSIONS
        ]
        if level_page:
            for element, links in zip(elements, link_lists, strict=True):
                if element.path.startswith(level_page.path):
                    cell = cells[0] if element.dimension == "kultur" else cells[1]
                    cell.elements.append({"page": element, "links": links})
        rows.append(
            {
                "key": level_key,
                "page": level_page,
                "title": level_page.title if level_page else level_label,
                "cells": cells,
            }
        )
    return rows


def level_cells(level_page, request):
    from .pages import ElementPage, ModelIndexPage

    model_page = ModelIndexPage.objects.ancestor_of(level_page).first()
    elements = visible_children(level_page, request, model=ElementPage)
    cells = []
    for dimension_key, _label in choices.DIMENSIONS:
        title = model_page.dimension_title(dimension_key) if model_page else _label
        cell = Cell(level_page.level, dimension_key, title)
        cell.elements = [{"page": e} for e in elements if e.dimension == dimension_key]
        cells.append(cell)
    return cells


def used_in(page, request):
    """The visible pages of the model that link to this page ("Brukes i modellen")."""
    source_ids = (
        ReferenceIndex.get_references_to(page)
        .filter(base_content_type=ReferenceIndex._get_base_content_type(Page))
        .values_list("object_id", flat=True)
    )
    sources = visibility_for(request).filter(
        Page.objects.filter(id__in=[int(pk) for pk in source_ids]).exclude(id=page.id)
    )
    return [page_link(source, request) for source in sources.order_by("path")]


def model_page_for(page, request):
    """The ModelIndexPage a page belongs to, looked up once per request."""
    from .pages import ModelIndexPage

    if not hasattr(request, "_samhandling_model_page"):
        request._samhandling_model_page = ModelIndexPage.objects.ancestor_of(
            page, inclusive=True
        ).first()
    return request._samhandling_model_page


def interface_language(model_page):
    """The interface speaks the content's language where we have a catalogue, else bokmål."""
    language = model_page.language if model_page else ""
    return language if language in ("nb", "nn", "en") else "nb"


def frame_pages(children):
    """The concern, accessibility and change-log pages among the model page's visible children,
    as {"concern": page, "accessibility": page, "change_log": page} (generic pages; missing
    ones left out), for the model page's entry and every page's footer."""
    from .pages import AccessibilityPage, ChangeLogPage, ConcernPage

    keys = {ConcernPage: "concern", AccessibilityPage: "accessibility", ChangeLogPage: "change_log"}
    found = {}
    for child in children:
        key = keys.get(child.specific_class)  # content types are cached: no query
        if key:
            found.setdefault(key, child)
    return found


def model_frame_pages(model_page, request):
    """frame_pages for a page rendered without page_frame (the 404 page): one query."""
    if model_page is None:
        return {}
    return frame_pages(visibility_for(request).filter(model_page.get_children()).order_by("path"))


def page_frame(page, request):
    """What every page of a model shows around its content: the model, navigation, breadcrumbs."""
    model_page = model_page_for(page, request)
    if model_page is None:
        return {}
    ancestors = [a for a in page.get_ancestors() if a.depth >= model_page.depth]
    children = list(visibility_for(request).filter(model_page.get_children()).order_by("path"))
    return {
        "model_page": model_page,
        "nav_sections": [child for child in children if child.show_in_menus],
        "frame_pages": frame_pages(children),
        "breadcrumbs": ancestors,
        "is_internal": visibility_for(request).is_private(page),
    }


def visible_contacts(concern_page, request):
    """The concern page's chosen services that this visitor may see, in the chosen order: one
    query however many there are."""
    from .pages import ServicePage

    ids = [item["value"] for item in concern_page.contacts.raw_data if item["value"]]
    if not ids:
        return []
    found = visibility_for(request).filter(ServicePage.objects.filter(id__in=set(ids)))
    by_id = {service.id: service for service in found}
    return list({page_id: by_id[page_id] for page_id in ids if page_id in by_id}.values())
