"""The citizens' pages: "Bekymret for et barn?" and the accessibility statement."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from models_app.core.fields import address_field, body_field, service_list_field
from models_app.core.models import ModelPage, SinglePage
from models_app.core.streams import chosen_pages, raw_list_items
from models_app.core.visibility import visibility_for
from models_app.services.models import ServicePage


class ConcernPage(SinglePage):
    """ "Bekymret for et barn?": what a citizen can do, whom to contact, what happens next."""

    what_you_can_do = body_field()
    contacts = service_list_field(_("whom to contact"))
    what_happens_next = body_field()

    template = "citizen/concern_page.html"
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("what_you_can_do", heading=_("What you can do")),
        FieldPanel("contacts"),
        FieldPanel("what_happens_next", heading=_("What happens next")),
    ]
    search_fields = [
        *ModelPage.search_fields,
        index.SearchField("what_you_can_do"),
        index.SearchField("what_happens_next"),
    ]

    class Meta:
        verbose_name = _("worried about a child")
        verbose_name_plural = _("worried about a child")

    @property
    def contact_pages(self):
        return chosen_pages(self.contacts)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["contacts"] = self.visible_contacts(request)
        return context

    def visible_contacts(self, request):
        """The chosen services this visitor may see, in the chosen order: one query however
        many there are."""
        ids = [pk for pk in raw_list_items(self.contacts.raw_data) if pk]
        if not ids:
            return []
        found = visibility_for(request).filter(ServicePage.objects.filter(id__in=set(ids)))
        by_id = {service.id: service for service in found}
        return list({pk: by_id[pk] for pk in ids if pk in by_id}.values())


class AccessibilityPage(SinglePage):
    """The tilgjengelighetserklæring, linked from every page's footer."""

    body = body_field()
    statement_url = address_field(_("published statement (uustatus.no)"))

    template = "citizen/accessibility_page.html"
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("statement_url"),
    ]
    search_fields = [*ModelPage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")
