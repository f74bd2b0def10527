"""The frame around every public page: the municipality, its sections, its footer pages.

One context processor gives every template the same frame (pages, their routes, search, the
404 page). Each value is computed only when a template reads it, and at most once per request:
the admin, which never reads them, pays nothing.

- `model_page`: the municipality's model (the page being served decides; else the site).
- `nav_sections`: the model's visible sections shown in menus, in order.
- `footer_pages`: {"concern", "accessibility", "change_log"} → the pages chosen in the
  municipality's settings, as far as this visitor may see them.
- `colour_theme`: the municipality's Designsystemet colour, for `<html data-color>`.
- `app_stylesheets`: the stylesheets of core and the section apps, in order.
"""

from functools import cache

from django.apps import apps
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.functional import SimpleLazyObject

from wagtail.models import Page, Site

from .models import ColourTheme, MunicipalitySettings
from .sites import request_model_page
from .tree import LISTED_PAGE_COLUMNS
from .visibility import visibility_for

# What the menu and the footer read of the model's children (their titles, addresses and
# privacy): every page's other columns would cost more to read than the rest of the frame.
CHILD_COLUMNS = (*LISTED_PAGE_COLUMNS, "show_in_menus")


def model_children(request):
    """Every child of the model page (sections and single pages, visible or not): one query."""
    if not hasattr(request, "_samhandling_children"):
        model_page = request_model_page(request)
        children = (
            list(model_page.get_children().order_by("path").only(*CHILD_COLUMNS))
            if model_page
            else []
        )
        request._samhandling_children = children
    return request._samhandling_children


def visible_children(request):
    visibility = visibility_for(request)
    return [child for child in model_children(request) if visibility.can_see(child)]


def footer_pages(request):
    """The footer pages this visitor may see. Usually children of the model page, already
    loaded for the menu; one more query only for a page chosen elsewhere."""
    site = Site.find_for_request(request)
    if site is None or request_model_page(request) is None:
        return {}
    wanted = MunicipalitySettings.for_request(request).footer_page_ids()
    children = {child.pk: child for child in model_children(request)}
    missing = [pk for pk in wanted.values() if pk not in children]
    if missing:
        children.update(Page.objects.in_bulk(missing))
    visibility = visibility_for(request)
    return {
        key: children[pk]
        for key, pk in wanted.items()
        if pk in children and visibility.can_see(children[pk])
    }


def colour_theme(request):
    """The site's Designsystemet colour (`data-color`); the settings are read once per request
    (`for_request` caches them, shared with the footer and the emergency numbers)."""
    if Site.find_for_request(request) is None:
        return ColourTheme.BLUE
    return MunicipalitySettings.for_request(request).colour_theme


@cache
def app_stylesheets():
    """Core's stylesheet, then each app's own (`<label>/<label>.css`), in INSTALLED_APPS
    order: found once per process."""
    paths = [
        f"{config.label}/{config.label}.css"
        for config in apps.get_app_configs()
        if config.name.startswith("models_app.")
    ]
    return [static(path) for path in paths if finders.find(path)]


def frame(request):
    return {
        "app_stylesheets": app_stylesheets(),
        "model_page": SimpleLazyObject(lambda: request_model_page(request)),
        "nav_sections": SimpleLazyObject(
            lambda: [child for child in visible_children(request) if child.show_in_menus]
        ),
        "footer_pages": SimpleLazyObject(lambda: footer_pages(request)),
        "colour_theme": SimpleLazyObject(lambda: colour_theme(request)),
    }
