"""What the admin screens of several apps share: who counts as an editor, and their menu items."""

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
