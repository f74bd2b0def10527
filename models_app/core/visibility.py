"""Who may see which page and document: live pages only, and private (internal) sections and
collections only for the employees of their own municipality.

A municipality's internal pages and private collection are restricted to its groups (Wagtail's
"groups" view restriction: "– ansatte", "– redaktører", "– modellansvarlig", set by the
municipalities app), so Wagtail's serve views refuse an employee of another municipality, and
every list here leaves the pages out. A "login" restriction (any logged-in user) still counts
as such. Superusers see everything.

One query for the view restrictions (with their groups) and one for the user's groups per
request, then plain path checks, so that lists and links never cost a query per page. This is
the one place that reads restrictions.

A request's visibility is scoped to its municipality (its model page's subtree): it reads only
that site's restrictions (and any above its root), so the query and the checks stay as small
with 300 municipalities as with one. Its lists keep to the scope too (municipalities are kept
apart: a page never lists another municipality's pages); asked about a single page outside the
scope, it reads every restriction once.
"""

from django.db.models import Q

from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

from .sites import request_model_page


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


def accepted(restriction_type, group_ids, user_group_ids, is_employee):
    """Whether a logged-in user passes a restriction, as Wagtail's serve view decides."""
    if restriction_type == PageViewRestriction.GROUPS:
        return bool(group_ids & user_group_ids)
    return is_employee and restriction_type == PageViewRestriction.LOGIN


def paths_above(path):
    """The paths of a page's ancestors, from the tree's root down: computed, no query."""
    return [path[:end] for end in range(Page.steplen, len(path), Page.steplen)]


class Visibility:
    def __init__(self, user, scope=None):
        """`scope`: the path of the model page whose pages this visibility is asked about
        (None: the whole tree)."""
        self.user = user
        self.scope = scope
        self.is_employee = bool(user and user.is_authenticated)
        self.sees_all = bool(self.is_employee and user.is_superuser)
        self._private_paths = None
        self._hidden_paths = None
        self._private_collections = None
        self._everywhere = None

    def covers(self, path):
        """Whether the page at `path` is within the scope."""
        return self.scope is None or path.startswith(self.scope)

    def everywhere(self):
        """The same visitor's visibility over the whole tree, for a page outside the scope."""
        if self._everywhere is None:
            self._everywhere = Visibility(self.user)
        return self._everywhere

    def _load(self):
        """Every restricted path in scope, and those this user may not see: one or two
        queries."""
        rows = PageViewRestriction.objects.all()
        if self.scope is not None:
            rows = rows.filter(
                Q(page__path__startswith=self.scope) | Q(page__path__in=paths_above(self.scope))
            )
        rows = rows.values_list("page__path", "restriction_type", "groups")
        restrictions = {}
        for path, kind, group_id in rows:
            groups = restrictions.setdefault(path, (kind, set()))[1]
            if group_id is not None:
                groups.add(group_id)
        user_groups = set()
        if self.is_employee and not self.sees_all and restrictions:
            user_groups = set(self.user.groups.values_list("id", flat=True))
        self._private_paths = tuple(restrictions)
        self._hidden_paths = tuple(
            path
            for path, (kind, groups) in restrictions.items()
            if not self.sees_all and not accepted(kind, groups, user_groups, self.is_employee)
        )

    @property
    def private_paths(self):
        """Paths of every restricted page (internal subtrees), whoever may see them."""
        if self._private_paths is None:
            self._load()
        return self._private_paths

    @property
    def hidden_paths(self):
        """Paths of the restricted subtrees this user may not see."""
        if self._hidden_paths is None:
            self._load()
        return self._hidden_paths

    def is_private(self, page):
        return self.is_private_path(page.path)

    def is_private_path(self, path):
        """Whether the page at `path` is private (for a page read as a row, not an object)."""
        if not self.covers(path):
            return self.everywhere().is_private_path(path)
        return path.startswith(self.private_paths) if self.private_paths else False

    def is_public(self, page):
        """No view restriction on the page or above it."""
        return not self.is_private(page)

    def can_see(self, page):
        if not self.covers(page.path):
            return self.everywhere().can_see(page)
        hidden = self.hidden_paths
        return page.live and not (hidden and page.path.startswith(hidden))

    def filter(self, queryset):
        """The pages of the queryset this user may see, within the scope."""
        queryset = queryset.live()
        if self.scope is not None:
            queryset = queryset.filter(path__startswith=self.scope)
        if not self.hidden_paths:
            return queryset
        return queryset.exclude(under(self.hidden_paths))

    def _load_collections(self):
        """Restricted collections (a restriction covers the collections below it too), and
        those whose documents this user may not open: at most three queries per request."""
        rows = CollectionViewRestriction.objects.values_list(
            "collection__path", "restriction_type", "groups"
        )
        restrictions = {}
        for path, kind, group_id in rows:
            groups = restrictions.setdefault(path, (kind, set()))[1]
            if group_id is not None:
                groups.add(group_id)
        private, hidden = frozenset(), frozenset()
        if restrictions:
            user_groups = set()
            if self.is_employee and not self.sees_all:
                user_groups = set(self.user.groups.values_list("id", flat=True))
            hidden_roots = [
                path
                for path, (kind, groups) in restrictions.items()
                if not self.sees_all and not accepted(kind, groups, user_groups, self.is_employee)
            ]
            collections = Collection.objects.filter(under(restrictions)).values_list("id", "path")
            for collection_id, path in collections:
                private |= {collection_id}
                if hidden_roots and path.startswith(tuple(hidden_roots)):
                    hidden |= {collection_id}
        self._private_collections = (private, hidden)

    @property
    def private_collection_ids(self):
        """Ids of the collections whose documents need a login (or more)."""
        if self._private_collections is None:
            self._load_collections()
        return self._private_collections[0]

    def is_private_document(self, document):
        return document.collection_id in self.private_collection_ids

    def can_see_document(self, document):
        if self._private_collections is None:
            self._load_collections()
        return document.collection_id not in self._private_collections[1]


def visibility_for(request):
    """The request's Visibility, scoped to the request's model page: made once per request
    (again only if a page of another model is served, as a preview in the admin is)."""
    if request is None:
        return Visibility(None)
    model_page = request_model_page(request)
    scope = model_page.path if model_page is not None else None
    visibility = getattr(request, "_samhandling_visibility", None)
    if visibility is None or visibility.scope != scope:
        user = getattr(request, "user", None)
        # A middleware of a higher app (accounts) may say the user belongs to another site:
        # then they see this site as an anonymous visitor does.
        belongs = getattr(request, "employee_of_site", None)
        visibility = Visibility(user if belongs is None or belongs() else None, scope)
        request._samhandling_visibility = visibility
    return visibility


def visible_children(page, request, model=None):
    """The live children this visitor may see, as specific pages, in tree order."""
    queryset = model.objects.child_of(page) if model else page.get_children().specific()
    return list(visibility_for(request).filter(queryset).order_by("path"))
