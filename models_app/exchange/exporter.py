"""Export a municipality's model as an exchange document (format samhandlingsmodell, version 1).

What each object holds comes from the field maps (fieldmap.py); this module reads the pages
and says what their place in the tree means: level, parent, number, audience. A page is
internal when it or any page above it has a view restriction, as on the site.

`public_only` leaves out everything internal (the open data): internal objects, references and
rich-text links to them, and the guide when it is internal.
"""

from wagtail.models import Page

from models_app.arenas.models import ArenaPage
from models_app.core.choices import LEVELS
from models_app.core.visibility import restricted_page_paths
from models_app.guide.models import GuideLevelPage, GuidePage
from models_app.measures.models import MeasurePage
from models_app.model.models import ElementPage, LevelPage
from models_app.plans.models import PlanPage
from models_app.routines.models import RoutinePage
from models_app.services.models import ServicePage
from models_app.tools.models import ToolPage

from .conversions import compact, read_object
from .fieldmap import FIELDS, GUIDE, LEVEL, LIST_KEYS, MODEL

__all__ = ["KINDS", "ModelExporter", "compact", "export_document"]

# kind in references → (page model, list key in the document)
KINDS = {
    kind: (model, LIST_KEYS[kind])
    for kind, model in (
        ("element", ElementPage),
        ("service", ServicePage),
        ("plan", PlanPage),
        ("routine", RoutinePage),
        ("arena", ArenaPage),
        ("measure", MeasurePage),
        ("tool", ToolPage),
    )
}

# The Placed key that says which page an object sits under.
PARENT_KEYS = {"element": "level", "service": "parent"}


class ModelExporter:
    """Reads one model's live pages once, then writes them out in document form. It is also
    the context the field maps' converters read references and ids from."""

    def __init__(self, root, public_only=False):
        self.root = root
        self.public_only = public_only
        self.restricted_paths = restricted_page_paths(below=root)
        self.pages = {
            kind: self.kept(model.objects.descendant_of(root).live().order_by("path"))
            for kind, (model, _key) in KINDS.items()
        }
        self.guide = next(iter(self.kept(GuidePage.objects.child_of(root).live()[:1])), None)
        self.pages["guide-level"] = (
            self.kept(GuideLevelPage.objects.child_of(self.guide).live().order_by("path"))
            if self.guide
            else []
        )
        levels = {level.level: level for level in self.kept(LevelPage.objects.child_of(root))}
        self.levels = {key: levels[key] for key, _label in LEVELS if key in levels}
        self._linkable = None
        self.ids = {page.id: page.exchange_id for kind in KINDS for page in self.pages[kind]}
        self.refs = {
            page.id: f"{kind}:{page.exchange_id}" for kind in KINDS for page in self.pages[kind]
        }
        self.refs.update(
            {level.id: f"guide-level:{level.number}" for level in self.pages["guide-level"]}
        )
        if self.guide:
            self.refs[self.guide.id] = "guide"
        # Where elements and services sit: their parent's path → level key / service id.
        self.parents = {
            "element": {level.path: key for key, level in self.levels.items()},
            "service": {page.path: page.exchange_id for page in self.pages["service"]},
        }

    def is_internal(self, page):
        return bool(self.restricted_paths) and page.path.startswith(self.restricted_paths)

    def kept(self, pages):
        return [page for page in pages if not (self.public_only and self.is_internal(page))]

    def page_url(self, page_id):
        """The address of a page a rich text links to; in public documents only public pages
        of this model (the others are left as plain text), read all at once."""
        if not self.public_only:
            page = Page.objects.filter(id=page_id).first()
            return page.full_url if page else None
        if self._linkable is None:
            pages = Page.objects.descendant_of(self.root, inclusive=True).live()
            self._linkable = {page.id: page for page in self.kept(pages)}
        page = self._linkable.get(page_id)
        return page.full_url if page else None

    # -- the keys the tree decides (Placed in the field maps) ------------------------------

    def placement(self, kind, page):
        placed = {"audience": "internal" if self.is_internal(page) else "public"}
        if kind == "guide-level":
            return placed | {"number": page.number}
        placed["id"] = page.exchange_id
        if kind in PARENT_KEYS:
            parent_path = page.path[: -page.steplen]
            placed[PARENT_KEYS[kind]] = self.parents[kind].get(parent_path)
        return placed

    def level_objects(self):
        return {key: read_object(LEVEL, level, self) for key, level in self.levels.items()}

    # -- the document -----------------------------------------------------------------------

    def objects(self):
        """Every object as {"kind:id": data}, for comparing two states of the model."""
        result = {}
        for kind, pages in self.pages.items():
            for page in pages:
                placed = self.placement(kind, page)
                if kind == "element" and not placed["level"]:
                    continue  # not under one of the three levels: not part of the grid
                key = placed["number"] if kind == "guide-level" else placed["id"]
                result[f"{kind}:{key}"] = read_object(FIELDS[kind], page, self, placed)
        return result

    def header(self):
        """The document without its objects and guide: the model's own fields."""
        return read_object(MODEL, self.root, self, {"levels": self.level_objects()})

    def document(self):
        objects = self.objects()
        placed = {
            key: [data for ref, data in objects.items() if ref.startswith(f"{kind}:")]
            for kind, key in LIST_KEYS.items()
        }
        placed["levels"] = self.level_objects()
        if self.guide and self.pages["guide-level"]:
            levels = [data for ref, data in objects.items() if ref.startswith("guide-level:")]
            placed["guide"] = read_object(GUIDE, self.guide, self, {"levels": levels})
        # `elements` is required, even when empty.
        return read_object(MODEL, self.root, self, placed, keep=("elements",))


def export_document(root, public_only=False):
    return ModelExporter(root, public_only).document()
