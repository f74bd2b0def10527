"""Admin reports: Modellsjekk (the model against the grant's rules) and the Lenkesjekk (the
stored link checks).

The Modellsjekk shows one municipality at a time: the sites whose pages the user may edit, with
a chooser when there are several. The Lenkesjekk is a Wagtail report (filters, CSV/XLSX export)
over the municipalities the user may edit, filtered by one for those who have several. Anyone
else is refused.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.db.models.fields.json import KT
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.permissions import page_permission_policy

import django_filters
from django_tasks_db.models import DBTaskResult

from models_app.core.admin import EDIT_ACTIONS, chosen_site, editable_model_sites

from .model_check import check_model, link_problem
from .models import LinkCheckResult
from .tasks import check_site_links

# Findings are shown in these groups, in this order.
GROUPS = [
    (_("The model's cells"), ["MISSING_CELL"]),
    (_("User involvement, evaluation and documentation"), ["MISSING_THEME"]),
    (_("Action guide"), ["MISSING_GUIDE", "GUIDE_WITHOUT_LEVELS", "GUIDE_LEVEL_WITHOUT_STEPS"]),
    (_("Overview of measures"), ["MISSING_MEASURES"]),
    (_("Meeting arenas"), ["ARENA_INCOMPLETE"]),
    (
        _("Model elements"),
        ["ELEMENT_NO_RESPONSIBLE", "ELEMENT_NO_LINKS", "LINK_OTHER_MUNICIPALITY"],
    ),
    (_("Reviews"), ["REVIEW_OVERDUE", "REVIEW_MISSING", "RESPONSIBLE_MISSING"]),
    (_("Links"), ["BROKEN_LINK", "LINKS_NOT_CHECKED"]),
]


def breadcrumbs(title):
    """Home › the report, as Wagtail's own reports: the slim header this gives, unlike the
    older full header, fits a 320 px screen."""
    return [*WagtailAdminTemplateMixin.breadcrumbs_items, {"url": "", "label": title}]


def report_context(title, icon, **context):
    """The header of one of our admin reports, and its content."""
    return {
        "page_title": title,
        "header_title": title,
        "breadcrumbs_items": breadcrumbs(title),
        "header_icon": icon,
        **context,
    }


def site_context(request):
    """The municipality a report shows (`?site=`), and the others the user may choose."""
    site, root, choices = chosen_site(request)
    return {"site": site, "model_page": root, "site_choices": choices}


def relative(url):
    """Admin links within the admin stay on the host it is served from."""
    return url.removeprefix(settings.WAGTAILADMIN_BASE_URL.rstrip("/")) or "/"


def grouped(findings):
    """Errors first, then warnings, each with its count and its findings by topic."""
    sections = []
    for is_error, title in ((True, _("Errors")), (False, _("Warnings"))):
        at_level = [finding for finding in findings if finding.is_error == is_error]
        if at_level:
            groups = topic_groups(at_level)
            sections.append(
                {"is_error": is_error, "title": title, "count": len(at_level), "groups": groups}
            )
    return sections


def topic_groups(findings):
    groups = []
    for title, codes in GROUPS:
        in_group = [finding for finding in findings if finding.code in codes]
        in_group.sort(key=lambda finding: codes.index(finding.code))
        items = [{"finding": finding, "url": relative(finding.url)} for finding in in_group]
        if items:
            groups.append({"title": title, "items": items})
    return groups


def model_check_report(request):
    context = site_context(request)
    findings = check_model(context["model_page"], site_id=context["site"].pk)
    errors = [finding for finding in findings if finding.is_error]
    return render(
        request,
        "checks/report.html",
        report_context(
            _("Model check"),
            "tasks",
            **context,
            levels=grouped(findings),
            error_count=len(errors),
            warning_count=len(findings) - len(errors),
        ),
    )


# Lenkesjekk ----------------------------------------------------------------------------------

LINK_STATUSES = [
    ("broken", _("Broken")),
    ("skipped", _("Not checked")),
    ("ok", _("Works")),
]
LINK_STATUS_FILTERS = {
    "broken": Q(ok=False, skipped=False),
    "skipped": Q(skipped=True),
    "ok": Q(ok=True),
}


def under_roots(roots):
    """Link check results on the pages of these model pages' trees."""
    paths = Q(pk__in=[])
    for root in roots:
        paths |= Q(page__path__startswith=root.path)
    return LinkCheckResult.objects.filter(paths)


class LinkReportFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=LINK_STATUSES,
        method="filter_status",
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    # `site`, as the Modellsjekk's links to this report say it.
    site = django_filters.ChoiceFilter(
        label=_("Municipality"), choices=[], method="filter_site", empty_label=_("All")
    )

    class Meta:
        model = LinkCheckResult
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only those who work in several municipalities (administrators) choose one.
        self.sites = {str(site.pk): (site, root) for site, root in self.request.sites}
        if len(self.sites) > 1:
            self.filters["site"].extra["choices"] = [
                (pk, root.municipality_name) for pk, (_site, root) in self.sites.items()
            ]
        else:
            del self.filters["site"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(LINK_STATUS_FILTERS[value]) if value else queryset

    def filter_site(self, queryset, name, value):
        chosen = self.sites.get(value)
        return queryset & under_roots([chosen[1]]) if chosen else queryset


class AddressColumn(Column):
    """The checked address as a link, shortened: a document's address may be very long."""

    cell_template_name = "checks/address_cell.html"


def link_columns(show_municipality):
    columns = [
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="status_label",
            primary=lambda result: not result.ok and not result.skipped,
        ),
        Column("problem", label=_("Problem")),
        AddressColumn("url", label=_("Address"), width="35%"),
        TitleColumn(
            "page",
            label=_("Page"),
            accessor="page.title",
            get_url=lambda result: reverse("wagtailadmin_pages:edit", args=[result.page_id]),
        ),
    ]
    if show_municipality:
        columns.append(Column("municipality", label=_("Municipality")))
    return [*columns, DateColumn("checked_at", label=_("Checked"))]


class LinkReportView(ReportView):
    page_title = _("Link check")
    header_icon = "link"
    template_name = "checks/links.html"
    filterset_class = LinkReportFilterSet
    index_url_name = "model_check:links"
    index_results_url_name = "model_check:links_results"
    permission_policy = page_permission_policy
    any_permission_required = EDIT_ACTIONS
    list_export = ["status_label", "problem", "url", "page.title", "municipality", "checked_at"]
    export_headings = {
        "status_label": _("Status"),
        "problem": _("Problem"),
        "url": _("Address"),
        "page.title": _("Page"),
        "municipality": _("Municipality"),
        "checked_at": _("Checked"),
    }

    def dispatch(self, request, *args, **kwargs):
        # The filter set reads the user's municipalities from the request.
        request.sites = editable_model_sites(request.user)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def columns(self):
        return link_columns(len(self.request.sites) > 1)

    def get_filename(self):
        return f"lenkesjekk-{timezone.localdate().isoformat()}"

    def get_base_queryset(self):
        roots = [root for _site, root in self.request.sites]
        # Broken first, then those not checked, then the working ones.
        return (
            under_roots(roots).select_related("page").order_by("ok", "skipped", "page__path", "url")
        )

    def decorate_paginated_queryset(self, object_list):
        names = {root.path: root.municipality_name for _site, root in self.request.sites}
        statuses = dict(LINK_STATUSES)
        for result in object_list:
            result.problem = "" if result.ok else link_problem(result)
            result.status_label = statuses[status_of(result)]
            result.municipality = next(
                (name for path, name in names.items() if result.page.path.startswith(path)), ""
            )
        return object_list

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.results_only or not self.request.sites:
            return context
        # "Check links now" and the last check are for one municipality: the one filtered by.
        site, root, _choices = chosen_site(self.request)
        results = under_roots([root])
        return {
            **context,
            "site": site,
            "model_page": root,
            "last_checked": results.aggregate(last=Max("checked_at"))["last"],
            "broken_count": results.filter(LINK_STATUS_FILTERS["broken"]).count(),
            "job": latest_job(check_site_links, site.pk),
        }


def status_of(result):
    return "ok" if result.ok else "skipped" if result.skipped else "broken"


def latest_job(job, *args):
    """The newest queued, running or finished run of a job with these arguments (None when
    jobs run in the request, or none ran): what the admin shows as progress and result."""
    runs = DBTaskResult.objects.filter(task_path=job.module_path).order_by("-enqueued_at")
    for run in runs.only("id", "status", "args_kwargs", "enqueued_at", "finished_at")[:50]:
        if run.args_kwargs.get("args") == list(args):
            return run
    return None


@require_POST
def run_link_check(request):
    """ "Sjekk lenker nå": the check runs as a background job; the report shows its progress."""
    site, _root, _choices = chosen_site(request)
    check_site_links.enqueue(site.pk)
    messages.success(request, _("The link check has started. Reload this page to see the result."))
    return redirect(f"{reverse('model_check:links')}?site={site.pk}")


def failed_jobs_report(request):
    """Background jobs that failed, newest first: after the last attempt they need a person."""
    if not request.user.is_superuser:
        raise PermissionDenied
    # Not the arguments themselves: an import job's are a whole document (up to megabytes).
    failed = (
        DBTaskResult.objects.failed()
        .annotate(attempt=KT("args_kwargs__kwargs__attempt"))
        .defer("args_kwargs", "return_value")
        .order_by("-finished_at")[:100]
    )
    return render(
        request, "checks/jobs.html", report_context(_("Background jobs"), "cogs", failed=failed)
    )


urlpatterns = [
    path("", model_check_report, name="report"),
    path("lenker/", LinkReportView.as_view(), name="links"),
    path("lenker/resultater/", LinkReportView.as_view(results_only=True), name="links_results"),
    path("lenker/sjekk/", run_link_check, name="run_links"),
    path("jobber/", failed_jobs_report, name="jobs"),
]
