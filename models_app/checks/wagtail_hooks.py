"""The Modellsjekk and the Lenkesjekk in the admin's reports menu."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from models_app.core.admin import editor_menu_item

from . import views


@hooks.register("register_admin_urls")
def register_model_check_urls():
    return [path("modellsjekk/", include((views.urlpatterns, "model_check")))]


@hooks.register("register_reports_menu_item")
def register_model_check_menu_item():
    return editor_menu_item(_("Model check"), "model_check:report", "tasks", 650)


@hooks.register("register_reports_menu_item")
def register_link_check_menu_item():
    return editor_menu_item(_("Link check"), "model_check:links", "link", 660)


@hooks.register("register_reports_menu_item")
def register_jobs_menu_item():
    return AdminOnlyMenuItem(
        _("Background jobs"), reverse("model_check:jobs"), icon_name="cogs", order=670
    )
