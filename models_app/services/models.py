"""The municipality's services as a tree (sectors, departments, units, services), each with
its contact details and everything in the model that concerns it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from models_app.core import choices
from models_app.core.models import ContactFields, ModelPage, SectionPage
from models_app.core.visibility import visible_children

from .concerns import other_references, service_concerns, service_parent


class ServiceIndexPage(SectionPage):
    subpage_types = ["services.ServicePage"]
    template = "services/service_index_page.html"
    list_purpose = _(
        "The services that meet children, young people and families, and what concerns each."
    )
    # The template builds the whole tree itself (`{% service_tree %}`).
    lists_children = False

    class Meta:
        verbose_name = _("services")
        verbose_name_plural = _("service sections")


class ServicePage(ContactFields, ModelPage):
    service_kind = models.CharField(
        _("kind"), max_length=10, choices=choices.SERVICE_KINDS, blank=True
    )

    parent_page_types = ["services.ServiceIndexPage", "services.ServicePage"]
    subpage_types = ["services.ServicePage"]
    template = "services/service_page.html"

    content_panels = [
        *Page.content_panels,
        FieldPanel("service_kind"),
        FieldPanel("summary"),
        *ContactFields.contact_panels,
    ]

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def get_context(self, request, *args, **kwargs):
        """The service, its place in the organisation and what concerns it (concerns.py)."""
        context = super().get_context(request, *args, **kwargs)
        concerns, references = service_concerns(self, request)
        context.update(
            {
                "service_parent": service_parent(self, request),
                "service_children": visible_children(self, request, model=ServicePage),
                "concerns": concerns,
                # Replaces the generic "Used in the model": the groups already show the rest.
                "used_in": other_references(self, references, concerns, request),
            }
        )
        return context
