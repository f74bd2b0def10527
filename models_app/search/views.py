"""Search one municipality's model: results ranked and grouped by type, as far as the visitor
may see them.

`ranking.py` matches and ranks (parts of compound words, inflections, small typos, any word);
on PostgreSQL Wagtail's full-text search with the `norwegian` configuration adds its stemmer.
The visible pages of the site are read in a fixed number of queries (one per page type), so the
page costs the same however big the model is. Queries are never logged or stored: nothing here
writes to the database, and no search-promotion hits are recorded.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, Site

from models_app.arenas.models import ArenaPage
from models_app.citizen.models import ConcernPage
from models_app.core.sites import model_page_of_site
from models_app.core.visibility import visibility_for
from models_app.guide.models import GuideLevelPage
from models_app.measures.models import MeasurePage
from models_app.model.models import ElementPage
from models_app.plans.models import PlanPage
from models_app.routines.models import RoutinePage
from models_app.services.models import ServicePage
from models_app.tools.models import ToolPage

from . import ranking, words

MAX_QUERY_CHARS = 200
RESULT_LIMIT = 50

# Searches are words only: quotes, operators and other signs mean nothing to a visitor, but
# each backend's query syntax would give them a meaning (or an error).
WORD = re.compile(r"\w+")
# Control characters (NUL above all) are never part of a query; PostgreSQL rejects NUL.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# The order in which groups of results are shown; any other page is one of "Other pages".
GROUP_MODELS = [
    ElementPage,
    PlanPage,
    RoutinePage,
    ArenaPage,
    MeasurePage,
    ToolPage,
    ServicePage,
    GuideLevelPage,
]


@dataclass
class SearchQuery:
    text: str  # what the visitor wrote, cleaned and cut to MAX_QUERY_CHARS
    truncated: bool = False

    @property
    def terms(self):
        return WORD.findall(self.text)

    @property
    def words(self):
        return words.query_words(self.text)


@dataclass
class ResultGroup:
    key: str
    heading: str
    results: list = field(default_factory=list)


def read_query(request):
    raw = CONTROL.sub(" ", request.GET.get("q", "")).strip()
    text = raw[:MAX_QUERY_CHARS].strip()
    return SearchQuery(text=text, truncated=len(raw) > MAX_QUERY_CHARS)


def site_model_page(request):
    """The site of the request and its model (None when its root is not a model)."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    return site, model_page_of_site(site)


def full_text_ids(candidates, query):
    """The pages PostgreSQL's Norwegian full-text search finds for any of the words: one query.
    SQLite has no Norwegian stemmer, so there `words.py` alone decides."""
    if connection.vendor != "postgresql":
        return frozenset()
    found = candidates.search(" ".join(query.words), operator="or", order_by_relevance=False)
    return frozenset(page.pk for page in found)


def matching_pages(site, query, request):
    """The visible pages of this site that match any word, best first (ranking.Ranked), read
    as their specific pages: one query per page type, never per page."""
    candidates = visibility_for(request).filter(
        Page.objects.descendant_of(site.root_page, inclusive=True)
    )
    pages = list(candidates.specific())
    return ranking.rank(pages, query.words, full_text_ids(candidates, query))


def group_results(results, request):
    """Results by type, the group of the best result first; within a group, best first."""
    visibility = visibility_for(request)
    kinds = {model: model._meta.verbose_name for model in GROUP_MODELS}
    groups = {}
    for result in results:
        page = result.page
        model = type(page) if type(page) in kinds else None
        if model not in groups:
            groups[model] = (
                ResultGroup(model._meta.model_name, model._meta.verbose_name_plural)
                if model
                else ResultGroup("other", _("Other pages"))
            )
        summary = getattr(page, "summary", "")
        groups[model].results.append(
            {
                "page": page,
                "kind": kinds.get(model, ""),
                "summary": summary,
                "snippet": context_snippet(result, summary),
                "internal": visibility.is_private(page),
            }
        )
    return list(groups.values())


def context_snippet(result, summary):
    """The matching words in context, unless the title or summary already shows them."""
    shown = set(words.words(f"{result.page.title} {summary}"))
    if shown & set(result.marks):
        return ""
    return ranking.snippet(result.body, result.marks)


def search_results(site, query, request):
    if not query.words:
        return {"groups": [], "result_count": 0, "cut": False}
    found = matching_pages(site, query, request)
    results = found[:RESULT_LIMIT]
    return {
        "groups": group_results(results, request),
        "result_count": len(found),
        "shown_count": len(results),
        "cut": len(found) > RESULT_LIMIT,
    }


def help_links(model_page, request):
    """Where to go when there is nothing to show: the concern page, if the model has one."""
    if model_page is None:
        return {}
    concern = visibility_for(request).filter(ConcernPage.objects.child_of(model_page)).first()
    return {"concern_page": concern}


def search(request):
    site, model_page = site_model_page(request)
    query = read_query(request)
    context = {
        "search_query": query.text,
        "query": query,
        "max_query_chars": MAX_QUERY_CHARS,
        "breadcrumbs": [model_page] if model_page else [],
    }
    # The page frame (frame.py) shows this site's model.
    request._samhandling_model_page = model_page
    if query.text:
        context.update(search_results(site, query, request))
    if not context.get("groups"):
        context.update(help_links(model_page, request))
    return TemplateResponse(request, "search/search.html", context)
