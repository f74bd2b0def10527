"""Template helpers for the public pages: choice labels, visibility, files, descriptions.

Every helper that decides what a visitor may see goes through `visibility_for(request)`, so that
an internal page never shows up for an anonymous visitor, not even as a link title.
"""

import re

from django import template
from django.utils import timezone

from wagtail.blocks import StreamValue

from .. import choices, files, seo
from ..glossary import glossary_terms, mark_terms, seen_terms
from ..tree import page_urls
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


# Navigation ---------------------------------------------------------------------------------


@register.simple_tag(takes_context=True)
def page_url(context, page):
    """`{% page_url page %}`: what `{% pageurl page %}` gives, from the page's url_path and the
    request's sites (core.tree.PageUrls), without a reverse() per link: for the frame's links
    on every page."""
    request = context.get("request")
    if request is None:
        return page.get_url()
    return page_urls(request).url(page.url_path)


@register.filter
def is_within(page, ancestor):
    """Whether `page` is `ancestor` or below it (for marking the current section)."""
    page_path, ancestor_path = getattr(page, "path", ""), getattr(ancestor, "path", "")
    return bool(page_path and ancestor_path and page_path.startswith(ancestor_path))


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


# Files and descriptions -------------------------------------------------------------------


@register.simple_tag(takes_context=True)
def tool_file(context, tool):
    """`{% tool_file tool as file %}`: the FileLink of a tool (see files.py), None when it has
    neither a document nor an address. The tool's document must be loaded already."""
    return files.tool_file(tool, context.get("request") or None)


@register.simple_tag
def page_description(page, model_page=None):
    """`{% page_description page model_page as description %}`: the page's own description, or
    a sentence naming what kind of page it is and whose model it belongs to."""
    return seo.page_description(page, model_page)


@register.simple_tag(takes_context=True)
def glossary_text(context, html):
    """Rich text with the first use on this page of each glossary term marked (glossary.py)."""
    request = context.get("request")
    terms = glossary_terms(context.get("model_page"))
    return mark_terms(html, terms, seen_terms(request))


@register.simple_tag(takes_context=True)
def page_glossary(context):
    """The terms marked on this page so far, for "Ord på denne siden" at its end."""
    return list(seen_terms(context.get("request")).values())


@register.simple_tag(takes_context=True)
def glossary_page_url(context):
    """The model's Ordforklaringer page, when the model has a glossary."""
    model_page = context.get("model_page")
    if not glossary_terms(model_page) or not hasattr(model_page, "reverse_subpage"):
        return ""
    return model_page.get_url(context.get("request")) + model_page.reverse_subpage("glossary")
