"""Links between pages of the model, as a visitor may follow them: resolved in bulk, so a page
with many links costs one query for them all."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page, ReferenceIndex

from .tree import LISTED_PAGE_VALUES, page_urls
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


def fetch_visible_links(page_ids, request):
    """The links to the pages by id, as far as this visitor may see them: one query."""
    if not page_ids:
        return {}
    visibility = visibility_for(request)
    return row_links(
        link_rows(visibility.filter(Page.objects.filter(id__in=set(page_ids)))), request
    )


def link_rows(pages):
    """The pages of a queryset as rows of LISTED_PAGE_VALUES with their "kind": a link needs
    no page object. Each kind is translated once, not once per link."""
    rows = list(pages.values(*LISTED_PAGE_VALUES))
    kinds = {}
    for row in rows:
        content_type_id = row["content_type_id"]
        if content_type_id not in kinds:
            kinds[content_type_id] = page_kind(content_type_id)
        row["kind"] = kinds[content_type_id]
    return rows


def page_kind(content_type_id):
    """The name of a page's type ("plan", "routine" …) in the active language, from the
    cached content type."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return str(model._meta.verbose_name) if model else ""


def row_links(rows, request):
    """The links to pages read as link rows (see link_rows), by page id."""
    urls, visibility = page_urls(request), visibility_for(request)
    return {
        row["id"]: ResolvedLink(
            title=row["title"],
            url=urls.url(row["url_path"]),
            kind=row["kind"],
            internal=visibility.is_private_path(row["path"]),
        )
        for row in rows
    }


def page_link(page, request):
    return ResolvedLink(
        title=page.title,
        url=page_urls(request).url(page.url_path),
        kind=page_kind(page.content_type_id),
        internal=visibility_for(request).is_private(page),
    )


def resolve_link_lists(raw_link_lists, request):
    """Turn raw LinkBlock data of many objects into visible links, with one query in all."""
    targets = fetch_visible_links(
        [page_id for raw in raw_link_lists for page_id in link_page_ids(raw)], request
    )
    resolved = []
    for raw in raw_link_lists:
        links = []
        for item in raw:
            value = item["value"]
            if value.get("page"):
                if value["page"] in targets:
                    links.append(targets[value["page"]])
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
    return list(row_links(link_rows(sources.order_by("path")), request).values())


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
