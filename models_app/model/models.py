"""The model itself: the municipality's root page with the clickable 3 × 2 grid, its three
levels and the elements in each cell.

ModelIndexPage (a site's root: the grid)
├── LevelPage ×3 (kommune / etat / individ) ── ElementPage
└── the sections of the other apps (plans, routines, arenas, measures, tools, services, the
    guide) and the citizens' pages, named here by string
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from models_app.core import choices
from models_app.core.fields import (
    ChoiceListField,
    address_field,
    body_field,
    links_field,
    responsible_field,
    service_list_field,
)
from models_app.core.glossary import glossary_terms
from models_app.core.models import (
    ModelPage,
    ReviewFields,
    SectionPage,
    remembered_during_an_import,
)
from models_app.core.streams import chosen_pages

from .blocks import GlossaryBlock
from .grid import grid_rows, level_cells, model_grid, service_filter, visible_elements


class ModelIndexPage(RoutablePageMixin, ModelPage):
    """The root of a municipality's site: the model as a clickable grid."""

    municipality_name = models.CharField(_("municipality"), max_length=255)
    municipality_number = models.CharField(
        _("municipality number"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{4}$", _("Four digits."))],
    )
    municipality_website = address_field(_("municipality website"))
    language = models.CharField(
        _("content language"), max_length=2, choices=choices.LANGUAGES, default="nb"
    )
    body = body_field()
    target_groups = ChoiceListField(_("target groups"), item_choices=choices.TARGET_GROUPS)
    kultur_title = models.CharField(_("title of the culture dimension"), max_length=255, blank=True)
    kultur_summary = models.TextField(_("about the culture dimension"), blank=True)
    struktur_title = models.CharField(
        _("title of the structure dimension"), max_length=255, blank=True
    )
    struktur_summary = models.TextField(_("about the structure dimension"), blank=True)
    glossary = StreamField(
        GlossaryBlock(),
        blank=True,
        verbose_name=_("glossary"),
        help_text=_("Terms explained wherever the model's texts use them; each term once."),
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "model.LevelPage",
        "plans.PlanIndexPage",
        "routines.RoutineIndexPage",
        "arenas.ArenaIndexPage",
        "measures.MeasureIndexPage",
        "tools.ToolIndexPage",
        "services.ServiceIndexPage",
        "guide.GuidePage",
        "citizen.ConcernPage",
        "citizen.AccessibilityPage",
        "changelog.ChangeLogPage",
    ]
    template = "model/model_index_page.html"
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("municipality_name"),
                FieldRowPanel([FieldPanel("municipality_number"), FieldPanel("language")]),
                FieldPanel("municipality_website"),
            ],
            heading=_("Municipality"),
        ),
        FieldPanel("target_groups"),
        MultiFieldPanel(
            [
                FieldPanel("kultur_title"),
                FieldPanel("kultur_summary"),
                FieldPanel("struktur_title"),
                FieldPanel("struktur_summary"),
            ],
            heading=_("Dimensions"),
        ),
        FieldPanel("glossary", heading=_("Glossary")),
    ]
    search_fields = [*ModelPage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("samhandlingsmodell")
        verbose_name_plural = _("samhandlingsmodeller")

    def dimension_title(self, key):
        return getattr(self, f"{key}_title") or dict(choices.DIMENSIONS)[key]

    @property
    def sitemap_routes(self):
        """Ordforklaringer is a page of its own for visitors once the model has terms."""
        return ("glossary",) if glossary_terms(self) else ()

    @path("ordforklaringer/", name="glossary")
    def glossary_page(self, request):
        """Ordforklaringer: every term of the glossary, alphabetically."""
        terms = sorted(glossary_terms(self), key=lambda term: term.term.casefold())
        return self.render(
            request, template="model/glossary_page.html", context_overrides={"terms": terms}
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # "Jeg jobber i …": the elements are read once, for the form's list and the grid.
        elements = visible_elements(ElementPage.objects.descendant_of(self), request)
        service = service_filter(self, elements, request)
        levels = LevelPage.objects.child_of(self)
        context["grid"] = grid_rows(self, levels, elements, request, service["selected_service"])
        context["service_filter"] = service
        return context

    def grid(self, request):
        """The grid of the elements this visitor may see (also for the embedded model)."""
        return model_grid(
            self,
            LevelPage.objects.child_of(self),
            ElementPage.objects.descendant_of(self),
            request,
        )


class LevelPage(SectionPage):
    level = models.CharField(_("level"), max_length=10, choices=choices.LEVELS)

    subpage_types = ["model.ElementPage"]
    max_count_per_parent = 3
    template = "model/level_page.html"
    content_panels = [*Page.content_panels, FieldPanel("level"), FieldPanel("summary")]
    # The template shows the elements by dimension (`cells`), not as a plain list.
    lists_children = False

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["cells"] = level_cells(self, ElementPage.objects.child_of(self), request)
        return context


class ElementPage(ReviewFields, ModelPage):
    dimension = models.CharField(_("dimension"), max_length=10, choices=choices.DIMENSIONS)
    kind = models.CharField(_("kind"), max_length=20, choices=choices.ELEMENT_KINDS, blank=True)
    themes = ChoiceListField(
        _("themes"),
        item_choices=choices.THEMES,
        help_text=_("The grant's cross-cutting requirements this element shows."),
    )
    services = service_list_field(_("services"))
    responsible = responsible_field()
    body = body_field()
    links = links_field()

    parent_page_types = ["model.LevelPage"]
    subpage_types = []
    shows_usage = True
    template = "model/element_page.html"
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("dimension"), FieldPanel("kind")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("themes"),
        FieldPanel("services"),
        FieldPanel("responsible"),
        FieldPanel("links"),
        *ReviewFields.review_panels,
    ]
    search_fields = [*ModelPage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("model element")
        verbose_name_plural = _("model elements")

    def get_admin_display_title(self):
        """The title with the element's cell, as the admin's page listings, search results and
        choosers show it: Wagtail's hook for "extra contextual information about the page"."""
        if hasattr(self, "element_level"):  # read by the listing's own query (wagtail_hooks)
            level = self.element_level
        else:
            parent_path = self.path[: -self.steplen]
            level = remembered_during_an_import(
                ("level", parent_path),
                # An import logs each element it makes and publishes, with this title.
                lambda: (
                    LevelPage.objects.filter(path=parent_path)
                    .values_list("level", flat=True)
                    .first()
                ),
            )
        return _("%(title)s (%(level)s · %(dimension)s)") % {
            "title": super().get_admin_display_title(),
            "level": dict(choices.LEVELS).get(level, "–"),
            "dimension": dict(choices.DIMENSIONS).get(self.dimension, "–"),
        }

    @property
    def service_pages(self):
        return chosen_pages(self.services)


def with_element_levels(pages):
    """Pages annotated with the level of their parent level page: admin listings show each
    element's cell (get_admin_display_title) without one query per element."""
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    levels = LevelPage.objects.filter(path=parent_path).values("level")[:1]
    return pages.annotate(element_level=Subquery(levels))
