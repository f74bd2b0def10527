"""Who may see which page and document: live pages only, and private (internal) sections and
collections only for employees.

One query for the view restrictions per request, then plain path checks, so that lists and
links never cost a query per page. This is the one place that reads restrictions.
"""

from django.db.models import Q

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction


def restricted_page_paths(below=None):
    """Paths of the pages with a view restriction (their subtrees are private), optionally
    only those below a page: one query."""
    restrictions = PageViewRestriction.objects.all()
    if below is not None:
        restrictions = restrictions.filter(page__path__startswith=below.path)
    return tuple(restrictions.values_list("page__path", flat=True))


def under(paths):
    """A filter for pages at or below any of `paths`."""
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


class Visibility:
    def __init__(self, user):
        self.is_employee = bool(user and user.is_authenticated)
        self._private_paths = None
        self._private_collections = None

    @property
    def private_paths(self):
        if self._private_paths is None:
            self._private_paths = restricted_page_paths()
        return self._private_paths

    def is_private(self, page):
        return page.path.startswith(self.private_paths) if self.private_paths else False

    def can_see(self, page):
        return page.live and (self.is_employee or not self.is_private(page))

    def filter(self, queryset):
        queryset = queryset.live()
        if self.is_employee or not self.private_paths:
            return queryset
        return queryset.exclude(under(self.private_paths))

    @property
    def private_collection_ids(self):
        """Ids of the collections whose documents need a login (or more), a restriction
        covering the collections below it too: at most two queries per request."""
        if self._private_collections is None:
            paths = list(
                CollectionViewRestriction.objects.values_list("collection__path", flat=True)
            )
            ids = frozenset()
            if paths:
                ids = frozenset(
                    Collection.objects.filter(under(paths)).values_list("id", flat=True)
                )
            self._private_collections = ids
        return self._private_collections

    def is_private_document(self, document):
        return document.collection_id in self.private_collection_ids


def visibility_for(request):
    """The request's Visibility, made once per request."""
    if request is None:
        return Visibility(None)
    if not hasattr(request, "_samhandling_visibility"):
        user = getattr(request, "user", None)
        # A middleware of a higher app (accounts) may say the user belongs to another site:
        # then they see this site as an anonymous visitor does.
        belongs = getattr(request, "employee_of_site", None)
        request._samhandling_visibility = Visibility(user if belongs is None or belongs() else None)
    return request._samhandling_visibility


def visible_children(page, request, model=None):
    """The live children this visitor may see, as specific pages, in tree order."""
    queryset = model.objects.child_of(page) if model else page.get_children().specific()
    return list(visibility_for(request).filter(queryset).order_by("path"))
