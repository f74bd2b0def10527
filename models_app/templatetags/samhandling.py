"""Template helpers for the public pages: choice labels, visibility, links, the service tree.

Every helper that decides what a visitor may see goes through `visibility_for(request)`, so that
an internal page never shows up for an anonymous visitor, not even as a link title.
"""

import re

from django import template
from django.utils import timezone

from wagtail.blocks import StreamValue
from wagtail.models import Page, Site

from .. import choices
from ..views import ResolvedLink, page_link
from ..views import visible_children as _visible_children
from ..visibility import visibility_for

register = template.Library()


# Labels -------------------------------------------------------------------------------------


@register.filter
def choice_labels(values, vocabulary):
    """`{{ page.themes|choice_labels:"THEMES" }}`: the labels of stored keys, in stored order."""
    labels = dict(getattr(choices, str(vocabulary), ()))
    return [str(labels[value]) for value in values or [] if value in labels]


@register.filter
def choice_label(value, vocabulary):
    """`{{ "etat"|choice_label:"LEVELS" }}`: the label of one key, or the key itself."""
    return str(dict(getattr(choices, str(vocabulary), ())).get(value, value))


@register.filter
def dimension_title(model_page, dimension):
    """`{{ model_page|dimension_title:"kultur" }}`: the model's own name for a dimension."""
    if hasattr(model_page, "dimension_title"):
        return model_page.dimension_title(dimension)
    return choice_label(dimension, "DIMENSIONS")


# Visibility ---------------------------------------------------------------------------------


@register.filter
def visible_pages(pages, request):
    """Pages this visitor may see: drops None, pages that are not live and, for anonymous
    visitors, internal ones. Takes a page queryset or manager (filtered in the database), a
    StreamField of page choosers (`page.services`), or any list of pages (a ListBlock value)."""
    if pages is None or pages == "":
        return []
    visibility = visibility_for(request or None)
    if hasattr(pages, "all") and not isinstance(pages, (list, tuple)):
        pages = pages.all()
    if hasattr(pages, "live"):  # a PageQuerySet: one query
        return list(visibility.filter(pages))
    pages = (item.value if isinstance(item, StreamValue.StreamChild) else item for item in pages)
    return [page for page in pages if page is not None and visibility.can_see(page)]


@register.filter
def can_see(page, request):
    """`{% if page.provider|can_see:request %}`."""
    return page is not None and page != "" and visibility_for(request or None).can_see(page)


@register.filter
def is_private(page, request):
    """Whether a page lies in an internal (employees only) section."""
    if not getattr(page, "path", None):
        return False
    return visibility_for(request or None).is_private(page)


@register.simple_tag
def visible_children(page, request):
    """`{% visible_children page request as children %}`: the live children this visitor may
    see, as their specific pages, in tree order."""
    return _visible_children(page, request or None)


@register.simple_tag
def service_tree(index_page, request):
    """`{% service_tree page request as tree %}`: every visible ServicePage below `index_page`,
    fetched in one query and nested by path, as a list of `{"page", "children"}`.

    A service whose parent is hidden from this visitor is left out with its parent."""
    from ..pages import ServicePage

    services = visibility_for(request or None).filter(ServicePage.objects.descendant_of(index_page))
    nodes, roots = {}, []
    for service in services.order_by("path"):
        node = {"page": service, "children": []}
        nodes[service.path] = node
        parent_path = service.path[: -Page.steplen]
        if parent_path == index_page.path:
            roots.append(node)
        elif parent_path in nodes:
            nodes[parent_path]["children"].append(node)
    return roots


# Links --------------------------------------------------------------------------------------


def _resolve(value, request):
    value = getattr(value, "value", value)  # a StreamField child wraps its StructValue
    if not value:
        return None
    page = value.get("page")
    if page:
        visibility = visibility_for(request)
        return page_link(page, request) if visibility.can_see(page) else None
    if value.get("url"):
        return ResolvedLink(
            title=value.get("title") or value["url"], url=value["url"], external=True
        )
    return None


@register.simple_tag(takes_context=True)
def resolved_link(context, value):
    """`{% resolved_link value as link %}`: one LinkBlock value as a ResolvedLink, or None
    when its page is hidden from this visitor."""
    return _resolve(value, context.get("request"))


@register.simple_tag(takes_context=True)
def resolved_links(context, values):
    """`{% resolved_links step.value.links as links %}`: LinkBlock values as ResolvedLinks,
    leaving out pages hidden from this visitor."""
    request = context.get("request")
    links = [_resolve(value, request) for value in values or []]
    return [link for link in links if link]


# Navigation ---------------------------------------------------------------------------------


@register.filter
def is_within(page, ancestor):
    """Whether `page` is `ancestor` or below it (for marking the current section)."""
    page_path, ancestor_path = getattr(page, "path", ""), getattr(ancestor, "path", "")
    return bool(page_path and ancestor_path and page_path.startswith(ancestor_path))


@register.simple_tag
def site_model_page(request):
    """The model of the requested site, for pages without a page context (404)."""
    from ..pages import ModelIndexPage

    if request is None or request == "":
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    return ModelIndexPage.objects.filter(id=site.root_page_id).first()


# Formatting ---------------------------------------------------------------------------------


@register.filter
def tel_href(phone):
    """`+47 99 99 99 99` → `+4799999999`, for a `tel:` link."""
    return re.sub(r"[^0-9+]", "", str(phone or ""))


@register.filter
def display_url(url):
    """`https://www.example.no/` → `www.example.no`: a web address as people say it."""
    return re.sub(r"^https?://", "", str(url or "")).rstrip("/")


@register.filter
def is_past(day):
    """Whether a date lies before today (a review that is overdue)."""
    return bool(day) and day < timezone.localdate()
