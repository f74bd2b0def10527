"""Import and export in the admin's settings menu."""

from django.urls import include, path

from wagtail import hooks

from . import views


@hooks.register("register_admin_urls")
def register_exchange_urls():
    return [path("import-eksport/", include((views.urlpatterns, "samhandling_exchange")))]


@hooks.register("register_settings_menu_item")
def register_exchange_menu_item():
    return views.menu_item()
