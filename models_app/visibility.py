"""Who may see which page: live pages only, and private (internal) sections only for employees.

One query for the site's view restrictions per request, then plain path checks, so that lists
and links never cost a query per page.
"""

from django.db.models import Q

from wagtail.models import PageViewRestriction


class Visibility:
    def __init__(self, user):
        self.is_employee = bool(user and user.is_authenticated)
        self._private_paths = None

    @property
    def private_paths(self):
        if self._private_paths is None:
            self._private_paths = tuple(
                PageViewRestriction.objects.values_list("page__path", flat=True)
            )
        return self._private_paths

    def is_private(self, page):
        return page.path.startswith(self.private_paths) if self.private_paths else False

    def can_see(self, page):
        return page.live and (self.is_employee or not self.is_private(page))

    def filter(self, queryset):
        queryset = queryset.live()
        if self.is_employee or not self.private_paths:
            return queryset
        private = Q()
        for path in self.private_paths:
            private |= Q(path__startswith=path)
        return queryset.exclude(private)


def visibility_for(request):
    """The request's Visibility, made once per request."""
    if request is None:
        return Visibility(None)
    if not hasattr(request, "_samhandling_visibility"):
        request._samhandling_visibility = Visibility(getattr(request, "user", None))
    return request._samhandling_visibility
