"""Admin reports: Modellsjekk (the model against the grant's rules) and the stored link checks.

Both show one municipality at a time: the sites whose pages the user may edit, with a chooser
when there are several. Anyone else is refused (PermissionDenied).
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from django_tasks_db.models import DBTaskResult

from models_app.core.admin import chosen_site

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
    site, root, choices = chosen_site(request)
    findings = check_model(root, site_id=site.pk)
    errors = [finding for finding in findings if finding.is_error]
    return render(
        request,
        "checks/report.html",
        {
            "page_title": _("Model check"),
            "header_title": _("Model check"),
            "breadcrumbs_items": breadcrumbs(_("Model check")),
            "header_icon": "tasks",
            "site": site,
            "model_page": root,
            "site_choices": choices,
            "levels": grouped(findings),
            "error_count": len(errors),
            "warning_count": len(findings) - len(errors),
        },
    )


def link_report(request):
    site, root, choices = chosen_site(request)
    results = LinkCheckResult.objects.filter(page__path__startswith=root.path).select_related(
        "page"
    )
    last_checked = results.aggregate(last=Max("checked_at"))["last"]
    results = list(results.order_by("ok", "-skipped", "page__path", "url"))
    for result in results:
        result.problem = link_problem(result)
    return render(
        request,
        "checks/links.html",
        {
            "page_title": _("Link check"),
            "header_title": _("Link check"),
            "breadcrumbs_items": breadcrumbs(_("Link check")),
            "header_icon": "link",
            "site": site,
            "model_page": root,
            "site_choices": choices,
            "results": results,
            "broken_count": sum(not result.ok and not result.skipped for result in results),
            "last_checked": last_checked,
            "job": latest_job(check_site_links, site.pk),
        },
    )


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
    failed = DBTaskResult.objects.failed().order_by("-finished_at")[:100]
    return render(
        request,
        "checks/jobs.html",
        {
            "page_title": _("Background jobs"),
            "header_title": _("Background jobs"),
            "breadcrumbs_items": breadcrumbs(_("Background jobs")),
            "header_icon": "cogs",
            "failed": failed,
        },
    )


urlpatterns = [
    path("", model_check_report, name="report"),
    path("lenker/", link_report, name="links"),
    path("lenker/sjekk/", run_link_check, name="run_links"),
    path("jobber/", failed_jobs_report, name="jobs"),
]
