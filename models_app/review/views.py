"""The review cycle in the admin: the "Til kontroll" dashboard panel, the review report, and
"Mark as reviewed"."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.permissions import page_permission_policy

import django_filters

from models_app.core.admin import EDIT_ACTIONS, can_edit_any_page, editable_model_sites
from models_app.model.models import ModelIndexPage

from . import queries as review

PANEL_LIMIT = 15
MARK_REVIEWED_ACTION = "samhandling.mark_reviewed"


def today():
    return timezone.localdate()


# Dashboard panel ------------------------------------------------------------------------------


class ReviewPanel(Component):
    """What is overdue or due within 30 days among the pages this editor may edit."""

    name = "review_due"
    template_name = "review/dashboard_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        due = review.due_within(
            review.editable_by(review.reviewable_pages(), user), today(), review.DEFAULT_DAYS
        )
        items = review.review_items(due[:PANEL_LIMIT], today())
        return {
            "items": items,
            "total": due.count(),
            "days": review.DEFAULT_DAYS,
            "report_url": reverse("review_report"),
        }

    def render_html(self, parent_context=None):
        if not can_edit_any_page(parent_context["request"].user):
            return ""
        return super().render_html(parent_context)


# Report ---------------------------------------------------------------------------------------


class ReviewReportFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=review.STATUS_CHOICES,
        method="filter_status",
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )
    page_type = django_filters.ChoiceFilter(
        label=gettext_lazy("Page type"),
        choices=review.model_choices,
        method="filter_page_type",
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )
    responsible = django_filters.ChoiceFilter(
        label=gettext_lazy("Responsible function"),
        choices=[],
        method="filter_responsible",
        empty_label=gettext_lazy("All"),
    )
    municipality = django_filters.ChoiceFilter(
        label=gettext_lazy("Municipality"),
        choices=[],
        method="filter_municipality",
        empty_label=gettext_lazy("All"),
    )

    class Meta:
        model = Page
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the functions named on pages this user may edit: nothing from other municipalities.
        editable = review.editable_by(review.reviewable_pages(), self.request.user)
        self.filters["responsible"].extra["choices"] = review.responsible_choices(editable)
        # Those who work in several municipalities (administrators) may look at one of them.
        roots = [root for _site, root in editable_model_sites(self.request.user)]
        if len(roots) > 1:
            self.filters["municipality"].extra["choices"] = [
                (root.pk, root.municipality_name) for root in roots
            ]
            self.municipality_paths = {str(root.pk): root.path for root in roots}
        else:
            del self.filters["municipality"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(review.status_filter(value, today())) if value else queryset

    def filter_page_type(self, queryset, name, value):
        return queryset.filter(**{f"{value}__isnull": False}) if value else queryset

    def filter_responsible(self, queryset, name, value):
        return queryset.filter(responsible_function=value) if value else queryset

    def filter_municipality(self, queryset, name, value):
        path = self.municipality_paths.get(value)
        return queryset.filter(path__startswith=path) if path else queryset


class ShortDateColumn(Column):
    """A date as 02.09.2026: long month names make the table too wide."""

    def get_value(self, instance):
        value = super().get_value(instance)
        return date_format(value, "SHORT_DATE_FORMAT") if value else ""


class ResponsibleColumn(Column):
    """The responsible function with its reminder address under it (admin only)."""

    cell_template_name = "review/responsible_cell.html"


def report_columns(show_municipality):
    columns = [
        TitleColumn(
            "title",
            label=gettext_lazy("Title"),
            url_name="wagtailadmin_pages:edit",
            sort_key="title",
            # Room for a title at 1280 px: the other columns are short.
            width="30%",
        ),
        Column("kind", label=gettext_lazy("Type"), accessor="review.kind"),
    ]
    if show_municipality:
        columns.append(
            Column(
                "municipality", label=gettext_lazy("Municipality"), accessor="review.municipality"
            )
        )
    return [
        *columns,
        ResponsibleColumn(
            "responsible_function", label=gettext_lazy("Responsible function"), accessor="review"
        ),
        ShortDateColumn(
            "last_reviewed", label=gettext_lazy("Last reviewed"), accessor="review.last_reviewed"
        ),
        Column(
            "review_interval_months",
            label=gettext_lazy("Interval (months)"),
            accessor="review.review_interval_months",
        ),
        ShortDateColumn(
            "next_review",
            label=gettext_lazy("Next review"),
            accessor="review.next_review",
            sort_key="next_review",
        ),
        StatusTagColumn(
            "status",
            label=gettext_lazy("Status"),
            accessor="review.status_label",
            primary=lambda page: page.review.is_overdue,
        ),
    ]


class ReviewReportView(ReportView):
    page_title = gettext_lazy("Review report")
    header_icon = "calendar-check"
    filterset_class = ReviewReportFilterSet
    index_url_name = "review_report"
    index_results_url_name = "review_report_results"
    permission_policy = page_permission_policy
    any_permission_required = EDIT_ACTIONS
    default_ordering = "next_review"
    list_export = [
        "title",
        "kind",
        "municipality",
        "responsible_function",
        "review_email",
        "last_reviewed",
        "review_interval_months",
        "next_review",
        "status_label",
    ]
    export_headings = {
        "title": gettext_lazy("Title"),
        "kind": gettext_lazy("Type"),
        "municipality": gettext_lazy("Municipality"),
        "responsible_function": gettext_lazy("Responsible function"),
        "review_email": gettext_lazy("E-mail for reminders"),
        "last_reviewed": gettext_lazy("Last reviewed"),
        "review_interval_months": gettext_lazy("Interval (months)"),
        "next_review": gettext_lazy("Next review"),
        "status_label": gettext_lazy("Status"),
    }

    @cached_property
    def today(self):
        return today()

    @cached_property
    def columns(self):
        # The municipality only for those who work on more than one (e.g. administrators).
        editable = page_permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        return report_columns(editable.type(ModelIndexPage).count() > 1)

    def get_filename(self):
        return f"kontrollrapport-{self.today.isoformat()}"

    def get_base_queryset(self):
        return review.editable_by(review.reviewable_pages(), self.request.user)

    def order_queryset(self, queryset):
        if self.ordering in ("title", "-title"):
            return queryset.order_by(self.ordering, "pk")
        return review.order_by_next_review(queryset, descending=self.ordering == "-next_review")

    def decorate_paginated_queryset(self, object_list):
        # The table shows the pages themselves; the export takes the items.
        items = review.review_items(object_list, self.today)
        for item in items:
            item.page.review = item
        return items


# Mark as reviewed -----------------------------------------------------------------------------


def mark_reviewed_buttons(page, user, next_url=None):
    if not review.is_reviewed_page(page) or not page.permissions_for_user(user).can_edit():
        return
    url = reverse("review_mark_reviewed", args=[page.pk])
    yield Button(
        gettext_lazy("Mark as reviewed"),
        url=url,
        icon_name="calendar-check",
        priority=58,
        # Wagtail's w-action controller posts with the CSRF token and this page as `next`.
        attrs={
            "data-controller": "w-action",
            "data-action": "w-action#post",
            "data-w-action-url-value": url,
        },
    )


def register_log_actions(actions):
    actions.register_action(
        MARK_REVIEWED_ACTION, gettext_lazy("Mark as reviewed"), gettext_lazy("Marked as reviewed")
    )


def safe_next_url(request, fallback):
    next_url = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return next_url if allowed else fallback


def why_not_published(page, permissions, had_unpublished_changes):
    """Why the new revision stays a draft, or None when it can be published."""
    if not page.live:
        return _("The page is not published, so the change is saved as a draft.")
    if not permissions.can_publish():
        return _(
            "You may not publish this page, so the change is saved as a draft. "
            "Someone who may publish it must publish it."
        )
    if page.workflow_in_progress:
        return _("The page is in moderation, so the change is saved as a draft.")
    if had_unpublished_changes:
        return _(
            "The page has unpublished changes, so the review date is saved as a draft together "
            "with them. Publish the page when the changes are ready."
        )
    return None


def mark_page_reviewed(page, user):
    """Set today's date in a new revision (with a log entry) and publish it when allowed.
    Returns why it stays a draft, or None when it was published."""
    permissions = page.permissions_for_user(user)
    had_unpublished_changes = page.has_unpublished_changes
    # Start from the latest revision, so that a draft in progress is kept, not overwritten.
    latest = page.get_latest_revision_as_object()
    latest.last_reviewed = today()
    revision = latest.save_revision(user=user, log_action=True)
    log(instance=latest, action=MARK_REVIEWED_ACTION, user=user, revision=revision)
    reason = why_not_published(page, permissions, had_unpublished_changes)
    if reason is None:
        revision.publish(user=user)
    return reason


def is_locked_for(page, user):
    lock = page.get_lock()
    return bool(lock and lock.for_user(user))


@require_POST
def mark_reviewed(request, page_id):
    page = get_object_or_404(Page, id=page_id).specific
    # A plain 403, not Wagtail's redirect to the dashboard: this is an action, not a page.
    if not review.is_reviewed_page(page) or not page.permissions_for_user(request.user).can_edit():
        return HttpResponseForbidden(_("You may not mark this page as reviewed."))
    next_url = safe_next_url(request, reverse("wagtailadmin_pages:edit", args=[page.pk]))
    if is_locked_for(page, request.user):
        messages.error(request, _("The page is locked, so it cannot be marked as reviewed."))
        return redirect(next_url)
    try:
        reason = mark_page_reviewed(page, request.user)
    except ValidationError as error:
        messages.error(
            request,
            _("The page could not be saved: %(errors)s") % {"errors": "; ".join(error.messages)},
        )
        return redirect(next_url)
    done = {"title": page.title}
    if reason is None:
        messages.success(
            request, _("“%(title)s” is marked as reviewed today and published.") % done
        )
    else:
        messages.warning(
            request, _("“%(title)s” is marked as reviewed today.") % done + " " + reason
        )
    return redirect(next_url)


class MarkReviewedBulkAction(PageBulkAction):
    """The same for the pages selected in a page listing."""

    display_name = gettext_lazy("Mark as reviewed")
    action_type = "mark_reviewed"
    aria_label = gettext_lazy("Mark the selected pages as reviewed")
    template_name = "review/confirm_bulk_mark_reviewed.html"
    action_priority = 45

    def check_perm(self, page):
        user = self.request.user
        return (
            review.is_reviewed_page(page)
            and page.permissions_for_user(user).can_edit()
            and not is_locked_for(page, user)
        )

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        published = drafts = 0
        for page in objects:
            try:
                reason = mark_page_reviewed(page.specific, user)
            except ValidationError:
                continue  # left out of the counts; its edit view shows what is wrong
            if reason is None:
                published += 1
            else:
                drafts += 1
        return published, drafts

    def get_success_message(self, published, drafts):
        message = ngettext(
            "%(count)d page is marked as reviewed today and published.",
            "%(count)d pages are marked as reviewed today and published.",
            published,
        ) % {"count": published}
        if drafts:
            message += " " + ngettext(
                "%(count)d page is saved as a draft: open it to see why.",
                "%(count)d pages are saved as drafts: open them to see why.",
                drafts,
            ) % {"count": drafts}
        return message


urlpatterns = [
    path("kontroll/", ReviewReportView.as_view(), name="review_report"),
    path(
        "kontroll/resultater/",
        ReviewReportView.as_view(results_only=True),
        name="review_report_results",
    ),
    path("kontroll/<int:page_id>/kontrollert/", mark_reviewed, name="review_mark_reviewed"),
]
