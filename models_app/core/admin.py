"""What the admin screens of several apps share: who counts as an editor, their menu items, and
the municipalities a user works in (with a chooser when there are several)."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from wagtail.admin.menu import MenuItem
from wagtail.models import Site
from wagtail.permissions import page_permission_policy

from .sites import model_page_class

EDIT_ACTIONS = ("add", "change", "publish")
EDIT_CODENAMES = {f"{action}_page" for action in EDIT_ACTIONS}


def can_edit_any_page(user):
    """Whether the user may add, change or publish pages anywhere (an editor of some
    municipality, or an administrator)."""
    return page_permission_policy.user_has_any_permission(user, EDIT_ACTIONS)


class EditorMenuItem(MenuItem):
    """A menu item shown to editors; the view narrows what they see to their municipality."""

    def is_shown(self, request):
        return can_edit_any_page(request.user)


def editor_menu_item(label, url_name, icon, order, item_class=EditorMenuItem):
    """A menu item for one of our admin views (`url_name`), shown as `item_class` decides."""
    return item_class(
        label,
        reverse(url_name),
        name=url_name.replace(":", "-").replace("_", "-"),
        icon_name=icon,
        order=order,
    )


def editable_model_sites(user):
    """[(site, model page)] of the municipalities in which the user may edit pages."""
    sites = list(Site.objects.order_by("site_name", "hostname"))
    roots = model_page_class().objects.in_bulk([site.root_page_id for site in sites])
    found = [(site, roots[site.root_page_id]) for site in sites if site.root_page_id in roots]
    if user.is_superuser:
        return found
    granted = tuple(
        permission.page.path
        for permission in page_permission_policy.get_cached_permissions_for_user(user)
        if permission.permission.codename in EDIT_CODENAMES
    )
    return [(site, root) for site, root in found if granted and shares_tree(root, granted)]


def shares_tree(root, granted_paths):
    """A grant on the model page, above it, or on any page inside it."""
    return root.path.startswith(granted_paths) or any(
        granted.startswith(root.path) for granted in granted_paths
    )


def chosen_site(request):
    """The site to show, the choices, or 403 for a user who may edit none."""
    choices = editable_model_sites(request.user)
    if not choices:
        raise PermissionDenied
    wanted = request.GET.get("site", "")
    for site, root in choices:
        if str(site.pk) == wanted:
            return site, root, choices
    return (*choices[0], choices)
