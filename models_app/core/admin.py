"""What the admin screens of several apps share: who counts as an editor, and their menu items."""

from django.urls import reverse

from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy

EDIT_ACTIONS = ("add", "change", "publish")


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
