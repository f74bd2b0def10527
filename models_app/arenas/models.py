"""Meeting arenas (samhandlingsarenaer): who meets, why and when; the årshjul of the year;
iCalendar feeds to subscribe to."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page
from wagtail.search import index

from models_app.core import choices
from models_app.core.fields import ChoiceListField, links_field, service_list_field
from models_app.core.models import ModelPage, ReviewFields, SectionPage
from models_app.core.streams import chosen_pages

from .calendar import calendar_response
from .wheel import annual_wheel_context, arena_groups, visible_arenas


class ArenaIndexPage(RoutablePageMixin, SectionPage):
    """Meeting arenas by level, the årshjul, and an iCalendar feed of them all."""

    template = "arenas/arena_index_page.html"
    list_purpose = _(
        "The standing meetings where the services work together: who meets, why and when."
    )
    subpage_types = ["arenas.ArenaPage"]
    sitemap_routes = ("annual_wheel",)
    # The arenas are listed by level (`arena_groups`).
    lists_children = False

    @path("")
    def arena_list(self, request):
        arenas = visible_arenas(ArenaPage.objects.child_of(self), request)
        context = {"arenas": arenas, "arena_groups": arena_groups(arenas)}
        return self.render(request, context_overrides=context)

    @path("arshjul/", name="annual_wheel")
    def annual_wheel(self, request):
        arenas = visible_arenas(ArenaPage.objects.child_of(self), request)
        return self.render(
            request,
            template="arenas/annual_wheel.html",
            context_overrides=annual_wheel_context(self, arenas, request),
        )

    # Wagtail routes sub-paths with a trailing slash ("kalender.ics/"); the feed's address has none.
    @re_path(r"^kalender\.ics/?$", name="calendar")
    def calendar(self, request):
        arenas = visible_arenas(ArenaPage.objects.child_of(self), request)
        return calendar_response(self, arenas, request)

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

    parent_page_types = ["arenas.ArenaIndexPage"]
    subpage_types = []
    shows_usage = True
    template = "arenas/arena_page.html"
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
        return calendar_response(self, [self], request)

    @property
    def participant_pages(self):
        return chosen_pages(self.participants)

    @property
    def month_names(self):
        names = dict(choices.MONTHS)
        return [names[month] for month in sorted(self.months or []) if month in names]
