"""What every page of a municipality's model shares, and the settings of its site.

- `ModelPage`: the base of every page type (an exchange id, a plain summary, a change note),
  which renders in the municipality's language and adds the page's own frame (breadcrumbs,
  internal badge, links and where it is used) to its context.
- `SectionPage` and `SinglePage`: a section of the model that lists its children, and a page
  each municipality has once.
- Field mixins that carry their panels: `ReviewFields` (the review cycle) and
  `ContactFields`.
- `MunicipalitySettings`: what a municipality sets once for its site, including the pages its
  footer links to.

The section apps build their page types on these; nothing here imports a section.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from . import choices
from .dates import next_review_date
from .fields import address_field, exchange_id_validator
from .forms import ModelPageForm
from .links import duplicate_links, page_links, used_in
from .origins import allowed_origins, validate_origins
from .routing import route_below
from .sites import interface_language, model_page_for
from .visibility import visibility_for, visible_children

CHANGE_NOTE_PANEL = FieldPanel(
    "change_note",
    help_text=_(
        "What changed in this edit, in a short sentence. Shown publicly with the date it was "
        "published, never with your name. Write a new note for each edit: a note left as it "
        "was is removed when the page is published again."
    ),
)


# Wagtail cleans a page on every save, and asks on every save whether it is a site's root; the
# importer's pages are saved three times (made, revised, published). Inside
# `saved_by_an_import(site_roots)` the importer has cleaned each page itself, once, before its
# revision: its saves skip the repeat (about a dozen queries each), and they take the sites'
# roots (translation keys) from the importer, who holds them fixed, instead of asking each time.
@dataclass
class _Import:
    site_roots: frozenset
    remembered: dict


_IMPORT = ContextVar("import", default=None)


@contextmanager
def saved_by_an_import(site_roots):
    token = _IMPORT.set(_Import(frozenset(site_roots), {}))
    try:
        yield
    finally:
        _IMPORT.reset(token)


def remembered_during_an_import(key, read):
    """`read()`, once per import for each key, for what an import holds fixed (it never moves a
    level page, say); read each time outside an import."""
    current = _IMPORT.get()
    if current is None:
        return read()
    if key not in current.remembered:
        current.remembered[key] = read()
    return current.remembered[key]


class ModelPage(Page):
    """Every page of a municipality's model: a stable exchange id and a plain-text summary."""

    exchange_id = models.CharField(
        _("identifier"),
        max_length=80,
        blank=True,
        db_index=True,
        validators=[exchange_id_validator],
        help_text=_("Stable identifier used by import and export. Taken from the slug when empty."),
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences in plain language.")
    )
    change_note = models.CharField(
        _("change note"),
        max_length=255,
        blank=True,
        help_text=_("What changed, in a short sentence. Shown publicly with the date."),
    )

    search_fields = [*Page.search_fields, index.SearchField("summary")]
    promote_panels = [*Page.promote_panels, FieldPanel("exchange_id")]
    # Refuses links to another municipality's pages.
    base_form_class = ModelPageForm
    # A page made private in the admin is restricted to groups (the municipality's employees,
    # editors and approvers), never to "any logged-in user", who may work for another
    # municipality (docs/editors.md).
    private_page_options = ["groups"]

    # Pages that others link to show where they are used in the model.
    shows_usage = False
    # Routes of a routable page that are pages of their own for visitors (the sitemap lists
    # them); print views and feeds are not.
    sitemap_routes = ()

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        """Every page type's edit form ends with the change note, in this one place."""
        super().__init_subclass__(**kwargs)
        panels = cls.__dict__.get("content_panels")
        if panels is not None and CHANGE_NOTE_PANEL not in panels:
            cls.content_panels = [*panels, CHANGE_NOTE_PANEL]

    def clean(self):
        super().clean()
        self.refuse_duplicate_links()

    def refuse_duplicate_links(self):
        """The same page or address twice in one list is a slip (a link added again), not a
        choice: it would show twice to visitors and in the exchange file."""
        if not hasattr(self, "links"):
            return
        repeated = duplicate_links(self.links.raw_data)
        if repeated:
            names = ", ".join(f"«{name}»" for name in repeated)
            raise ValidationError(
                {
                    "links": _(
                        "These links are in the list more than once: %(links)s. Remove the copies."
                    )
                    % {"links": names}
                }
            )

    def save(self, *args, **kwargs):
        if not self.exchange_id:
            self.exchange_id = self.slug[:80]
        if _IMPORT.get() is not None:
            kwargs["clean"] = False
        super().save(*args, **kwargs)

    def is_site_root(self):
        current = _IMPORT.get()
        if current is None:
            return super().is_site_root()
        return self.translation_key in current.site_roots

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        return route_below(self, request, path_components, ModelPage.route)

    def get_view_restrictions(self):
        """Wagtail's privacy check before serving: a page that the request's visibility (one
        query for the site's restrictions, set by core's `before_serve_page` hook) knows to be
        public has none, with no query of its own."""
        visibility = getattr(self, "_serving_visibility", None)
        if visibility is not None and self.alias_of_id is None and visibility.is_public(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def breadcrumbs(self, model_page):
        """The pages from the model page down to this page's parent: known from routing, else
        one query."""
        if model_page is None or self.depth <= model_page.depth:
            return []
        known = getattr(self, "_model_ancestors", None)
        if known is not None and known and known[0].pk == model_page.pk:
            return known
        return [a for a in self.get_ancestors() if a.depth >= model_page.depth]

    def serve(self, request, *args, **kwargs):
        # The page frame of this request belongs to this page's municipality.
        model_page_for(self, request)
        return super().serve(request, *args, **kwargs)

    def serve_preview(self, request, mode_name):
        """The admin keeps the editor's language; a preview shows the municipality's."""
        with translation.override(interface_language(model_page_for(self, request))):
            response = super().serve_preview(request, mode_name)
            if hasattr(response, "render"):
                response.render()
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        model_page = model_page_for(self, request)
        visibility = visibility_for(request)
        context["breadcrumbs"] = self.breadcrumbs(model_page)
        context["is_internal"] = visibility.is_private(self)
        if hasattr(self, "links"):
            context["links"] = page_links(self, request)
        if self.shows_usage:
            context["used_in"] = used_in(self, request)
        return context


class SectionPage(ModelPage):
    """A section of the model (plans, routines …) that lists its child pages in order."""

    template = "core/section_page.html"
    parent_page_types = ["model.ModelIndexPage"]
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, FieldPanel("summary")]

    # Sections whose template builds its own list (the service tree, the guide) skip `items`.
    lists_children = True
    # One sentence that says what the list is for, the page's lead when its summary is empty.
    list_purpose = ""

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.lists_children:
            context["items"] = visible_children(self, request)
        return context


class SinglePage(ModelPage):
    """A page that each municipality has at most once, directly below its model."""

    parent_page_types = ["model.ModelIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        abstract = True


class ReviewFields(models.Model):
    """Who keeps an object true, and when it is due for its next review. A page type with
    these fields has a review cycle (see `review_page_models`)."""

    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(
        _("review interval (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    review_responsible = models.CharField(
        _("responsible for review"),
        max_length=255,
        blank=True,
        help_text=_("A function or role, never a person's name."),
    )
    review_email = models.EmailField(
        _("e-mail for review reminders"),
        blank=True,
        help_text=_("The responsible function's shared address. Not shown on the public site."),
    )

    review_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("review_interval_months")]),
                FieldPanel("review_responsible"),
                FieldPanel("review_email"),
            ],
            heading=_("Review"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def next_review(self):
        return next_review_date(self.last_reviewed, self.review_interval_months)

    @property
    def responsible_function(self):
        return getattr(self, "responsible", "") or self.review_responsible


def review_page_models():
    """Every page type with a review cycle (elements, plans, routines, arenas, measures,
    tools …), in the order the apps and their models are defined: the one place that says
    which they are."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, ReviewFields) and issubclass(model, Page)
    ]


class ContactFields(models.Model):
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=255, blank=True)
    contact_url = address_field(_("web page"))

    contact_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("address"),
                FieldPanel("opening_hours"),
                FieldPanel("contact_url"),
            ],
            heading=_("Contact"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def has_contact(self):
        return any((self.phone, self.email, self.address, self.opening_hours, self.contact_url))


# Bufdir's national service for reporting concern to the child welfare service.
DEFAULT_REPORT_CONCERN_URL = "https://www.bufdir.no/barnevern/meld-bekymring/"


def footer_page_field(verbose_name):
    return models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
    )


class ColourTheme(models.TextChoices):
    """Designsystemet's colours (its `data-color` values), each tested for contrast with every
    public page type (tests/test_accessibility.py); a municipality picks one, never a hex code."""

    BLUE = "accent", _("Blue")
    GREEN = "brand1", _("Green")
    PURPLE = "brand2", _("Purple")
    GREY = "neutral", _("Grey")


@register_setting(icon="warning")
class MunicipalitySettings(BaseSiteSetting):
    report_concern_url = models.URLField(
        _("report concern to the child welfare service (address)"),
        max_length=500,
        default=DEFAULT_REPORT_CONCERN_URL,
        help_text=_("The national service where anyone can report concern about a child."),
    )
    child_welfare_emergency_phone = models.CharField(
        _("barnevernvakt (phone)"),
        max_length=32,
        blank=True,
        help_text=_("The child welfare emergency service that covers the municipality, if any."),
    )
    colour_theme = models.CharField(
        _("colour theme"),
        max_length=16,
        choices=ColourTheme.choices,
        default=ColourTheme.BLUE,
        help_text=_("The colour of the public site. Every theme meets the contrast requirements."),
    )
    # The pages every page links to at its foot (and the model page at its top).
    concern_page = footer_page_field(_("worried about a child (page)"))
    accessibility_page = footer_page_field(_("accessibility statement (page)"))
    change_log_page = footer_page_field(_("change log (page)"))
    embed_origins = models.TextField(
        _("websites that may show the model (embed)"),
        blank=True,
        validators=[validate_origins],
        help_text=_(
            "One address per line, e.g. https://www.kommune.no. Only these websites may show "
            "the model inside their own pages (/innebygd/)."
        ),
    )
    open_data_licence = models.CharField(
        _("licence of the open data"),
        max_length=20,
        choices=choices.LICENCES,
        default="nlod-2.0",
        help_text=_("The terms others may reuse the published model under."),
    )

    panels = [
        FieldPanel("report_concern_url"),
        FieldPanel("child_welfare_emergency_phone"),
        FieldPanel("colour_theme"),
        MultiFieldPanel(
            [
                FieldPanel("concern_page"),
                FieldPanel("accessibility_page"),
                FieldPanel("change_log_page"),
            ],
            heading=_("Pages in the footer"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("embed_origins"),
                HelpPanel(template="core/embed_snippet_panel.html"),
            ],
            heading=_("The model on your own website"),
        ),
        FieldPanel("open_data_licence"),
    ]

    class Meta:
        verbose_name = _("municipality settings")

    FOOTER_PAGES = ("concern_page", "accessibility_page", "change_log_page")

    def footer_page_ids(self):
        """{"concern": id, "accessibility": id, "change_log": id}, for the chosen ones."""
        return {
            name.removesuffix("_page"): getattr(self, f"{name}_id")
            for name in self.FOOTER_PAGES
            if getattr(self, f"{name}_id")
        }

    def frame_ancestors(self):
        """Who may frame the embedded model: this site and the listed origins."""
        return ["'self'", *allowed_origins(self.embed_origins)]

    def licence(self):
        """(name, address) of the open data's licence."""
        key = self.open_data_licence or "nlod-2.0"
        return dict(choices.LICENCES)[key], choices.LICENCE_URLS[key]
