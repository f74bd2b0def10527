"""Import and export in the admin ("Import og eksport" under Settings).

- Download: a municipality's approvers (whoever may publish its root page) and superusers
  download the model as an exchange document.
- Import: upload a document for an existing site or a new hostname; every problem is shown with
  its JSON path, or else a preview of what would be added, changed and unpublished (a dry run).
  The document goes to the confirm step in a signed, compressed hidden field (nothing is
  stored on the server before the confirmation). Confirming starts a background job
  (tasks.py) that validates it again and applies it, in one transaction; the admin follows the
  job on its own page (waiting, running, done with a link, or its problems or failure).
- New municipality: the recommended model (fixtures/templates/anbefalt-modell.json) imported
  under a new site with the municipality's name, number, hostname and language, also as a job.
- A new site (a new municipality, or an import into a new address) starts behind a login; the
  coordinator is told what the model check still finds and how an approver makes it public.

Importing and making sites changes whole models, so it takes the right to add and change
Sites (Wagtail's "Sites" permissions), which superusers have.
"""

import datetime
import json
import re

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import GroupPagePermission, Site

from django_tasks_db.models import DBTaskResult

from models_app.core import choices
from models_app.model.models import ModelIndexPage

from .exporter import export_document
from .importer import import_document
from .starting import TEMPLATE_PATH, errors_to_fix
from .tasks import IMPORT, NEW_MUNICIPALITY, import_model_job, new_job_id
from .validation import DocumentError, load_document

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SIGNING_SALT = "samhandling.exchange.import"
CONFIRM_MAX_AGE = 60 * 60  # seconds between the preview and the confirmation
SITE_PERMISSIONS = ("wagtailcore.add_site", "wagtailcore.change_site")
LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
HOSTNAME = re.compile(rf"^(?=.{{1,253}}$){LABEL}(\.{LABEL})*$")


# Who may do what ---------------------------------------------------------------------------


def may_manage_sites(user):
    """Import into any site and start new ones."""
    return user.is_active and (user.is_superuser or user.has_perms(SITE_PERMISSIONS))


def may_export(user, root):
    return user.is_active and (user.is_superuser or root.permissions_for_user(user).can_publish())


def model_sites(user):
    """The sites with a model that this user may download, by name."""
    sites = Site.objects.select_related("root_page").order_by("site_name", "hostname")
    roots = {page.pk: page for page in ModelIndexPage.objects.filter(sites_rooted_here__in=sites)}
    found = []
    for site in sites:
        root = roots.get(site.root_page_id)
        if root is not None and may_export(user, root):
            found.append((site, root))
    return found


def may_use_exchange(user):
    """Whether to show the menu item: one cheap query at most."""
    if may_manage_sites(user):
        return True
    return GroupPagePermission.objects.filter(
        group__user=user, permission__codename="publish_page"
    ).exists()


class ExchangeMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_exchange(request.user)


# Forms ------------------------------------------------------------------------------------


def clean_new_hostname(value):
    hostname = (value or "").strip().lower().rstrip(".")
    if not HOSTNAME.match(hostname):
        raise forms.ValidationError(
            _("Write the address without https:// and without a path, e.g. samhandling.kommune.no.")
        )
    if Site.objects.filter(hostname=hostname).exists():
        raise forms.ValidationError(
            _("A site with this address exists already. Choose it in the list instead.")
        )
    return hostname


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Exchange document (JSON)"),
        help_text=_("A samhandlingsmodell file in the exchange format, at most 5 MB."),
    )
    site = forms.ModelChoiceField(
        queryset=Site.objects.order_by("site_name", "hostname"),
        required=False,
        label=_("Import into"),
        empty_label=_("A new site"),
    )
    hostname = forms.CharField(
        label=_("Address of the new site"),
        required=False,
        max_length=255,
        help_text=_("Only when importing into a new site, e.g. samhandling.kommune.no."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        site, hostname = cleaned.get("site"), cleaned.get("hostname", "").strip()
        if site and hostname:
            self.add_error("hostname", _("Choose a site or write a new address, not both."))
        elif not site and not hostname:
            self.add_error("hostname", _("Choose a site or write the address of a new one."))
        elif hostname:
            try:
                cleaned["hostname"] = clean_new_hostname(hostname)
            except forms.ValidationError as error:
                self.add_error("hostname", error)
        return cleaned

    def target_hostname(self):
        site = self.cleaned_data["site"]
        return site.hostname if site else self.cleaned_data["hostname"]


class NewMunicipalityForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the municipality"), max_length=200, help_text=_("E.g. Fjordvik kommune.")
    )
    number = forms.RegexField(
        label=_("Municipality number"),
        regex=r"^[0-9]{4}$",
        required=False,
        error_messages={"invalid": _("The municipality number has four digits.")},
    )
    hostname = forms.CharField(
        label=_("Address of the new site"),
        max_length=255,
        help_text=_("Without https://, e.g. samhandling.kommune.no."),
    )
    language = forms.ChoiceField(
        label=_("Written language"),
        choices=[("nb", _("Bokmål")), ("nn", _("Nynorsk"))],
        help_text=_("The language of the site. The template's texts are in bokmål: adapt them."),
    )

    def clean_hostname(self):
        return clean_new_hostname(self.cleaned_data["hostname"])

    def document(self):
        """The template, made this municipality's."""
        data = self.cleaned_data
        document = json.loads(TEMPLATE_PATH.read_text(encoding="utf-8"))
        document["municipality"] = {"name": data["name"].strip()}
        if data["number"]:
            document["municipality"]["number"] = data["number"]
        document["language"] = data["language"]
        document["title"] = f"Samhandlingsmodell for {data['name'].strip()}"
        return document


# Keeping the upload for the confirm step ---------------------------------------------------


def sign_upload(document, hostname):
    return signing.dumps(
        {"document": document, "hostname": hostname}, salt=SIGNING_SALT, compress=True
    )


def unsign_upload(token):
    """(document, hostname), or None when the token is missing, changed or too old."""
    try:
        data = signing.loads(token or "", salt=SIGNING_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    return data["document"], data["hostname"]


# Views ------------------------------------------------------------------------------------


class ExchangeMixin(WagtailAdminTemplateMixin):
    page_title = _("Import and export")
    header_icon = "download"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]


class IndexView(ExchangeMixin, TemplateView):
    template_name = "exchange/index.html"

    @classmethod
    def with_form(cls, request, **forms):
        """The index again, with a form the user must correct."""
        view = cls()
        view.setup(request)
        return view.render_to_response(view.get_context_data(**forms))

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        context["sites"] = model_sites(user)
        if may_manage_sites(user):
            context.setdefault("import_form", ImportForm())
            context.setdefault("new_form", NewMunicipalityForm())
        if not context["sites"] and not may_manage_sites(user):
            raise PermissionDenied
        return context


def require_site_management(request):
    if not may_manage_sites(request.user):
        raise PermissionDenied


class PreviewView(ExchangeMixin, TemplateView):
    """Upload: the problems, or what would change and a button to apply it."""

    template_name = "exchange/preview.html"
    page_title = _("Check the import")

    def post(self, request):
        require_site_management(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return IndexView.with_form(request, import_form=form)
        hostname = form.target_hostname()
        try:
            document = load_document(form.cleaned_data["file"])
            report = import_document(document, hostname=hostname, dry_run=True)
        except DocumentError as error:
            return self.problems(error.problems, form.cleaned_data["file"].name)
        return self.render_to_response(
            self.get_context_data(
                report=report,
                hostname=hostname,
                file_name=form.cleaned_data["file"].name,
                new_site=not form.cleaned_data["site"],
                other_municipality=other_municipality(form.cleaned_data["site"], document),
                other_language=other_language(form.cleaned_data["site"], document),
                token=sign_upload(document, hostname),
            )
        )

    def problems(self, problems, file_name):
        return self.render_to_response(
            self.get_context_data(problems=problems, file_name=file_name)
        )

    def problems_of(self, request, outcome):
        """The problems an import job found (as (path, message) pairs)."""
        self.setup(request)
        problems = [{"path": path, "message": message} for path, message in outcome["problems"]]
        return self.problems(problems, outcome["file_name"])


def other_municipality(site, document):
    """The current municipality of a site the document would replace with another, or ""."""
    root = ModelIndexPage.objects.filter(pk=site.root_page_id).first() if site else None
    name = document.get("municipality", {}).get("name", "")
    return root.municipality_name if root and root.municipality_name != name else ""


def other_language(site, document):
    """(the site's language, the document's) when they differ, for a warning; else None."""
    root = ModelIndexPage.objects.filter(pk=site.root_page_id).first() if site else None
    if root is None or root.language == document.get("language"):
        return None
    names = dict(choices.LANGUAGES)
    return names.get(root.language, root.language), names.get(document["language"], "?")


class ConfirmView(PreviewView):
    """Apply the previewed document: a background job validates it again and imports it, in one
    transaction."""

    def post(self, request):
        require_site_management(request)
        upload = unsign_upload(request.POST.get("token"))
        if upload is None:
            messages.error(
                request,
                _(
                    "The upload has expired or was changed. Upload the file again; "
                    "nothing was changed."
                ),
            )
            return redirect("samhandling_exchange:index")
        document, hostname = upload
        return start_import(request, document, hostname, IMPORT, request.POST.get("file_name", ""))


class NewMunicipalityView(PreviewView):
    """Start a municipality from the recommended model (a background job)."""

    def post(self, request):
        require_site_management(request)
        form = NewMunicipalityForm(request.POST)
        if not form.is_valid():
            return IndexView.with_form(request, new_form=form)
        if form.cleaned_data["language"] == "nn":
            messages.warning(
                request,
                _(
                    "The site's menus and fixed texts are in nynorsk, but the recommended "
                    "model's texts are in bokmål. Write them in nynorsk before the site is "
                    "made public."
                ),
            )
        document, hostname = form.document(), form.cleaned_data["hostname"]
        return start_import(request, document, hostname, NEW_MUNICIPALITY, TEMPLATE_PATH.name)


def start_import(request, document, hostname, kind, file_name):
    """Enqueue the import and follow it on the job's page; when jobs run in the request
    (development, tests) it is done already, and the result is shown at once."""
    job_id = new_job_id()
    result = import_model_job.enqueue(job_id, document, hostname, kind=kind, file_name=file_name)
    if not result.is_finished:
        return redirect("samhandling_exchange:job", job_id)
    outcome = result.return_value if result.status == "SUCCESSFUL" else None
    if outcome is None:
        messages.error(request, IMPORT_FAILED)
        return redirect("samhandling_exchange:index")
    if "problems" in outcome:
        return PreviewView().problems_of(request, outcome)
    messages.success(request, outcome_message(outcome))
    if outcome["new_site"]:
        return started_privately(request, Site.objects.get(pk=outcome["site"]))
    return redirect("wagtailadmin_explore", outcome["root_page"])


IMPORT_FAILED = _(
    "The import failed, and nothing was changed. It was tried several times; try again later, "
    "or ask an administrator to look under Reports → Background jobs."
)


def outcome_message(outcome):
    """What a finished import says: for a new municipality, or counts for an import."""
    if outcome["kind"] == NEW_MUNICIPALITY:
        return _("%(name)s has its own site at %(site)s, made from the recommended model.") % {
            "name": outcome["name"],
            "site": outcome["hostname"],
        }
    return _(
        "Imported into %(site)s: %(added)d added, %(changed)d changed, %(unpublished)d unpublished."
    ) % {
        "site": outcome["hostname"],
        "added": outcome["added"],
        "changed": outcome["changed"],
        "unpublished": outcome["unpublished"],
    }


def started_privately(request, site):
    """Tell what must be done before the private new site is made public, and show it: the
    model check of the new site."""
    messages.warning(request, private_message(site))
    return redirect(f"{reverse('model_check:report')}?site={site.pk}")


def private_message(site):
    return _(
        "Only logged-in users can see the site until an approver makes it public "
        "(Privacy on the model page: Public). First fix what the model check finds: "
        "%(count)d requirements are not met."
    ) % {"count": errors_to_fix(site)}


class JobView(ExchangeMixin, TemplateView):
    """An import running in the background: waiting, running, its problems, done (with a link
    to the result) or failed."""

    template_name = "exchange/job.html"
    page_title = _("Import")

    def get(self, request, job_id):
        require_site_management(request)
        run = latest_run(job_id)
        if run is None:
            raise Http404
        outcome = run.return_value if run.status == "SUCCESSFUL" else None
        if outcome and "problems" in outcome:
            return PreviewView().problems_of(request, outcome)
        context = {"run": run, "outcome": outcome, "failed_message": IMPORT_FAILED}
        if outcome:
            site = Site.objects.filter(pk=outcome["site"]).first()
            context["message"] = outcome_message(outcome)
            if site and outcome["new_site"]:
                context["private_message"] = private_message(site)
                context["result_url"] = f"{reverse('model_check:report')}?site={site.pk}"
            else:
                context["result_url"] = reverse("wagtailadmin_explore", args=[outcome["root_page"]])
        return self.render_to_response(self.get_context_data(**context))


def latest_run(job_id):
    """The newest attempt of the import job the admin follows by this id, without its document."""
    return (
        DBTaskResult.objects.filter(
            task_path=import_model_job.module_path, args_kwargs__args__0=str(job_id)
        )
        .defer("args_kwargs", "traceback")
        .order_by("-enqueued_at")
        .first()
    )


class ExportView(View):
    def get(self, request, site_id):
        site = Site.objects.filter(pk=site_id).first()
        root = ModelIndexPage.objects.filter(pk=site.root_page_id).first() if site else None
        if root is None:
            raise Http404
        if not may_export(request.user, root):
            raise PermissionDenied
        text = json.dumps(export_document(root), ensure_ascii=False, indent=2) + "\n"
        response = HttpResponse(text, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{export_file_name(site)}"'
        return response


def export_file_name(site):
    today = datetime.date.today().isoformat()
    name = slugify(site.hostname.replace(".", "-")) or "modell"
    return f"samhandlingsmodell-{name}-{today}.json"


urlpatterns = [
    path("", IndexView.as_view(), name="index"),
    path("forhandsvis/", PreviewView.as_view(), name="preview"),
    path("bekreft/", ConfirmView.as_view(), name="confirm"),
    path("ny-kommune/", NewMunicipalityView.as_view(), name="new"),
    path("jobb/<uuid:job_id>/", JobView.as_view(), name="job"),
    path("last-ned/<int:site_id>/", ExportView.as_view(), name="export"),
]
