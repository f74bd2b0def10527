"""The Modellsjekk and the Lenkesjekk in the admin's reports menu."""

from django.urls import include, path

from wagtail import hooks

from . import views


@hooks.register("register_admin_urls")
def register_model_check_urls():
    return [path("modellsjekk/", include((views.urlpatterns, "model_check")))]


@hooks.register("register_reports_menu_item")
def register_model_check_menu_item():
    return views.model_check_menu_item()


@hooks.register("register_reports_menu_item")
def register_link_check_menu_item():
    return views.link_check_menu_item()
