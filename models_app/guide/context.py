"""The handlingsveileder: the flow from worry to action, one level, or all of it for print.

Every view here costs a fixed number of queries, however many levels, steps and tools the
guide has: the steps are read from the StreamField's raw data (page ids only), and the tools
(with their documents), the services and the pages the steps link to are each fetched in one
query for the whole page. The templates get plain dicts and never touch `page.steps`.

"Jeg jobber i …": `?tjeneste=<exchange id of a service>` highlights the steps that concern that
service. The choice lives in the URL only, and every link between the guide's pages keeps it.
"""

import re
from urllib.parse import urlsplit

from django.utils.safestring import mark_safe

from wagtail.rich_text import expand_db_html

from models_app.core.files import document_file, external_file
from models_app.core.links import resolve_link_lists
from models_app.core.params import SERVICE_PARAMETER
from models_app.core.service_choice import (
    is_choosable,
    names_service,
    query_suffix,
    service_choice,
    service_options,
    visible_services,
)
from models_app.core.streams import raw_list_items
from models_app.core.visibility import visibility_for
from models_app.tools.models import ToolPage

# Step bodies are expanded in one pass (one query per link type for the whole page); this
# marker, which the rich text editor never writes, separates them again.
BODY_SEPARATOR = "<!--samhandling:step-->"

# Small helpers --------------------------------------------------------------------------------


def absolute_url(request, url):
    """The address to print after a link: absolute, so that it works on paper."""
    if not url or request is None or urlsplit(url).scheme:
        return url
    return request.build_absolute_uri(url)


# Services and the visitor's choice ------------------------------------------------------------


def participants(raw_levels, services):
    """The services that take part in the guide: involved in a step, or named by a step's
    responsible text. Sectors and the municipality itself are never among them."""
    taking_part = set()
    for steps in raw_levels:
        for step in steps:
            taking_part.update(step["involve_ids"])
            if step["responsible"]:
                taking_part.update(
                    service.pk
                    for service in services
                    if names_service(step["responsible"], service)
                )
    return [service for service in services if service.pk in taking_part and is_choosable(service)]


def concerns(step, selected):
    """A step concerns a service when the step involves it or its responsible text names it."""
    if selected is None:
        return False
    if selected.pk in step["involve_ids"]:
        return True
    return bool(step["responsible"]) and names_service(step["responsible"], selected)


def for_every_service(step, services):
    """A step is for every service when its responsible is a role every service has ("Den
    ansatte som undrer seg", "Stafettholder"), not a named service; a step with neither a
    responsible nor services to involve is for everyone too."""
    if not step["responsible"]:
        return not step["involve_ids"]
    return not any(names_service(step["responsible"], service) for service in services)


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
                "deadline": (value.get("deadline") or "").strip(),
                "tool_ids": [pk for pk in raw_list_items(value.get("tools")) if pk],
                "involve_ids": [pk for pk in raw_list_items(value.get("involve")) if pk],
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
    if not tool_ids:
        return {}
    visibility = visibility_for(request)
    tools = list(
        visibility.filter(ToolPage.objects.filter(id__in=set(tool_ids))).select_related("document")
    )
    entries = {}
    for tool in tools:
        url = tool.get_url(request)
        entry = {
            "title": tool.title,
            "url": url,
            "print_url": absolute_url(request, url),
            "internal": visibility.is_private(tool),
            "file": tool_file_link(tool, visibility, request),
        }
        entries[tool.pk] = entry
    return entries


def tool_file_link(tool, visibility, request):
    """The tool's file as the guide links it; a document in a private collection only for
    the municipality's employees (anyone else gets its external address, if any)."""
    document = tool.document
    if document is not None and visibility.can_see_document(document):
        file = document_file(document, request)
        file.print_url = absolute_url(request, document.url)
        return file
    return external_file(tool.document_url) if tool.document_url else None


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
    # The levels' notices are expanded with the steps: still one pass for the whole page.
    notice_bodies = [level.notice_body or "" for level, _steps in raw]
    bodies = expand_bodies([step["body_html"] for step in all_steps] + notice_bodies)
    notices = bodies[len(all_steps) :]
    suffix = query_suffix(selected)

    levels, index = [], 0
    for position, (level, steps) in enumerate(raw):
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
                    "deadline": step["deadline"],
                    "tools": [tools[pk] for pk in step["tool_ids"] if pk in tools],
                    "involve": involve,
                    "links": links,
                    "mine": concerns(step, selected),
                    "everyone": for_every_service(step, services),
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
                "notice": notice(level, notices[position]),
                "internal": visibility.is_private(level),
                "url": level_url + suffix,
                "print_url": absolute_url(request, level_url),
                "steps": resolved,
                "mine_count": sum(1 for step in resolved if step["mine"]),
                "everyone_count": sum(
                    1 for step in resolved if step["everyone"] and not step["mine"]
                ),
            }
        )
    for current, following in zip(levels, levels[1:], strict=False):
        current["next"] = following
    return levels


def notice(level, body):
    """The level's warning, shown before its steps (None when the level has none)."""
    if not level.notice_title.strip():
        return None
    return {"id": f"notice-{level.pk}", "title": level.notice_title, "body": body}


def visible_levels(levels, request):
    """The levels (a queryset) this visitor may see, by number."""
    return list(visibility_for(request).filter(levels).order_by("number", "path"))


# The three views -----------------------------------------------------------------------------


def choice_context(page, request, services, selected, unknown, levels, guide_levels):
    """The "Jeg jobber i …" form and summary; `guide_levels` are every visible level of the
    guide (level pages), whose steps decide which services take part."""
    step_count = sum(len(level["steps"]) for level in levels)
    mine_count = sum(level["mine_count"] for level in levels)
    everyone_count = sum(level["everyone_count"] for level in levels)
    taking_part = participants([raw_steps(level) for level in guide_levels], services)
    path = page.get_url(request)
    return {
        "service_parameter": SERVICE_PARAMETER,
        "service_options": service_options(services, selected, taking_part),
        "selected_service": selected,
        "unknown_service": unknown,
        "query_suffix": query_suffix(selected),
        "form_action": path,
        "step_count": step_count,
        "mine_count": mine_count,
        "everyone_count": everyone_count,
        "page_print_url": absolute_url(request, path),
    }


def guide_links(guide_page, request, selected):
    url = guide_page.get_url(request)
    print_url = url + guide_page.reverse_subpage("print")
    suffix = query_suffix(selected)
    return {"guide_url": url + suffix, "guide_print_page_url": print_url + suffix}


def guide_context(guide_page, levels, request):
    """The overview: every level (`levels`, the guide's level pages) with its steps."""
    services = visible_services(guide_page, request)
    selected, unknown = service_choice(request, services)
    level_pages = visible_levels(levels, request)
    levels = resolve_levels(level_pages, request, services, selected)
    return {
        "guide": guide_page,
        "levels": levels,
        **guide_links(guide_page, request, selected),
        **choice_context(guide_page, request, services, selected, unknown, levels, level_pages),
    }


def guide_level_context(level_page, guide_page, siblings, request):
    """One level with its steps, and its neighbours among `siblings` (the other levels)."""
    services = visible_services(level_page, request)
    selected, unknown = service_choice(request, services)
    suffix = query_suffix(selected)
    level = resolve_levels([level_page], request, services, selected)[0]

    # Previous and next level: the visible siblings, without their steps.
    siblings = visible_levels(siblings, request)
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
        **choice_context(level_page, request, services, selected, unknown, [level], siblings),
    }
    if guide_page is not None:
        context.update(guide_links(guide_page, request, selected))
    return context


def whole_guide_context(guide_page, levels, request):
    context = guide_context(guide_page, levels, request)
    path = guide_page.get_url(request) + guide_page.reverse_subpage("print")
    context["form_action"] = path
    context["page_print_url"] = absolute_url(request, path)
    return context
