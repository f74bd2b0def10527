"""The review cycle in the admin: dashboard panel, report, "Mark as reviewed"."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from models_app.core.admin import editor_menu_item

from . import views


@hooks.register("construct_homepage_panels")
def add_review_panel(request, panels):
    panels.append(views.ReviewPanel())


@hooks.register("register_admin_urls")
def register_review_urls():
    return views.urlpatterns


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return editor_menu_item(_("Review report"), "review_report", "calendar-check", 750)


@hooks.register("register_page_header_buttons")
def review_page_header_buttons(page, user, view_name, next_url=None):
    yield from views.mark_reviewed_buttons(page, user, next_url)


@hooks.register("register_page_listing_more_buttons")
def review_page_listing_buttons(page, user, next_url=None):
    yield from views.mark_reviewed_buttons(page, user, next_url)


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    views.register_log_actions(actions)


hooks.register("register_bulk_action", views.MarkReviewedBulkAction)
