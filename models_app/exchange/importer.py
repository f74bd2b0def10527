"""Import an exchange document into one municipality's site.

The whole document is validated first; then everything happens in one transaction. Objects are
matched by their `id`, so importing again updates in place; objects the document no longer holds
are unpublished, never deleted. Unchanged objects get no new revision.

What each object holds comes from the field maps (fieldmap.py). This module decides what the
maps mark as placed: where a page sits (an element's level, a service's parent), the id or
number it is matched by, and its audience (a view restriction).
"""

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from modelsearch import index as search_index
from modelsearch.signal_handlers import post_save_signal_handler

from models_app.arenas.models import ArenaIndexPage
from models_app.core.choices import LEVELS
from models_app.core.models import saved_by_an_import
from models_app.core.sites import site_for_hostname
from models_app.core.tree import free_slug
from models_app.guide.models import GuideLevelPage, GuidePage
from models_app.measures.models import MeasureIndexPage
from models_app.model.models import LevelPage, ModelIndexPage
from models_app.municipalities.setup import set_up_site
from models_app.pagecache import purge
from models_app.plans.models import PlanIndexPage
from models_app.routines.models import RoutineIndexPage
from models_app.services.models import ServiceIndexPage
from models_app.tools.models import ToolIndexPage

from .conversions import canonical_object, load_object, stored
from .exporter import KINDS
from .fieldmap import FIELDS, GUIDE, LEVEL, MODEL, canonical
from .report import ImportReport, compare, snapshot
from .validation import DocumentError, ValidationProblem, validate_document

# ImportReport and canonical live in report.py and fieldmap.py; callers still find them here.
__all__ = ["ImportReport", "ModelImporter", "canonical", "import_document", "lock_site_for_import"]

LEVEL_SLUGS = {"kommune": "kommuneniva", "etat": "etatsniva", "individ": "individniva"}
# Section pages in the order they appear in the menu: (model, slug, title, document key).
SECTIONS = [
    (GuidePage, "handlingsveileder", _("Action guide"), "guide"),
    (MeasureIndexPage, "tiltak", _("Measures"), "measures"),
    (RoutineIndexPage, "rutiner", _("Routines"), "routines"),
    (ArenaIndexPage, "samhandlingsarenaer", _("Meeting arenas"), "arenas"),
    (PlanIndexPage, "planer", _("Plans"), "plans"),
    (ToolIndexPage, "verktoy", _("Tools"), "tools"),
    (ServiceIndexPage, "tjenester", _("Services"), "services"),
]
# Set by Wagtail and treebeard when a page is made, revised and published, never by the document:
# the importer's validation leaves them out (a query each, for every page).
TREE_AND_REVISION_FIELDS = [
    "path",
    "content_type",
    "locale",
    "translation_key",
    "latest_revision",
    "live_revision",
]
SECTION_OF_KIND = {
    "plan": PlanIndexPage,
    "routine": RoutineIndexPage,
    "arena": ArenaIndexPage,
    "measure": MeasureIndexPage,
    "tool": ToolIndexPage,
    "service": ServiceIndexPage,
}


@dataclass
class Children:
    """What the importer knows of a parent's children while it adds new ones."""

    slugs: set
    last_path: str | None


def import_document(document, hostname=None, dry_run=False):
    """Validate and import; raises DocumentError (and changes nothing) on any problem."""
    problems = validate_document(document)
    if problems:
        raise DocumentError(problems)
    with transaction.atomic():
        lock_site_for_import(hostname)
        site, root = model_site(hostname, document)
        before = snapshot(root) if root.live else {}
        # The reference index, the search index and the page cache: brought up to date once per
        # page at the end, not on each save.
        importer = ModelImporter(root, document, before)
        with (
            disable_reference_index_auto_update(),
            search_index_updated_in_bulk(),
            purge.batched(),
        ):
            site_roots = Site.objects.values_list("root_page__translation_key", flat=True)
            with saved_by_an_import(site_roots), without_savepoints():
                importer.run()
            set_up_site(site, root)
        for page in Page.objects.filter(pk__in=importer.published).specific():
            ReferenceIndex.create_or_update_for_object(page)
        report = compare(site, before, snapshot(root), dry_run)
        if dry_run:
            transaction.set_rollback(True)
    return report


def lock_site_for_import(hostname):
    """Imports into one site run one after another: wait until another import into this
    hostname (also one that is making the site) has committed, so this one reads its result
    instead of overwriting it or making the site a second time. A PostgreSQL advisory lock,
    held until the transaction ends (call inside one); taking it again is harmless. SQLite lets
    one transaction write at a time anyway, so it needs none."""
    if connection.vendor != "postgresql":
        return
    name = f"samhandling.import:{(hostname or '').lower()}".encode()
    key = int.from_bytes(hashlib.sha256(name).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


@contextmanager
def search_index_updated_in_bulk():
    """Each page is saved three times on import (made, revised, published), and the search
    index would read and write each time: here it is brought up to date once, per page type in
    bulk, at the end. While it runs, saves of indexed models in this process are indexed at the
    end too (a worker or a request imports one document at a time)."""
    models = [
        m for m in search_index.get_indexed_models() if getattr(m, "search_auto_update", True)
    ]
    saved = {}

    def remember(sender, instance, raw=False, **kwargs):
        if not raw:
            saved.setdefault(sender, set()).add(instance.pk)

    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_save.connect(remember, sender=model, weak=False)
    try:
        yield
    finally:
        for model in models:
            post_save.disconnect(remember, sender=model)
            post_save.connect(post_save_signal_handler, sender=model)
    for model, pks in saved.items():
        objects = list(model.get_indexed_objects().filter(pk__in=pks))
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, objects)


@contextmanager
def without_savepoints():
    """Wagtail wraps each save, revision and publication in a savepoint of its own: ten round
    trips a page. An import stands or falls as a whole, in its one transaction, and the importer
    validates each page before it writes it; an error inside a save fails the whole import, so
    the savepoints would never be rolled back to."""
    features = connection.features
    uses_savepoints = features.uses_savepoints
    features.uses_savepoints = False
    try:
        yield
    finally:
        features.uses_savepoints = uses_savepoints


def model_site(hostname, document):
    """The Site to import into, with a ModelIndexPage as its root; made when missing."""
    site = site_for_hostname(hostname)
    root = site.root_page.specific if site else None
    if not isinstance(root, ModelIndexPage):
        wagtail_root = Page.get_first_root_node()
        name = document["municipality"]["name"]
        root = ModelIndexPage(
            title=document["title"],
            municipality_name=name,
            slug=free_slug(wagtail_root, slugify(name) or "modell"),
            live=False,
        )
        wagtail_root.add_child(instance=root)
        if site:
            replaced, site.root_page = site.root_page, root
            site.save()
            unused = not Site.objects.filter(root_page=replaced).exists()
            if unused and type(replaced.specific) is Page and replaced.is_leaf():
                replaced.delete()  # Wagtail's empty welcome page
        else:
            site = Site(
                hostname=hostname or "localhost",
                port=80,
                root_page=root,
                is_default_site=not Site.objects.filter(is_default_site=True).exists(),
            )
    site.site_name = document["municipality"]["name"]
    site.save()
    return site, root


class ModelImporter:
    """Fills one model's pages from a valid document; also the context the field maps'
    converters resolve references with (`page_ref`)."""

    def __init__(self, root, document, before):
        self.root = root
        self.before = before
        self.document = document
        self.problems = []
        self.published = set()
        self.restricted_ids = set(
            PageViewRestriction.objects.filter(page__path__startswith=root.path).values_list(
                "page_id", flat=True
            )
        )

    def run(self):
        language = self.document["language"]
        with translation.override(language if language in ("nb", "nn") else "nb"):
            self.update_root()
            self.levels = self.ensure_levels()
            self.sections = self.ensure_sections()
        self.create_missing_pages()
        self.pages = self.load_pages()
        self.fill_pages()
        if self.problems:
            raise DocumentError(self.problems)
        self.unpublish_missing()
        self.put_in_order()

    # -- structure ---------------------------------------------------------------------------

    def publish(self, page, internal=None):
        try:
            # Outside Wagtail's transactions (no savepoints, see without_savepoints).
            page.full_clean(exclude=TREE_AND_REVISION_FIELDS)
        except ValidationError as error:
            return error
        page.save_revision(clean=False).publish()
        self.published.add(page.pk)
        if internal is not None:
            self.set_audience(page, internal)
        return None

    def set_audience(self, page, internal):
        if internal and page.id not in self.restricted_ids:
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.LOGIN
            )
        elif not internal and page.id in self.restricted_ids:
            PageViewRestriction.objects.filter(page=page).delete()

    def update_root(self):
        """The model's own fields (MODEL, without what is placed under it), unless unchanged."""
        fields = stored(MODEL)
        current = self.before.get("model", {})
        wanted = canonical_object(fields, self.document)
        if self.root.live and wanted == {f.key: current[f.key] for f in fields if f.key in current}:
            return
        load_object(fields, self.root, self.document, self)
        error = self.publish(self.root)
        if error:
            self.report("$", error)

    def set_and_publish(self, page, values, path):
        if page.live and all(getattr(page, key) == value for key, value in values.items()):
            return
        for key, value in values.items():
            setattr(page, key, value)
        error = self.publish(page)
        if error:
            self.report(path, error)

    def ensure_levels(self):
        existing = {level.level: level for level in LevelPage.objects.child_of(self.root)}
        levels = {}
        for key, label in LEVELS:
            info = self.document.get("levels", {}).get(key, {})
            level = existing.get(key)
            if level is None:
                level = LevelPage(
                    level=key,
                    title=str(label),
                    live=False,
                    slug=free_slug(self.root, LEVEL_SLUGS[key]),
                )
                self.root.add_child(instance=level)
            values = load_object(LEVEL, {}, info, self)
            values["title"] = values["title"] or str(label)
            self.set_and_publish(level, values, f"levels.{key}")
            levels[key] = level
        return levels

    def ensure_sections(self):
        sections = {}
        for model, slug, title, key in SECTIONS:
            section = model.objects.child_of(self.root).first()
            if section is None and self.document.get(key):
                section = model(
                    title=str(title),
                    slug=free_slug(self.root, slug),
                    show_in_menus=True,
                    live=False,
                )
                self.root.add_child(instance=section)
            if section is not None and key == "guide" and self.document.get("guide"):
                values = load_object(stored(GUIDE), {}, self.document["guide"], self)
                self.set_and_publish(section, values, "guide")
            elif section is not None and not section.live:
                self.publish(section)
            sections[model] = section
        return sections

    # -- objects -----------------------------------------------------------------------------

    def objects(self, kind):
        """(index, object) pairs of the document for one kind; services parents first."""
        if kind == "guide-level":
            return list(enumerate(self.document.get("guide", {}).get("levels", [])))
        items = list(enumerate(self.document.get(KINDS[kind][1], [])))
        if kind != "service":
            return items
        ordered, placed = [], set()
        while len(ordered) < len(items):
            progress = len(ordered)
            for index, item in items:
                parent = item.get("parent")
                if item["id"] not in placed and (parent is None or parent in placed):
                    ordered.append((index, item))
                    placed.add(item["id"])
            if len(ordered) == progress:  # a cycle; validation reports it
                break
        return ordered

    @staticmethod
    def key_of(kind, item):
        return f"guide-level:{item['number']}" if kind == "guide-level" else f"{kind}:{item['id']}"

    def model_of(self, kind):
        return GuideLevelPage if kind == "guide-level" else KINDS[kind][0]

    def existing_pages(self, kind):
        if kind == "guide-level":
            pages = GuideLevelPage.objects.descendant_of(self.root).order_by("path")
            return {f"guide-level:{page.number}": page for page in pages}
        pages = self.model_of(kind).objects.descendant_of(self.root).order_by("path")
        return {f"{kind}:{page.exchange_id}": page for page in pages}

    def parent_for(self, kind, item, pages):
        if kind == "element":
            return self.levels[item["level"]]
        if kind == "guide-level":
            return self.sections[GuidePage]
        if kind == "service" and item.get("parent"):
            return pages[f"service:{item['parent']}"]
        return self.sections[SECTION_OF_KIND[kind]]

    def kinds(self):
        return ["service", "plan", "routine", "arena", "measure", "tool", "element", "guide-level"]

    def create_missing_pages(self):
        """Every object gets a page in the right place before any links are set."""
        self.children = {}
        for kind in self.kinds():
            pages = self.existing_pages(kind)
            for _index, item in self.objects(kind):
                key = self.key_of(kind, item)
                parent = self.parent_for(kind, item, pages)
                page = pages.get(key)
                if page is None:
                    page = self.new_page(kind, item, parent)
                    pages[key] = page
                elif page.path[: -page.steplen] != parent.path:
                    page.move(parent, pos="last-child")
                    # A move rewrites the paths of the whole subtree, and changes the children
                    # of the new parent: read them again.
                    pages.update(self.existing_pages(kind))
                    self.children.clear()

    def new_page(self, kind, item, parent):
        model = self.model_of(kind)
        if kind == "guide-level":
            base_slug, extra = f"niva-{item['number']}", {"number": item["number"]}
        else:
            base_slug, extra = item["id"], {"exchange_id": item["id"]}
        if kind == "element":
            extra["dimension"] = item["dimension"]
        children = self.children_of(parent)
        page = model(
            title=item.get("title") or item.get("name"),
            slug=free_slug(parent, base_slug, children.slugs),
            locale_id=parent.locale_id,  # what Wagtail would look up for each new page
            live=False,
            **extra,
        )
        self.add_child(parent, page, children)
        return page

    def children_of(self, parent):
        """The slugs of the parent's children and the path of its last one, read once for many
        new children. The parent is locked until the import commits, as treebeard's add_child
        locks it: a page added meanwhile in the admin waits instead of taking the same path."""
        if parent.pk not in self.children:
            Page.objects.select_for_update().only("pk").get(pk=parent.pk)
            rows = list(parent.get_children().values_list("slug", "path"))
            last_path = max((path for _slug, path in rows), default=None)
            self.children[parent.pk] = Children({slug for slug, _path in rows}, last_path)
        return self.children[parent.pk]

    @staticmethod
    def add_child(parent, page, children):
        """treebeard's add_child (the new page last under the parent), with the parent's last
        child known: two queries less for each new page."""
        page.depth = parent.depth + 1
        if children.last_path is None:
            page.path = Page._get_path(parent.path, page.depth, 1)
        else:
            page.path = Page(path=children.last_path, depth=page.depth)._inc_path()
        children.last_path = page.path
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
        parent.numchild += 1
        page._cached_parent_obj = parent  # as treebeard does: Wagtail's save asks for it
        page.save()

    def load_pages(self):
        pages = {}
        for kind in self.kinds():
            pages.update(self.existing_pages(kind))
        return pages

    def fill_pages(self):
        for kind in self.kinds():
            list_key = "guide.levels" if kind == "guide-level" else KINDS[kind][1]
            for index, item in self.objects(kind):
                key = self.key_of(kind, item)
                page = self.pages[key]
                wanted = canonical(kind, item)
                if page.live and self.before.get(key) == wanted:
                    continue
                load_object(FIELDS[kind], page, item, self)
                parent = self.parent_for(kind, item, self.pages)
                if page.path[: -page.steplen] == parent.path:
                    # Validation looks for the slug among the parent's children: one read less.
                    page._cached_parent_obj = parent
                error = self.publish(page, internal=item.get("audience") == "internal")
                if error:
                    self.report(f"{list_key}[{index}]", error)

    def report(self, path, error):
        for field_name, messages in error.message_dict.items():
            for message in messages:
                self.problems.append(ValidationProblem(f"{path} ({field_name})", message))

    def page_ref(self, ref):
        """The page id a reference names: the field maps' converters ask for it."""
        page = self.sections[GuidePage] if ref == "guide" else self.pages[ref]
        return page.pk

    # -- what the document no longer holds, and order -----------------------------------------

    def unpublish_missing(self):
        wanted = {
            self.key_of(kind, item) for kind in self.kinds() for _i, item in self.objects(kind)
        }
        for key, page in self.pages.items():
            if key not in wanted and page.live:
                page.unpublish()
        guide = self.sections.get(GuidePage)
        if guide is not None and not self.document.get("guide") and guide.live:
            guide.unpublish()

    def put_in_order(self):
        """Siblings in the order of the document (the order to show)."""
        children = {}
        for kind in self.kinds():
            for _index, item in sorted(self.objects(kind), key=lambda pair: pair[0]):
                page = self.pages[self.key_of(kind, item)]
                children.setdefault(page.path[: -page.steplen], []).append(page.pk)
        for wanted in children.values():
            current = list(
                Page.objects.filter(pk__in=wanted).order_by("path").values_list("pk", flat=True)
            )
            if current == wanted:
                continue
            for pk in wanted:
                page = Page.objects.get(pk=pk)
                page.move(page.get_parent(), pos="last-child")
