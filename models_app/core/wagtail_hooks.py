"""Municipalities kept apart in the admin's page chooser; Wagtail's privacy check on the
restrictions already loaded.

Wagtail's page chooser (browse and search) lists every page of the installation; its page
search and explorer already keep to what the user may explore. Here the chooser does too: an
editor sees only the pages of the municipality (or municipalities) they have permissions in,
and the ancestors needed to browse to them. Superusers see everything. Documents and images
are chosen from collections the user may choose from, which the municipalities app grants per
municipality.
"""

from wagtail import hooks
from wagtail.permissions import page_permission_policy

from .visibility import visibility_for


@hooks.register("construct_page_chooser_queryset")
def own_municipality_pages(pages, request):
    user = request.user
    if user.is_superuser:
        return pages
    return pages.filter(pk__in=page_permission_policy.explorable_instances(user).values("pk"))


@hooks.register("before_serve_page")
def share_visibility(page, request, serve_args, serve_kwargs):
    """Wagtail's privacy check (`get_view_restrictions`) reads the restrictions the request's
    visibility has loaded anyway, instead of two queries of its own."""
    page._serving_visibility = visibility_for(request)
