"""Tools: forms, templates, conversation and assessment tools, each one object that every
guide step, routine and element links to, so one edit changes it everywhere. Its file is a
Wagtail document; the documents of internal tools live in the municipality's private
collection, which Wagtail's document view (`/dokumenter/<id>/<filename>`) keeps private."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from models_app.core import choices
from models_app.core.fields import address_field
from models_app.core.models import ModelPage, ReviewFields, SectionPage

from .overview import tool_overview


class ToolIndexPage(SectionPage):
    template = "tools/tool_index_page.html"
    list_purpose = _("Forms, templates and conversation and screening tools for employees.")
    subpage_types = ["tools.ToolPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(tool_overview(context["items"]))
        return context

    class Meta:
        verbose_name = _("tools")
        verbose_name_plural = _("tool sections")


class ToolPage(ReviewFields, ModelPage):
    tool_kind = models.CharField(_("kind"), max_length=20, choices=choices.TOOL_KINDS, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("document"),
        help_text=_("The form or template itself. Put internal documents in a private collection."),
    )
    document_url = address_field(_("link to the tool"))

    parent_page_types = ["tools.ToolIndexPage"]
    subpage_types = []
    shows_usage = True
    template = "tools/tool_page.html"
    content_panels = [
        *Page.content_panels,
        FieldPanel("tool_kind"),
        FieldPanel("summary"),
        FieldPanel("document"),
        FieldPanel("document_url"),
        *ReviewFields.review_panels,
    ]

    class Meta:
        verbose_name = _("tool")
        verbose_name_plural = _("tools")
