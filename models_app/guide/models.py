"""The handlingsveileder: from worry to action, level by level.

GuidePage (the flow of levels, and the whole guide for print)
└── GuideLevelPage (its steps in order, each with who is responsible, tools, services, links)
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from models_app.core.blocks import RICH_TEXT_FEATURES
from models_app.core.models import ModelPage, SectionPage

from .blocks import StepBlock
from .context import guide_context, guide_level_context, whole_guide_context


class GuidePage(RoutablePageMixin, SectionPage):
    """The handlingsveileder: from worry to action, level by level."""

    subpage_types = ["guide.GuideLevelPage"]
    template = "guide/guide_page.html"
    lists_children = False
    shows_usage = True

    @path("")
    def overview(self, request):
        levels = GuideLevelPage.objects.child_of(self)
        return self.render(request, context_overrides=guide_context(self, levels, request))

    @path("skriv-ut/", name="print")
    def whole_guide(self, request):
        levels = GuideLevelPage.objects.child_of(self)
        return self.render(
            request,
            template="guide/guide_print.html",
            context_overrides=whole_guide_context(self, levels, request),
        )

    class Meta:
        verbose_name = _("action guide")
        verbose_name_plural = _("action guides")


class GuideLevelPage(ModelPage):
    number = models.PositiveSmallIntegerField(_("level number"), validators=[MaxValueValidator(9)])
    escalate_when = models.TextField(
        _("when to move on"), blank=True, help_text=_("When to go up a level, or close.")
    )
    notice_title = models.CharField(
        _("notice title"),
        max_length=255,
        blank=True,
        help_text=_("Warning shown before the steps, e.g. at suspected violence or abuse."),
    )
    # Rich text like the other bodies: the exchange format's `body` keys are its Markdown subset.
    notice_body = RichTextField(
        _("notice text"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_(
            "What to do first, e.g. contact the child welfare service or the police, and do "
            "not talk to the parents first."
        ),
    )
    steps = StreamField([("step", StepBlock())], blank=True, verbose_name=_("steps"))

    parent_page_types = ["guide.GuidePage"]
    subpage_types = []
    shows_usage = True
    template = "guide/guide_level_page.html"
    content_panels = [
        *Page.content_panels,
        FieldPanel("number"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("notice_title"), FieldPanel("notice_body")], heading=_("Notice")
        ),
        FieldPanel("steps"),
        FieldPanel("escalate_when"),
    ]
    search_fields = [
        *ModelPage.search_fields,
        index.SearchField("steps"),
        index.SearchField("escalate_when"),
    ]

    class Meta:
        verbose_name = _("level of the action guide")
        verbose_name_plural = _("levels of the action guide")

    def clean(self):
        super().clean()
        # The exchange format's notice has a title and a body; a body alone could not be exported.
        if strip_tags(self.notice_body or "").strip() and not self.notice_title.strip():
            raise ValidationError({"notice_title": _("A notice needs a title.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guide = GuidePage.objects.filter(path=self.path[: -Page.steplen]).first()
        siblings = GuideLevelPage.objects.sibling_of(self)
        context.update(guide_level_context(self, guide, siblings, request))
        return context
