"""The model in the admin's main menu ("Modell"); elements' cells in the page listings."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from models_app.core.admin import editor_menu_item

from . import views
from .models import with_element_levels


@hooks.register("register_admin_urls")
def register_model_urls():
    return [path("modell/", include((views.urlpatterns, "samhandling_model")))]


@hooks.register("register_admin_menu_item")
def register_model_menu_item():
    # Just below Wagtail's "Pages" (order 200): the shape of what the pages hold.
    return editor_menu_item(_("Model"), "samhandling_model:grid", "table", 210)


@hooks.register("construct_explorer_page_queryset")
def explorer_element_levels(parent_page, pages, request):
    return with_element_levels(pages)


@hooks.register("construct_page_chooser_queryset")
def chooser_element_levels(pages, request):
    return with_element_levels(pages)
