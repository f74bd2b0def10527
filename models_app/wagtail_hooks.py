"""Wagtail admin hooks. Each feature keeps its hooks in its own headed section below."""

from wagtail import hooks

# --- Review cycle (review) ----------------------------------------------------------------------
from .admin_views import review as review_admin  # noqa: E402


@hooks.register("construct_homepage_panels")
def add_review_panel(request, panels):
    panels.append(review_admin.ReviewPanel())


@hooks.register("register_admin_urls")
def register_review_urls():
    return review_admin.urlpatterns


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return review_admin.report_menu_item()


@hooks.register("register_page_header_buttons")
def review_page_header_buttons(page, user, view_name, next_url=None):
    yield from review_admin.mark_reviewed_buttons(page, user, next_url)


@hooks.register("register_page_listing_more_buttons")
def review_page_listing_buttons(page, user, next_url=None):
    yield from review_admin.mark_reviewed_buttons(page, user, next_url)


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    review_admin.register_log_actions(actions)


hooks.register("register_bulk_action", review_admin.MarkReviewedBulkAction)


# --- end of review cycle ------------------------------------------------------------------------


# --- Model check and link check (modelcheck) -----------------------------------------------------
from django.urls import include, path  # noqa: E402

from .admin_views import model_check as model_check_admin  # noqa: E402


@hooks.register("register_admin_urls")
def register_model_check_urls():
    urls = (model_check_admin.urlpatterns, "model_check")
    return [path("modellsjekk/", include(urls, namespace="model_check"))]


@hooks.register("register_reports_menu_item")
def register_model_check_menu_item():
    return model_check_admin.model_check_menu_item()


@hooks.register("register_reports_menu_item")
def register_link_check_menu_item():
    return model_check_admin.link_check_menu_item()


# --- end of model check and link check -----------------------------------------------------------


# --- Import and export (sites) ------------------------------------------------------------------
from django import urls as django_urls  # noqa: E402

from .admin_views import exchange as exchange_admin  # noqa: E402


@hooks.register("register_admin_urls")
def register_exchange_urls():
    urls = django_urls.include((exchange_admin.urlpatterns, "samhandling_exchange"))
    return [django_urls.path("import-eksport/", urls)]


@hooks.register("register_settings_menu_item")
def register_exchange_menu_item():
    return exchange_admin.menu_item()


# --- end of import and export -------------------------------------------------------------------
