"""The handlingsveileder: the flow from worry to action, one level, or all of it for print.

Every view here costs a fixed number of queries, however many levels, steps and tools the
guide has: the steps are read from the StreamField's raw data (page ids only), and the tools
(with their documents), the services and the pages the steps link to are each fetched in one
query for the whole page. The templates get plain dicts and never touch `page.steps`.

"Jeg jobber i …": `?tjeneste=<exchange id of a service>` highlights the steps that concern that
service. The choice lives in the URL only, and every link between the guide's pages keeps it.
"""

import os
import re
from urllib.parse import urlencode, urlsplit

from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from .views import model_page_for, resolve_link_lists
from .visibility import visibility_for

SERVICE_PARAMETER = "tjeneste"

# Step bodies are expanded in one pass (one query per link type for the whole page); this
# marker, which the rich text editor never writes, separates them again.
BODY_SEPARATOR = "<!--samhandling:step-->"

# File types people recognise, by extension; anything else shows its extension in capitals.
FILE_TYPES = {
    "doc": "Word",
    "docx": "Word",
    "odt": "ODT",
    "xlsx": "Excel",
    "ods": "ODS",
    "pptx": "PowerPoint",
    "txt": "TXT",
    "csv": "CSV",
    "pdf": "PDF",
}


# Small helpers --------------------------------------------------------------------------------


def absolute_url(request, url):
    """The address to print after a link: absolute, so that it works on paper."""
    if not url or request is None or urlsplit(url).scheme:
        return url
    return request.build_absolute_uri(url)


def raw_items(raw_list):
    """The values of a ListBlock's raw data, in either of the formats Wagtail stores."""
    values = []
    for item in raw_list or []:
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            values.append(item["value"])
        else:
            values.append(item)
    return values


def file_type(name, known_only=False):
    """ "PDF", "Word" …: the type of a file by its name; for a web address only known types."""
    extension = os.path.splitext(urlsplit(name or "").path)[1][1:].lower()
    return FILE_TYPES.get(extension, "" if known_only else extension.upper())


def file_size_label(size):
    """120 000 bytes → "120 kB"; 2 500 000 → "2,5 MB" (decimal units, local number format)."""
    if size is None:
        return ""
    if size < 1000:
        return _("%(size)s bytes") % {"size": size}
    if size < 1000 * 1000:
        return _("%(size)s kB") % {"size": number_format(round(size / 1000))}
    return _("%(size)s MB") % {"size": number_format(round(size / 1000 / 1000, 1), 1)}


def document_size(document):
    if document.file_size is not None:
        return document.file_size
    try:
        return document.file.size
    except (OSError, ValueError):  # the file is missing from storage
        return None


def restricted_collection_paths():
    from wagtail.models import CollectionViewRestriction

    return tuple(CollectionViewRestriction.objects.values_list("collection__path", flat=True))


# Services and the visitor's choice ------------------------------------------------------------


def visible_services(page, request):
    """Every service of the model this visitor may see, in the order of the organisation tree:
    one query. Used for the "Jeg jobber i …" list and to resolve the steps' services."""
    from .pages import ServicePage

    model_page = model_page_for(page, request)
    services = ServicePage.objects.all()
    if model_page is not None:
        services = services.descendant_of(model_page)
    return list(visibility_for(request).filter(services).order_by("path"))


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


def service_options(services, selected):
    """The services for the select, in alphabetical order: what an employee scans for."""
    return [
        {
            "value": service.exchange_id,
            "label": service.title,
            "selected": selected is not None and service.pk == selected.pk,
        }
        for service in sorted(services, key=lambda service: title_sort_key(service.title))
        if service.exchange_id
    ]


def query_suffix(selected):
    return "?" + urlencode({SERVICE_PARAMETER: selected.exchange_id}) if selected else ""


def service_names(service):
    """What a responsible text may call a service: its title, and a short name in brackets
    ("Pedagogisk-psykologisk tjeneste (PPT)" → also "PPT")."""
    names = [service.title, *re.findall(r"\(([^()]+)\)", service.title)]
    return [name.strip().casefold() for name in names if len(name.strip()) >= 2]


def names_service(text, service):
    text = text.casefold()
    return any(
        re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) for name in service_names(service)
    )


def concerns(step, selected):
    """A step concerns a service when the step involves it or its responsible text names it."""
    if selected is None:
        return False
    if selected.pk in step["involve_ids"]:
        return True
    return bool(step["responsible"]) and names_service(step["responsible"], selected)


# Steps ----------------------------------------------------------------------------------------


def raw_steps(level_page):
    """The level's steps as plain dicts of raw values (ids, not pages): no query."""
    steps = []
    for block in level_page.steps.raw_data:
        if block.get("type") != "step":
            continue
        value = block.get("value") or {}
        steps.append(
            {
                "title": value.get("title", ""),
                "body_html": value.get("body") or "",
                "responsible": (value.get("responsible") or "").strip(),
                "tool_ids": [pk for pk in raw_items(value.get("tools")) if pk],
                "involve_ids": [pk for pk in raw_items(value.get("involve")) if pk],
                "raw_links": [
                    item if isinstance(item, dict) and "value" in item else {"value": item}
                    for item in value.get("links") or []
                ],
            }
        )
    return steps


def tool_entries(tool_ids, request):
    """Visible tools by id with what it takes to open them: one query (two for an anonymous
    visitor when a tool has a document, to leave out documents in private collections)."""
    from .pages import ToolPage

    if not tool_ids:
        return {}
    visibility = visibility_for(request)
    tools = list(
        visibility.filter(ToolPage.objects.filter(id__in=set(tool_ids))).select_related(
            "document__collection"
        )
    )
    private_collections = ()
    if not visibility.is_employee and any(tool.document_id for tool in tools):
        private_collections = restricted_collection_paths()
    entries = {}
    for tool in tools:
        url = tool.get_url(request)
        entry = {
            "title": tool.title,
            "url": url,
            "print_url": absolute_url(request, url),
            "internal": visibility.is_private(tool),
            "file": None,
        }
        document = tool.document
        if document is not None and not (
            private_collections and document.collection.path.startswith(private_collections)
        ):
            entry["file"] = {
                "url": document.url,
                "print_url": absolute_url(request, document.url),
                "type": file_type(document.filename),
                "size": file_size_label(document_size(document)),
                "external": False,
            }
        elif tool.document_url:
            entry["file"] = {
                "url": tool.document_url,
                "print_url": tool.document_url,
                "type": file_type(tool.document_url, known_only=True),
                "size": "",
                "external": True,
            }
        entries[tool.pk] = entry
    return entries


def expand_bodies(bodies):
    """Rich text of many steps expanded together, so that page and document links in them cost
    one query per link type for the whole page rather than one per step."""
    if not any(bodies):
        return [""] * len(bodies)
    expanded = expand_db_html(BODY_SEPARATOR.join(bodies)).split(BODY_SEPARATOR)
    if len(expanded) != len(bodies):  # a body held the separator itself: expand one by one
        expanded = [expand_db_html(body) if body else "" for body in bodies]
    return [mark_safe(html) for html in expanded]  # noqa: S308 - editor's rich text, as |richtext


def resolve_levels(level_pages, request, services, selected):
    """The levels with their steps, tools, services and links resolved in bulk."""
    visibility = visibility_for(request)
    services_by_id = {service.pk: service for service in services}
    raw = [(level, raw_steps(level)) for level in level_pages]
    all_steps = [step for _level, steps in raw for step in steps]

    tools = tool_entries([pk for step in all_steps for pk in step["tool_ids"]], request)
    link_lists = resolve_link_lists([step["raw_links"] for step in all_steps], request)
    bodies = expand_bodies([step["body_html"] for step in all_steps])
    suffix = query_suffix(selected)

    levels, index = [], 0
    for level, steps in raw:
        level_url = level.get_url(request)
        resolved = []
        for number, step in enumerate(steps, start=1):
            links = [
                {
                    "title": link.title,
                    "url": link.url,
                    "print_url": absolute_url(request, link.url),
                    "kind": link.kind,
                    "internal": link.internal,
                }
                for link in link_lists[index]
            ]
            involve = []
            for pk in step["involve_ids"]:
                service = services_by_id.get(pk)
                if service is not None:
                    url = service.get_url(request)
                    involve.append(
                        {
                            "title": service.title,
                            "url": url,
                            "print_url": absolute_url(request, url),
                            "internal": visibility.is_private(service),
                            "chosen": selected is not None and pk == selected.pk,
                        }
                    )
            resolved.append(
                {
                    "number": number,
                    "anchor": f"steg-{number}",
                    "print_anchor": f"niva-{level.pk}-steg-{number}",
                    "title": step["title"],
                    "body": bodies[index],
                    "responsible": step["responsible"],
                    "tools": [tools[pk] for pk in step["tool_ids"] if pk in tools],
                    "involve": involve,
                    "links": links,
                    "mine": concerns(step, selected),
                }
            )
            index += 1
        levels.append(
            {
                "page": level,
                "id": level.pk,
                "number": level.number,
                "title": level.title,
                # Titles like "Nivå 0 – Undring" already say which level they are.
                "title_has_number": bool(re.search(rf"(?<!\d){level.number}(?!\d)", level.title)),
                "summary": level.summary,
                "escalate_when": level.escalate_when,
                "internal": visibility.is_private(level),
                "url": level_url + suffix,
                "print_url": absolute_url(request, level_url),
                "steps": resolved,
                "mine_count": sum(1 for step in resolved if step["mine"]),
            }
        )
    for current, following in zip(levels, levels[1:], strict=False):
        current["next"] = following
    return levels


def visible_levels(guide_page, request):
    from .pages import GuideLevelPage

    levels = visibility_for(request).filter(GuideLevelPage.objects.child_of(guide_page))
    return list(levels.order_by("number", "path"))


# The three views -----------------------------------------------------------------------------


def choice_context(page, request, services, selected, unknown, levels):
    step_count = sum(len(level["steps"]) for level in levels)
    mine_count = sum(level["mine_count"] for level in levels)
    path = page.get_url(request)
    return {
        "service_parameter": SERVICE_PARAMETER,
        "service_options": service_options(services, selected),
        "selected_service": selected,
        "unknown_service": unknown,
        "query_suffix": query_suffix(selected),
        "form_action": path,
        "step_count": step_count,
        "mine_count": mine_count,
        "page_print_url": absolute_url(request, path),
    }


def guide_links(guide_page, request, selected):
    url = guide_page.get_url(request)
    print_url = url + guide_page.reverse_subpage("print")
    suffix = query_suffix(selected)
    return {"guide_url": url + suffix, "guide_print_page_url": print_url + suffix}


def guide_context(guide_page, request):
    services = visible_services(guide_page, request)
    selected, unknown = service_choice(request, services)
    levels = resolve_levels(visible_levels(guide_page, request), request, services, selected)
    return {
        "guide": guide_page,
        "levels": levels,
        **guide_links(guide_page, request, selected),
        **choice_context(guide_page, request, services, selected, unknown, levels),
    }


def guide_level_context(level_page, request):
    from .pages import GuideLevelPage, GuidePage

    guide_page = GuidePage.objects.filter(path=level_page.path[: -Page.steplen]).first()
    services = visible_services(level_page, request)
    selected, unknown = service_choice(request, services)
    suffix = query_suffix(selected)
    level = resolve_levels([level_page], request, services, selected)[0]

    # Previous and next level: the visible siblings, without their steps.
    siblings = visibility_for(request).filter(GuideLevelPage.objects.sibling_of(level_page))
    siblings = list(siblings.order_by("number", "path"))
    position = next((i for i, s in enumerate(siblings) if s.pk == level_page.pk), None)
    previous_level = next_level = None
    if position is not None:
        if position > 0:
            previous_level = siblings[position - 1]
        if position + 1 < len(siblings):
            next_level = siblings[position + 1]

    def neighbour(page):
        if page is None:
            return None
        url = page.get_url(request)
        return {
            "title": page.title,
            "number": page.number,
            "url": url + suffix,
            "print_url": absolute_url(request, url),
        }

    context = {
        "level": level,
        "steps": level["steps"],
        "previous_level": neighbour(previous_level),
        "next_level": neighbour(next_level),
        "guide": guide_page,
        **choice_context(level_page, request, services, selected, unknown, [level]),
    }
    if guide_page is not None:
        context.update(guide_links(guide_page, request, selected))
    return context


def whole_guide_context(guide_page, request):
    context = guide_context(guide_page, request)
    path = guide_page.get_url(request) + guide_page.reverse_subpage("print")
    context["form_action"] = path
    context["page_print_url"] = absolute_url(request, path)
    return context
