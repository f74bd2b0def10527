"""Finding the page of an address below a model page in one query, not two per level.

Wagtail routes one level at a time (`get_children().get(slug=…)`, then `.specific`), which
costs an element page four queries. Here the pages along the whole path are read at once by
their `url_path`, then only the page that answers is made specific. A page type whose `route`
does more than Wagtail's (a routable page whose routes match the rest of the path, or a route
of its own) is handed the rest of the path, as Wagtail would.

The same query reads the model page's children (the menu and footer of `core.frame`), and the
pages along the path are the breadcrumbs (`_model_ancestors`), so neither costs a query more.
"""

from django.http import Http404

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page


def remaining_path(components):
    return "/" + "".join(f"{component}/" for component in components)


def routes_itself(page, remaining, own_route):
    """Whether the page's type would answer `remaining` itself rather than pass it on to a
    child: a live routable page with a matching route, or a route we do not know."""
    model = page.specific_class
    if model is None or model.route is own_route:
        return False
    if model.route is not RoutablePageMixin.route:
        return True
    if not page.live:
        return False
    try:
        model.get_resolver().resolve(remaining_path(remaining))
    except Http404:
        return False
    return True


def pages_along(page, request, components):
    """{url_path: page} of the pages along the path below `page`, and the model page's
    children when `page` is the request's model page: one query."""
    prefixes = [
        page.url_path + "".join(f"{c}/" for c in components[: i + 1])
        for i in range(len(components))
    ]
    model_page = getattr(request, "_samhandling_model_page", None)
    wants_children = (
        model_page is not None
        and model_page.pk == page.pk
        and not hasattr(request, "_samhandling_children")
    )
    rows = Page.objects.filter(path__startswith=page.path, depth__gt=page.depth)
    if wants_children:
        rows = rows.filter(url_path__in=prefixes) | rows.filter(depth=page.depth + 1)
    else:
        rows = rows.filter(url_path__in=prefixes)
    rows = list(rows.order_by("path"))
    if wants_children:
        request._samhandling_children = [row for row in rows if row.depth == page.depth + 1]
    by_url = {row.url_path: row for row in rows}
    return [by_url.get(prefix) for prefix in prefixes]


def route_below(page, request, components, own_route):
    """Wagtail's `Page.route` for a non-empty path, with one query for the whole path."""
    ancestors = getattr(page, "_model_ancestors", None)
    model_page = getattr(request, "_samhandling_model_page", None)
    if ancestors is None and model_page is not None and model_page.pk == page.pk:
        ancestors = []
    parent = page
    for index, child in enumerate(pages_along(page, request, components)):
        if child is None:
            raise Http404
        child._cached_parent_obj = parent
        if ancestors is not None:
            ancestors = [*ancestors, parent]
            child._model_ancestors = ancestors
        remaining = components[index + 1 :]
        if not remaining or routes_itself(child, remaining, own_route):
            return child.specific.route(request, remaining)
        parent = child
    raise Http404  # not reached: the last component returns above
