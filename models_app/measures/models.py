"""Measures (tiltak) and the tiltaksoversikt that filters them."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Page
from wagtail.search import index

from models_app.core import choices
from models_app.core.fields import ChoiceListField, address_field, body_field, links_field
from models_app.core.models import ContactFields, ModelPage, ReviewFields, SectionPage

from .overview import measure_overview


class MeasureIndexPage(SectionPage):
    """The tiltaksoversikt: measures filtered by target group, age, provider and access."""

    template = "measures/measure_index_page.html"
    list_purpose = _(
        "What the municipality offers children, young people and families, for whom, "
        "and how to get it."
    )
    subpage_types = ["measures.MeasurePage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(measure_overview(self, request, context["items"]))
        return context

    class Meta:
        verbose_name = _("measures")
        verbose_name_plural = _("measure sections")


class MeasurePage(ContactFields, ReviewFields, ModelPage):
    body = body_field()
    provider = models.ForeignKey(
        "services.ServicePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
        verbose_name=_("provided by"),
    )
    target_groups = ChoiceListField(_("target groups"), item_choices=choices.TARGET_GROUPS)
    age_min = models.PositiveSmallIntegerField(
        _("from age"), null=True, blank=True, validators=[MaxValueValidator(30)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("to age"), null=True, blank=True, validators=[MaxValueValidator(30)]
    )
    access = models.CharField(_("how to get it"), max_length=20, choices=choices.ACCESS, blank=True)
    evidence_url = address_field(_("documented effect (link)"))
    links = links_field()

    parent_page_types = ["measures.MeasureIndexPage"]
    subpage_types = []
    shows_usage = True
    template = "measures/measure_page.html"
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("provider"),
        FieldPanel("target_groups"),
        FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max"), FieldPanel("access")]),
        FieldPanel("evidence_url"),
        *ContactFields.contact_panels,
        FieldPanel("links"),
        *ReviewFields.review_panels,
    ]
    search_fields = [*ModelPage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
