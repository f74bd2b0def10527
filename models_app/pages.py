"""The municipality's page tree: the model, its levels and elements, and the sections they link to.

ModelIndexPage (site root, the clickable grid)
├── LevelPage ×3 (kommune / etat / individ) ── ElementPage
├── PlanIndexPage ── PlanPage
├── RoutineIndexPage ── RoutinePage
├── ArenaIndexPage ── ArenaPage
├── MeasureIndexPage ── MeasurePage
├── ToolIndexPage ── ToolPage
├── ServiceIndexPage ── ServicePage ── ServicePage …
├── GuidePage ── GuideLevelPage (steps in order)
├── ConcernPage ("Bekymret for et barn?", for citizens)
├── AccessibilityPage (the tilgjengelighetserklæring)
└── ChangeLogPage (the endringslogg)
"""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.blocks import PageChooserBlock
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from . import choices
from .blocks import RICH_TEXT_FEATURES, LinkBlock, StepBlock, address_validator
from .fields import ChoiceListField


def address_field(verbose_name):
    return models.CharField(
        verbose_name, max_length=2000, blank=True, validators=[address_validator]
    )


exchange_id_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]*$", _("Use lower-case letters a–z, digits and hyphens.")
)


def links_field():
    return StreamField(
        [("link", LinkBlock())],
        blank=True,
        verbose_name=_("Links"),
        help_text=_("What makes this real: plans, routines, arenas, measures, tools, services."),
    )


def service_list_field(verbose_name):
    """Services in the order to show them; a stream of choosers, so order is kept and the
    reference index knows every use."""
    return StreamField(
        [("service", PageChooserBlock(page_type="models_app.ServicePage", label=_("Service")))],
        blank=True,
        verbose_name=verbose_name,
    )


def chosen_pages(stream):
    return [child.value for child in stream if child.value is not None]


def body_field():
    return RichTextField(features=RICH_TEXT_FEATURES, blank=True, verbose_name=_("Body"))


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


CHANGE_NOTE_PANEL = FieldPanel(
    "change_note",
    help_text=_(
        "What changed in this edit, in a short sentence. Shown publicly with the date it was "
        "published, never with your name. Write a new note for each edit: a note left as it "
        "was is removed when the page is published again."
    ),
)


def next_review_date(last_reviewed, interval_months):
    if last_reviewed and interval_months:
        return add_months(last_reviewed, interval_months)
    return None


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

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        """Every page type's edit form ends with the change note, in this one place."""
        super().__init_subclass__(**kwargs)
        panels = cls.__dict__.get("content_panels")
        if panels is not None and CHANGE_NOTE_PANEL not in panels:
            cls.content_panels = [*panels, CHANGE_NOTE_PANEL]

    def save(self, *args, **kwargs):
        if not self.exchange_id:
            self.exchange_id = self.slug[:80]
        super().save(*args, **kwargs)

    # Pages that others link to show where they are used in the model.
    shows_usage = False

    def serve(self, request, *args, **kwargs):
        """Render in the municipality's language (bokmål or nynorsk), whatever the browser says."""
        from .views import interface_language, model_page_for

        model_page = model_page_for(self, request)
        with translation.override(interface_language(model_page)):
            response = super().serve(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response

    def get_context(self, request, *args, **kwargs):
        from .views import page_frame, page_links, used_in

        context = super().get_context(request, *args, **kwargs)
        context.update(page_frame(self, request))
        if hasattr(self, "links"):
            context["links"] = page_links(self, request)
        if self.shows_usage:
            context["used_in"] = used_in(self, request)
        return context


class ReviewFields(models.Model):
    """Who keeps an object true, and when it is due for its next review."""

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


class ModelIndexPage(ModelPage):
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

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "models_app.LevelPage",
        "models_app.PlanIndexPage",
        "models_app.RoutineIndexPage",
        "models_app.ArenaIndexPage",
        "models_app.MeasureIndexPage",
        "models_app.ToolIndexPage",
        "models_app.ServiceIndexPage",
        "models_app.GuidePage",
        "models_app.ConcernPage",
        "models_app.AccessibilityPage",
        "models_app.ChangeLogPage",
    ]
    template = "pages/model_index_page.html"
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
    ]
    search_fields = [*ModelPage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("samhandlingsmodell")
        verbose_name_plural = _("samhandlingsmodeller")

    def dimension_title(self, key):
        return getattr(self, f"{key}_title") or dict(choices.DIMENSIONS)[key]

    def get_context(self, request, *args, **kwargs):
        from .views import model_grid

        context = super().get_context(request, *args, **kwargs)
        context["grid"] = model_grid(self, request)
        return context


class SectionPage(ModelPage):
    """A section of the model (plans, routines …) that lists its child pages in order."""

    template = "pages/section_page.html"
    parent_page_types = ["models_app.ModelIndexPage"]
    max_count_per_parent = 1
    content_panels = [*Page.content_panels, FieldPanel("summary")]

    # Sections whose template builds its own list (the service tree, the guide) skip `items`.
    lists_children = True

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        from .views import visible_children

        context = super().get_context(request, *args, **kwargs)
        if self.lists_children:
            context["items"] = visible_children(self, request)
        return context


class LevelPage(SectionPage):
    level = models.CharField(_("level"), max_length=10, choices=choices.LEVELS)

    subpage_types = ["models_app.ElementPage"]
    max_count_per_parent = 3
    template = "pages/level_page.html"
    content_panels = [*Page.content_panels, FieldPanel("level"), FieldPanel("summary")]

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def get_context(self, request, *args, **kwargs):
        from .views import level_cells

        context = super(SectionPage, self).get_context(request, *args, **kwargs)
        context["cells"] = level_cells(self, request)
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
    responsible = models.CharField(
        _("responsible function"),
        max_length=255,
        blank=True,
        help_text=_("A function or role, never a person's name."),
    )
    body = body_field()
    links = links_field()

    parent_page_types = ["models_app.LevelPage"]
    subpage_types = []
    shows_usage = True
    template = "pages/element_page.html"
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

    @property
    def service_pages(self):
        return chosen_pages(self.services)


class ServiceIndexPage(SectionPage):
    subpage_types = ["models_app.ServicePage"]
    template = "pages/service_index_page.html"
    lists_children = False

    class Meta:
        verbose_name = _("services")
        verbose_name_plural = _("service sections")


class ServicePage(ContactFields, ModelPage):
    service_kind = models.CharField(
        _("kind"), max_length=10, choices=choices.SERVICE_KINDS, blank=True
    )

    parent_page_types = ["models_app.ServiceIndexPage", "models_app.ServicePage"]
    subpage_types = ["models_app.ServicePage"]
    template = "pages/service_page.html"

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
        from .services import service_overview

        context = super().get_context(request, *args, **kwargs)
        context.update(service_overview(self, request))
        return context


class PlanIndexPage(SectionPage):
    template = "pages/section_page.html"
    subpage_types = ["models_app.PlanPage"]

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

    parent_page_types = ["models_app.PlanIndexPage"]
    subpage_types = []
    shows_usage = True
    template = "pages/plan_page.html"
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


class RoutineIndexPage(SectionPage):
    template = "pages/section_page.html"
    subpage_types = ["models_app.RoutinePage"]

    class Meta:
        verbose_name = _("routines")
        verbose_name_plural = _("routine sections")


class RoutinePage(ReviewFields, ModelPage):
    body = body_field()
    steps = models.TextField(
        _("steps"), blank=True, help_text=_("One step per line, in the order they are done.")
    )
    services = service_list_field(_("services"))
    responsible = models.CharField(
        _("responsible function"),
        max_length=255,
        blank=True,
        help_text=_("A function or role, never a person's name."),
    )
    document_url = address_field(_("link to the routine"))
    links = links_field()

    parent_page_types = ["models_app.RoutineIndexPage"]
    subpage_types = []
    shows_usage = True
    template = "pages/routine_page.html"
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


class ArenaIndexPage(RoutablePageMixin, SectionPage):
    """Meeting arenas by level, the årshjul, and an iCalendar feed of them all."""

    template = "pages/arena_index_page.html"
    subpage_types = ["models_app.ArenaPage"]

    @path("")
    def arena_list(self, request):
        from .calendar import arena_index_context

        return self.render(request, context_overrides=arena_index_context(self, request))

    @path("arshjul/", name="annual_wheel")
    def annual_wheel(self, request):
        from .calendar import annual_wheel_context

        return self.render(
            request,
            template="pages/annual_wheel.html",
            context_overrides=annual_wheel_context(self, request),
        )

    # Wagtail routes sub-paths with a trailing slash ("kalender.ics/"); the feed's address has none.
    @re_path(r"^kalender\.ics/?$", name="calendar")
    def calendar(self, request):
        from .calendar import calendar_response

        return calendar_response(self, request)

    class Meta:
        verbose_name = _("meeting arenas")
        verbose_name_plural = _("arena sections")


class ArenaPage(RoutablePageMixin, ReviewFields, ModelPage):
    arena_level = models.CharField(_("level"), max_length=10, choices=choices.LEVELS, blank=True)
    purpose = models.TextField(_("purpose and mandate"), blank=True)
    participants = service_list_field(_("participants"))
    convener = models.CharField(_("convener"), max_length=255, blank=True)
    frequency = models.CharField(_("frequency"), max_length=255, blank=True)
    months = ChoiceListField(_("months it meets"), item_choices=choices.MONTHS)
    links = links_field()

    parent_page_types = ["models_app.ArenaIndexPage"]
    subpage_types = []
    shows_usage = True
    template = "pages/arena_page.html"
    content_panels = [
        *Page.content_panels,
        FieldPanel("arena_level"),
        FieldPanel("summary"),
        FieldPanel("purpose"),
        FieldPanel("participants"),
        FieldRowPanel([FieldPanel("convener"), FieldPanel("frequency")]),
        FieldPanel("months"),
        FieldPanel("links"),
        *ReviewFields.review_panels,
    ]
    search_fields = [
        *ModelPage.search_fields,
        index.SearchField("purpose"),
        index.SearchField("convener"),
    ]

    class Meta:
        verbose_name = _("meeting arena")
        verbose_name_plural = _("meeting arenas")

    @path("")
    def arena(self, request):
        return self.render(request)

    # Wagtail routes sub-paths with a trailing slash ("kalender.ics/"); the feed's address has none.
    @re_path(r"^kalender\.ics/?$", name="calendar")
    def calendar(self, request):
        from .calendar import calendar_response

        return calendar_response(self, request)

    @property
    def participant_pages(self):
        return chosen_pages(self.participants)

    @property
    def month_names(self):
        names = dict(choices.MONTHS)
        return [names[month] for month in sorted(self.months or []) if month in names]


class MeasureIndexPage(SectionPage):
    """The tiltaksoversikt: measures filtered by target group, age, provider and access."""

    template = "pages/measure_index_page.html"
    subpage_types = ["models_app.MeasurePage"]

    def get_context(self, request, *args, **kwargs):
        from .measures import measure_overview

        context = super().get_context(request, *args, **kwargs)
        context.update(measure_overview(self, request, context["items"]))
        return context

    class Meta:
        verbose_name = _("measures")
        verbose_name_plural = _("measure sections")


class MeasurePage(ContactFields, ReviewFields, ModelPage):
    body = body_field()
    provider = models.ForeignKey(
        "models_app.ServicePage",
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

    parent_page_types = ["models_app.MeasureIndexPage"]
    subpage_types = []
    shows_usage = True
    template = "pages/measure_page.html"
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


class ToolIndexPage(SectionPage):
    template = "pages/tool_index_page.html"
    subpage_types = ["models_app.ToolPage"]

    def get_context(self, request, *args, **kwargs):
        from .tools import tool_overview

        context = super().get_context(request, *args, **kwargs)
        context.update(tool_overview(self, request, context["items"]))
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

    parent_page_types = ["models_app.ToolIndexPage"]
    subpage_types = []
    shows_usage = True
    template = "pages/tool_page.html"
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


class GuidePage(RoutablePageMixin, SectionPage):
    """The handlingsveileder: from worry to action, level by level."""

    subpage_types = ["models_app.GuideLevelPage"]
    template = "pages/guide_page.html"
    lists_children = False
    shows_usage = True

    @path("")
    def overview(self, request):
        from .guide import guide_context

        return self.render(request, context_overrides=guide_context(self, request))

    @path("skriv-ut/", name="print")
    def whole_guide(self, request):
        from .guide import whole_guide_context

        return self.render(
            request,
            template="pages/guide_print.html",
            context_overrides=whole_guide_context(self, request),
        )

    class Meta:
        verbose_name = _("action guide")
        verbose_name_plural = _("action guides")


class GuideLevelPage(ModelPage):
    number = models.PositiveSmallIntegerField(_("level number"), validators=[MaxValueValidator(9)])
    escalate_when = models.TextField(
        _("when to move on"), blank=True, help_text=_("When to go up a level, or close.")
    )
    steps = StreamField([("step", StepBlock())], blank=True, verbose_name=_("steps"))

    parent_page_types = ["models_app.GuidePage"]
    subpage_types = []
    shows_usage = True
    template = "pages/guide_level_page.html"
    content_panels = [
        *Page.content_panels,
        FieldPanel("number"),
        FieldPanel("summary"),
        FieldPanel("steps"),
        FieldPanel("escalate_when"),
    ]
    search_fields = [
        *ModelPage.search_fields,
        index.SearchField("steps"),
        index.SearchField("escalate_when"),
    ]

    def get_context(self, request, *args, **kwargs):
        from .guide import guide_level_context

        context = super().get_context(request, *args, **kwargs)
        context.update(guide_level_context(self, request))
        return context

    class Meta:
        verbose_name = _("level of the action guide")
        verbose_name_plural = _("levels of the action guide")


class SinglePage(ModelPage):
    """A page that each municipality has at most once, directly below its model."""

    parent_page_types = ["models_app.ModelIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        abstract = True


class ConcernPage(SinglePage):
    """ "Bekymret for et barn?": what a citizen can do, whom to contact, what happens next."""

    what_you_can_do = body_field()
    contacts = service_list_field(_("whom to contact"))
    what_happens_next = body_field()

    template = "pages/concern_page.html"
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
        from .views import visible_contacts

        context = super().get_context(request, *args, **kwargs)
        context["contacts"] = visible_contacts(self, request)
        return context


class AccessibilityPage(SinglePage):
    """The tilgjengelighetserklæring, linked from every page's footer."""

    body = body_field()
    statement_url = address_field(_("published statement (uustatus.no)"))

    template = "pages/accessibility_page.html"
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


class ChangeLogPage(SinglePage):
    """The endringslogg: recently published changes of the model."""

    template = "pages/change_log_page.html"
    content_panels = [*Page.content_panels, FieldPanel("summary")]

    class Meta:
        verbose_name = _("change log")
        verbose_name_plural = _("change logs")

    def get_context(self, request, *args, **kwargs):
        from .change_log import change_log_context

        context = super().get_context(request, *args, **kwargs)
        context.update(change_log_context(self, request))
        return context
