"""Plans and føringer: what is decided, by whom, and until when."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Page
from wagtail.search import index

from models_app.core import choices
from models_app.core.fields import address_field, body_field, links_field
from models_app.core.models import ModelPage, ReviewFields, SectionPage


class PlanIndexPage(SectionPage):
    template = "core/section_page.html"
    subpage_types = ["plans.PlanPage"]
    list_purpose = _("The plans and decisions that bind the work with children and young people.")

    class Meta:
        verbose_name = _("plans")
        verbose_name_plural = _("plan sections")


class PlanPage(ReviewFields, ModelPage):
    plan_kind = models.CharField(_("kind"), max_length=20, choices=choices.PLAN_KINDS, blank=True)
    body = body_field()
    adopted_by = models.CharField(_("adopted by"), max_length=255, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    document_url = address_field(_("link to the plan"))
    links = links_field()

    parent_page_types = ["plans.PlanIndexPage"]
    subpage_types = []
    shows_usage = True
    template = "plans/plan_page.html"
    content_panels = [
        *Page.content_panels,
        FieldPanel("plan_kind"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldRowPanel(
            [FieldPanel("adopted_by"), FieldPanel("adopted_on"), FieldPanel("valid_until")]
        ),
        FieldPanel("document_url"),
        FieldPanel("links"),
        *ReviewFields.review_panels,
    ]
    search_fields = [*ModelPage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
