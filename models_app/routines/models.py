"""Routines and procedures: the steps, who does them, and which services take part."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from models_app.core.fields import (
    address_field,
    body_field,
    links_field,
    responsible_field,
    service_list_field,
)
from models_app.core.models import ModelPage, ReviewFields, SectionPage
from models_app.core.streams import chosen_pages


class RoutineIndexPage(SectionPage):
    template = "core/section_page.html"
    subpage_types = ["routines.RoutinePage"]
    list_purpose = _("The routines employees follow, step by step, when they work together.")

    class Meta:
        verbose_name = _("routines")
        verbose_name_plural = _("routine sections")


class RoutinePage(ReviewFields, ModelPage):
    body = body_field()
    steps = models.TextField(
        _("steps"), blank=True, help_text=_("One step per line, in the order they are done.")
    )
    services = service_list_field(_("services"))
    responsible = responsible_field()
    document_url = address_field(_("link to the routine"))
    links = links_field()

    parent_page_types = ["routines.RoutineIndexPage"]
    subpage_types = []
    shows_usage = True
    template = "routines/routine_page.html"
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("steps"),
        FieldPanel("services"),
        FieldPanel("responsible"),
        FieldPanel("document_url"),
        FieldPanel("links"),
        *ReviewFields.review_panels,
    ]
    search_fields = [
        *ModelPage.search_fields,
        index.SearchField("body"),
        index.SearchField("steps"),
        index.SearchField("responsible"),
    ]

    class Meta:
        verbose_name = _("routine")
        verbose_name_plural = _("routines")

    @property
    def service_pages(self):
        return chosen_pages(self.services)

    @property
    def step_list(self):
        return [line.strip() for line in self.steps.splitlines() if line.strip()]
