"""Links between pages of the model, as a visitor may follow them: resolved in bulk, so a page
with many links costs one query for them all."""

from dataclasses import dataclass

from wagtail.models import Page, ReferenceIndex

from .visibility import visibility_for


@dataclass
class ResolvedLink:
    title: str
    url: str
    kind: str = ""
    external: bool = False
    internal: bool = False  # only employees can see the target


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


def duplicate_links(raw_links):
    """How to name each link that is in one list more than once: the page's title or the
    address, once each, in the order of the list."""
    seen, repeated = set(), []
    for item in raw_links:
        value = item.get("value") or {}
        key = ("page", value["page"]) if value.get("page") else ("url", value.get("url") or "")
        if key[1] and key in seen and key not in repeated:
            repeated.append(key)
        seen.add(key)
    titles = dict(
        Page.objects.filter(id__in=[pk for kind, pk in repeated if kind == "page"]).values_list(
            "id", "title"
        )
    )
    return [titles.get(pk, str(pk)) if kind == "page" else pk for kind, pk in repeated]
