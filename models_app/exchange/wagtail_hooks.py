"""Import and export in the admin's settings menu."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from models_app.core.admin import editor_menu_item

from . import views


@hooks.register("register_admin_urls")
def register_exchange_urls():
    return [path("import-eksport/", include((views.urlpatterns, "samhandling_exchange")))]


@hooks.register("register_settings_menu_item")
def register_exchange_menu_item():
    label = _("Import and export")
    return editor_menu_item(
        label, "samhandling_exchange:index", "download", 900, views.ExchangeMenuItem
    )
