"""Modellsjekk: a municipality's model checked against the grant's rules and the Deloitte frame.

Each finding has a stable code (documented in the README), a level ("error" makes the model
fail, "warning" does not), a message in the municipality's language and the admin address of
the page to fix. Only reachable live pages count (live, with no unpublished ancestor); internal
pages count too, since they are part of the model. The check reads every page type once, so it
costs a fixed number of queries however large the model is.
"""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Page

from models_app.arenas.models import ArenaPage
from models_app.core import choices
from models_app.core.models import review_page_models
from models_app.core.sites import interface_language
from models_app.core.streams import raw_list_items
from models_app.guide.models import GuideLevelPage, GuidePage
from models_app.measures.models import MeasureIndexPage, MeasurePage
from models_app.model.models import ElementPage, LevelPage

from .models import LinkCheckResult

ERROR, WARNING = "error", "warning"
REQUIRED_THEMES = ("brukermedvirkning", "evaluering", "dokumentasjon")

# The link checker stores these errors in English; people read them in their own language.
LINK_ERRORS = {
    "timeout": gettext_lazy("no answer in time"),
    "connection refused": gettext_lazy("the server refused the connection"),
    "unknown host": gettext_lazy("the website was not found"),
    "file missing in storage": gettext_lazy("the file is missing"),
    "internal address": gettext_lazy("internal address"),
}


@dataclass(frozen=True)
class Finding:
    code: str
    level: str
    message: str
    url: str

    @property
    def is_error(self):
        return self.level == ERROR

    def as_dict(self):
        return asdict(self)


def absolute_admin_url(name, *args, query=""):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return f"{base}{reverse(name, args=args)}{query}"


def edit_url(page):
    return absolute_admin_url("wagtailadmin_pages:edit", page.pk)


def add_child_url(parent):
    """Where to add what is missing below `parent` (Wagtail skips the type choice when only
    one type is allowed)."""
    return absolute_admin_url("wagtailadmin_pages:add_subpage", parent.pk)


def explore_url(page):
    return absolute_admin_url("wagtailadmin_explore", page.pk)


def link_report_url(site_id):
    return absolute_admin_url("model_check:links", query=f"?site={site_id}")


def link_targets(raw_links):
    """(page ids, has an external address) of raw LinkBlock values."""
    page_ids, has_url = [], False
    for value in raw_list_items(raw_links):
        if not isinstance(value, dict):
            continue
        if value.get("page"):
            page_ids.append(value["page"])
        elif value.get("url"):
            has_url = True
    return page_ids, has_url


def link_problem(result):
    """Why a checked link does not work, in the active language where we know the words."""
    if result.status_code and not result.ok:
        return f"HTTP {result.status_code}"
    return str(LINK_ERRORS.get(result.error, result.error))


class ModelCheck:
    """Loads one model's reachable live pages once, then applies every rule to them."""

    def __init__(self, model_page, site_id=None, today=None):
        self.root = model_page
        self.site_id = site_id
        self.today = today or timezone.localdate()
        self.hidden_paths = tuple(
            Page.objects.descendant_of(model_page).filter(live=False).values_list("path", flat=True)
        )
        self.levels = {level.level: level for level in self.live(LevelPage)}
        self.elements = self.live(ElementPage)
        self.guides = self.live(GuidePage)
        self.guide_levels = self.live(GuideLevelPage)
        self.measure_indexes = self.live(MeasureIndexPage)
        self.reviewed = {ElementPage: self.elements}
        for model in review_page_models():
            self.reviewed.setdefault(model, self.live(model))
        self.live_ids = self.live_linked_pages()
        self.link_results = list(
            LinkCheckResult.objects.filter(
                page__path__startswith=model_page.path, page__live=True
            ).select_related("page")
        )

    def live(self, model):
        """Reachable live pages of one type in this model: one query."""
        pages = model.objects.descendant_of(self.root).live().order_by("path")
        return [page for page in pages if not self.is_hidden(page)]

    def is_hidden(self, page):
        return bool(self.hidden_paths) and page.path.startswith(self.hidden_paths)

    def live_linked_pages(self):
        """Which pages that elements link to and arenas name as participants are live."""
        wanted = set()
        for element in self.elements:
            wanted.update(link_targets(element.links.raw_data)[0])
        for arena in self.reviewed[ArenaPage]:
            wanted.update(value for value in raw_list_items(arena.participants.raw_data) if value)
        self.foreign_titles = {}
        if not wanted:
            return set()
        live = set()
        pages = Page.objects.filter(id__in=wanted).values_list("id", "path", "title", "live")
        for page_id, path, title, is_live in pages:
            if path.startswith(self.root.path):
                if is_live:
                    live.add(page_id)
            else:  # another municipality's page: never a link of this model
                self.foreign_titles[page_id] = title
        return live

    # -- the rules ---------------------------------------------------------------------------

    def findings(self):
        with translation.override(interface_language(self.root)):
            return [
                *self.cells(),
                *self.themes(),
                *self.guide(),
                *self.measures(),
                *self.arenas(),
                *self.element_rules(),
                *self.reviews(),
                *self.links(),
            ]

    def level_elements(self, level_page):
        return (
            [e for e in self.elements if e.path.startswith(level_page.path)] if level_page else []
        )

    def cells(self):
        for level_key, level_label in choices.LEVELS:
            level_page = self.levels.get(level_key)
            elements = self.level_elements(level_page)
            for dimension_key, dimension_label in choices.DIMENSIONS:
                if any(e.dimension == dimension_key for e in elements):
                    continue
                yield Finding(
                    "MISSING_CELL",
                    ERROR,
                    _("No element in the cell %(level)s × %(dimension)s.")
                    % {"level": level_label, "dimension": dimension_label},
                    add_child_url(level_page or self.root),
                )

    def themes(self):
        theme_labels = dict(choices.THEMES)
        for level_key, level_label in choices.LEVELS:
            level_page = self.levels.get(level_key)
            shown = {theme for e in self.level_elements(level_page) for theme in e.themes or []}
            for theme in REQUIRED_THEMES:
                if theme in shown:
                    continue
                yield Finding(
                    "MISSING_THEME",
                    ERROR,
                    _("%(level)s does not show %(theme)s: no element on this level has the theme.")
                    % {"level": level_label, "theme": str(theme_labels[theme]).lower()},
                    explore_url(level_page) if level_page else add_child_url(self.root),
                )

    def guide(self):
        if not self.guides:
            yield Finding(
                "MISSING_GUIDE",
                ERROR,
                _("The model has no action guide (handlingsveileder)."),
                add_child_url(self.root),
            )
            return
        guide = self.guides[0]
        levels = [level for level in self.guide_levels if level.path.startswith(guide.path)]
        if not levels:
            yield Finding(
                "GUIDE_WITHOUT_LEVELS",
                ERROR,
                _("The action guide has no levels."),
                add_child_url(guide),
            )
        for level in levels:
            if not any(step.get("value") for step in level.steps.raw_data):
                yield Finding(
                    "GUIDE_LEVEL_WITHOUT_STEPS",
                    ERROR,
                    _("The level “%(title)s” of the action guide has no steps.")
                    % {"title": level.title},
                    edit_url(level),
                )

    def measures(self):
        if not self.measure_indexes:
            yield Finding(
                "MISSING_MEASURES",
                ERROR,
                _("The model has no overview of measures (tiltaksoversikt)."),
                add_child_url(self.root),
            )
        elif not self.reviewed[MeasurePage]:
            yield Finding(
                "MISSING_MEASURES",
                ERROR,
                _("The overview of measures has no measures."),
                add_child_url(self.measure_indexes[0]),
            )

    def arenas(self):
        for arena in self.reviewed[ArenaPage]:
            participants = [
                v for v in raw_list_items(arena.participants.raw_data) if v in self.live_ids
            ]
            missing = [
                label
                for label, present in (
                    (_("participants"), participants),
                    (_("frequency"), arena.frequency.strip()),
                    (_("convener"), arena.convener.strip()),
                )
                if not present
            ]
            if missing:
                yield Finding(
                    "ARENA_INCOMPLETE",
                    ERROR,
                    _("The meeting arena “%(title)s” lacks %(missing)s.")
                    % {"title": arena.title, "missing": get_text_list(missing, _("and"))},
                    edit_url(arena),
                )

    def element_rules(self):
        for element in self.elements:
            if not element.responsible_function.strip():
                yield Finding(
                    "ELEMENT_NO_RESPONSIBLE",
                    ERROR,
                    _("The element “%(title)s” has no responsible function.")
                    % {"title": element.title},
                    edit_url(element),
                )
            page_ids, has_url = link_targets(element.links.raw_data)
            for page_id in page_ids:
                if page_id in self.foreign_titles:
                    yield Finding(
                        "LINK_OTHER_MUNICIPALITY",
                        ERROR,
                        _(
                            "The element “%(title)s” links to “%(target)s”, a page of another "
                            "municipality. Link to a page of this municipality instead."
                        )
                        % {"title": element.title, "target": self.foreign_titles[page_id]},
                        edit_url(element),
                    )
            if not has_url and not any(page_id in self.live_ids for page_id in page_ids):
                yield Finding(
                    "ELEMENT_NO_LINKS",
                    ERROR,
                    _(
                        "The element “%(title)s” links to nothing. Link it to a plan, routine, "
                        "arena, measure, tool or an address."
                    )
                    % {"title": element.title},
                    edit_url(element),
                )

    def reviews(self):
        for model in self.reviewed:
            for page in self.reviewed[model]:
                yield from self.review_findings(page, needs_responsible=model is not ElementPage)

    def review_findings(self, page, needs_responsible):
        due = page.next_review
        if due is None:
            yield Finding(
                "REVIEW_MISSING",
                WARNING,
                _(
                    "“%(title)s” has no review date. Fill in when it was last reviewed and "
                    "how often."
                )
                % {"title": page.title},
                edit_url(page),
            )
        elif due < self.today:
            yield Finding(
                "REVIEW_OVERDUE",
                ERROR,
                _("“%(title)s” was due for review on %(date)s.")
                % {"title": page.title, "date": due.strftime("%d.%m.%Y")},
                edit_url(page),
            )
        if needs_responsible and not page.responsible_function.strip():
            yield Finding(
                "RESPONSIBLE_MISSING",
                WARNING,
                _("“%(title)s” has no responsible function.") % {"title": page.title},
                edit_url(page),
            )

    def links(self):
        if not self.link_results:
            yield Finding(
                "LINKS_NOT_CHECKED",
                WARNING,
                _("The links of the model have not been checked yet."),
                link_report_url(self.site_id) if self.site_id else edit_url(self.root),
            )
        for result in self.link_results:
            if result.ok or result.skipped or self.is_hidden(result.page):
                continue
            problem = link_problem(result)
            yield Finding(
                "BROKEN_LINK",
                ERROR,
                _("“%(title)s” has a broken link: %(url)s (%(problem)s).")
                % {"title": result.page.title, "url": result.url, "problem": problem},
                edit_url(result.page),
            )


def check_model(model_page, site_id=None, today=None):
    """Every finding for one model, in the order of the rules."""
    return ModelCheck(model_page, site_id=site_id, today=today).findings()


def has_errors(findings):
    return any(finding.is_error for finding in findings)
