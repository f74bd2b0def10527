"""A service and everything that concerns it: guide steps, routines, arenas, tools, measures.

What the service page shows, and where it comes from:

- **Guide steps**: the steps of the handlingsveileder whose "services to involve" name this
  service, grouped by level in the guide's order; each level links to its page with
  `?tjeneste=<exchange id>`, so that the guide highlights this service's steps.
- **Routines**: routines whose `services` name it.
- **Meeting arenas**: arenas whose `participants` name it.
- **Tools**: the tools of the guide steps above, then the tools linked from the routines above
  (their `links`), each once, in that order, with where it is used.
- **Measures**: measures this service provides *and those of the services below it* in the
  organisation, so that a sector or department shows what its units offer; a measure of a
  unit below is marked with that unit. This is the same rule as the `tjeneste` filter of the
  tiltaksoversikt, which the page links to.
- **Model elements**: elements whose `services` name it.
- **Also linked from** (`used_in`): any other visible page that links to the service (a link
  in a plan, a measure, a step …) and is not already shown in one of the groups above.

Only what this visitor may see is shown (`visibility_for(request)`): an internal routine,
arena, tool … appears for employees only, with the "Internal" badge; a tool used only by an
internal routine is not shown to anonymous visitors at all.

Query budget: a fixed number of queries whatever the size of the model. The service's inbound
references come from Wagtail's reference index in one query; then one query per kind of
referring page (routines, arenas, elements, guide levels, other pages), one for the tools,
one for the measures, one for the levels of the elements, one each for the parent and the
children, one for the tiltaksoversikt. The guide steps are read from the levels' raw stream
data, already loaded; nothing in the template follows a relation.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from wagtail.models import Page, ReferenceIndex

from models_app.core.links import link_page_ids, page_link
from models_app.core.params import SERVICE_PARAMETER
from models_app.core.sites import model_page_for
from models_app.core.streams import raw_list_items
from models_app.core.visibility import visibility_for

# Other sections' page types, named by string: they build on services, not the reverse.
ROUTINE, ARENA, ELEMENT, LEVEL = (
    "routines.RoutinePage",
    "arenas.ArenaPage",
    "model.ElementPage",
    "model.LevelPage",
)
GUIDE_LEVEL, TOOL, MEASURE = "guide.GuideLevelPage", "tools.ToolPage", "measures.MeasurePage"
MEASURE_INDEX = "measures.MeasureIndexPage"

# How a page refers to a service: (page model name, the reference's model_path).
ROUTINE_SERVICES = ("routinepage", "services.service")
ARENA_PARTICIPANTS = ("arenapage", "participants.service")
ELEMENT_SERVICES = ("elementpage", "services.service")
STEP_INVOLVE = ("guidelevelpage", "steps.step.involve.item")
MEASURE_PROVIDER = ("measurepage", "provider")


@dataclass
class GuideStep:
    title: str
    responsible: str = ""
    block_id: str = ""


@dataclass
class GuideLevelUse:
    """A level of the action guide and its steps that involve the service."""

    level: Page
    steps: list = field(default_factory=list)
    url: str = ""  # the level page with this service chosen ("Jeg jobber i …")


@dataclass
class Source:
    """A page that uses a tool, with a short label: "Level 0" or the routine's title."""

    page: Page
    label: str


@dataclass
class ToolUse:
    """A tool and the visible pages (guide levels, routines) that use it, each once."""

    tool: Page
    sources: list = field(default_factory=list)

    def add_source(self, page):
        if all(source.page.id != page.id for source in self.sources):
            number = getattr(page, "number", None)
            label = _("Level %(number)s") % {"number": number} if number is not None else page.title
            self.sources.append(Source(page=page, label=label))


@dataclass
class MeasureUse:
    """A measure, and the unit that provides it when that is a service below this one."""

    measure: Page
    unit: Page | None = None


@dataclass
class ElementUse:
    element: Page
    level: Page | None = None
    dimension_title: str = ""


@dataclass
class ServiceConcerns:
    """Everything that concerns one service, as far as this visitor may see it."""

    guide: list = field(default_factory=list)
    routines: list = field(default_factory=list)
    arenas: list = field(default_factory=list)
    tools: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    elements: list = field(default_factory=list)
    measures_url: str = ""

    @property
    def step_count(self):
        return sum(len(use.steps) for use in self.guide)

    @property
    def has_unit_measures(self):
        return any(use.unit for use in self.measures)

    @property
    def has_any(self):
        return any(
            (self.guide, self.routines, self.arenas, self.tools, self.measures, self.elements)
        )


def as_page_id(value):
    """A chooser's raw value (an int, a numeric string, or None) as a page id, or None."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def inbound_references(service_page):
    """{(page model name, model_path): [referring page ids in index order]}: one query."""
    page_type = ReferenceIndex._get_base_content_type(Page)
    rows = (
        ReferenceIndex.get_references_to(service_page)
        .filter(base_content_type=page_type)
        .values_list("content_type_id", "object_id", "model_path")
    )
    references = {}
    for content_type_id, object_id, model_path in rows:
        model = ContentType.objects.get_for_id(content_type_id).model  # cached per process
        page_id = as_page_id(object_id)
        if page_id is not None and page_id != service_page.id:
            ids = references.setdefault((model, model_path), [])
            if page_id not in ids:
                ids.append(page_id)
    return references


def visible(model, ids, request):
    """The visible pages of `model` ("app.Model") with these ids, in tree order: one query
    (none if no ids)."""
    if not ids:
        return []
    model = apps.get_model(model)
    return list(visibility_for(request).filter(model.objects.filter(id__in=ids)).order_by("path"))


def guide_uses(levels, service_id):
    """The steps of each level that involve the service, read from the raw stream data."""
    uses, tool_ids = [], {}
    for level in levels:
        use = GuideLevelUse(level=level)
        for block in level.steps.raw_data:
            value = block.get("value") or {}
            involved = {as_page_id(item) for item in raw_list_items(value.get("involve"))}
            if service_id not in involved:
                continue
            use.steps.append(
                GuideStep(
                    title=value.get("title", ""),
                    responsible=value.get("responsible", ""),
                    block_id=block.get("id") or "",
                )
            )
            for tool_id in raw_list_items(value.get("tools")):
                tool_id = as_page_id(tool_id)
                if tool_id is not None:
                    tool_ids.setdefault(tool_id, []).append(level)
        if use.steps:
            uses.append(use)
    return uses, tool_ids


def tool_uses(tool_sources, request):
    """{tool id: [source pages]} → visible ToolUses in first-use order: one query."""
    tools = {tool.id: tool for tool in visible(TOOL, list(tool_sources), request)}
    uses = []
    for tool_id, sources in tool_sources.items():
        if tool_id in tools:
            use = ToolUse(tool=tools[tool_id])
            for source in sources:
                use.add_source(source)
            uses.append(use)
    return uses


def measure_uses(service_page, request):
    """Measures of the service and of the services below it, the service's own first: one
    query (the providers come with them)."""
    visibility = visibility_for(request)
    measures = visibility.filter(
        apps.get_model(MEASURE).objects.filter(provider__path__startswith=service_page.path)
    ).select_related("provider")
    uses = []
    for measure in sorted(measures, key=lambda m: (m.provider.path, m.path)):
        unit = None
        if measure.provider_id != service_page.id and visibility.can_see(measure.provider):
            unit = measure.provider
        uses.append(MeasureUse(measure=measure, unit=unit))
    return uses


def element_uses(elements, service_page, request):
    """Elements with the level they belong to and the model's name for their dimension."""
    if not elements:
        return []
    level_paths = {element.path[: -Page.steplen] for element in elements}
    levels = {
        level.path: level for level in apps.get_model(LEVEL).objects.filter(path__in=level_paths)
    }
    model_page = model_page_for(service_page, request)
    uses = []
    for element in elements:
        title = (
            model_page.dimension_title(element.dimension)
            if model_page
            else element.get_dimension_display()
        )
        uses.append(
            ElementUse(
                element=element,
                level=levels.get(element.path[: -Page.steplen]),
                dimension_title=title,
            )
        )
    return uses


def measures_overview_url(service_page, request):
    """The tiltaksoversikt filtered on this service (and the services below it), or ""."""
    model_page = model_page_for(service_page, request)
    if model_page is None or not service_page.exchange_id:
        return ""
    indexes = apps.get_model(MEASURE_INDEX).objects.child_of(model_page)
    index = visibility_for(request).filter(indexes).first()
    if index is None:
        return ""
    return f"{index.get_url(request)}?{urlencode({SERVICE_PARAMETER: service_page.exchange_id})}"


def service_concerns(service_page, request):
    """Everything that concerns the service: see the module's docstring."""
    references = inbound_references(service_page)
    routines = visible(ROUTINE, references.get(ROUTINE_SERVICES), request)
    arenas = visible(ARENA, references.get(ARENA_PARTICIPANTS), request)
    elements = visible(ELEMENT, references.get(ELEMENT_SERVICES), request)
    levels = visible(GUIDE_LEVEL, references.get(STEP_INVOLVE), request)

    guide, tool_sources = guide_uses(levels, service_page.id)
    suffix = f"?{urlencode({SERVICE_PARAMETER: service_page.exchange_id})}"
    for use in guide:
        use.url = use.level.get_url(request) + (suffix if service_page.exchange_id else "")
    for routine in routines:
        for page_id in link_page_ids(routine.links.raw_data):
            tool_sources.setdefault(page_id, []).append(routine)

    concerns = ServiceConcerns(
        guide=guide,
        routines=routines,
        arenas=arenas,
        tools=tool_uses(tool_sources, request),
        measures=measure_uses(service_page, request),
        elements=element_uses(elements, service_page, request),
        measures_url=measures_overview_url(service_page, request),
    )
    return concerns, references


def other_references(service_page, references, concerns, request):
    """Visible pages that link to the service and are not shown in a group: one query."""
    shown = {page.id for page in (*concerns.routines, *concerns.arenas)}
    shown |= {use.element.id for use in concerns.elements}
    shown |= {use.level.id for use in concerns.guide}
    shown |= {use.measure.id for use in concerns.measures}
    grouped = {
        ROUTINE_SERVICES,
        ARENA_PARTICIPANTS,
        ELEMENT_SERVICES,
        STEP_INVOLVE,
        MEASURE_PROVIDER,  # shown from the provider field, with the units' measures
    }
    ids = {
        page_id
        for key, page_ids in references.items()
        if key not in grouped
        for page_id in page_ids
        if page_id not in shown
    }
    if not ids:
        return []
    pages = visibility_for(request).filter(Page.objects.filter(id__in=ids)).order_by("path")
    return [page_link(page, request) for page in pages]


def service_parent(service_page, request):
    """The service this one belongs to, if it is a visible service: one query."""
    if service_page.depth <= 1:
        return None
    parent_path = service_page.path[: -Page.steplen]
    parents = type(service_page).objects.filter(path=parent_path)
    return visibility_for(request).filter(parents).first()
