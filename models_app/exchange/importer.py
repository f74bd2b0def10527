"""Import an exchange document into one municipality's site.

The whole document is validated first; then everything happens in one transaction. Objects are
matched by their `id`, so importing again updates in place; objects the document no longer holds
are unpublished, never deleted. Unchanged objects get no new revision.
"""

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from models_app.arenas.models import ArenaIndexPage
from models_app.core.choices import LEVELS
from models_app.core.markdown import html_to_markdown, markdown_to_html
from models_app.core.sites import site_for_hostname
from models_app.core.tree import free_slug
from models_app.guide.models import GuideLevelPage, GuidePage
from models_app.measures.models import MeasureIndexPage
from models_app.model.models import LevelPage, ModelIndexPage
from models_app.municipalities.setup import set_up_site
from models_app.plans.models import PlanIndexPage
from models_app.routines.models import RoutineIndexPage
from models_app.services.models import ServiceIndexPage
from models_app.tools.models import ToolIndexPage

from .exporter import KINDS, ModelExporter, compact
from .validation import DocumentError, ValidationProblem, validate_document

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
SECTION_OF_KIND = {
    "plan": PlanIndexPage,
    "routine": RoutineIndexPage,
    "arena": ArenaIndexPage,
    "measure": MeasureIndexPage,
    "tool": ToolIndexPage,
    "service": ServiceIndexPage,
}


@dataclass
class ImportReport:
    site: Site
    dry_run: bool = False
    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unpublished: list = field(default_factory=list)
    unchanged: int = 0

    def lines(self):
        verb = "Would import" if self.dry_run else "Imported"
        yield (
            f"{verb} into site {self.site.hostname} ({self.site.site_name}): "
            f"{len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.unpublished)} unpublished, {self.unchanged} unchanged."
        )
        for label, refs in (
            ("added", self.added),
            ("changed", self.changed),
            ("unpublished", self.unpublished),
        ):
            for ref in refs:
                yield f"  {label}: {ref}"


def import_document(document, hostname=None, dry_run=False):
    """Validate and import; raises DocumentError (and changes nothing) on any problem."""
    problems = validate_document(document)
    if problems:
        raise DocumentError(problems)
    with transaction.atomic():
        site, root = model_site(hostname, document)
        before = snapshot(root) if root.live else {}
        # One reference-index update per page at the end, not one per save.
        importer = ModelImporter(root, document, before)
        with disable_reference_index_auto_update():
            importer.run()
            set_up_site(site, root)
        for page in Page.objects.filter(pk__in=importer.published).specific():
            ReferenceIndex.create_or_update_for_object(page)
        report = compare(site, before, snapshot(root), dry_run)
        if dry_run:
            transaction.set_rollback(True)
    return report


def snapshot(root):
    exporter = ModelExporter(root)
    return {"model": exporter.header(), **exporter.objects()}


def compare(site, before, after, dry_run):
    report = ImportReport(site=site, dry_run=dry_run)
    for ref, data in after.items():
        if ref not in before:
            report.added.append(ref)
        elif before[ref] != data:
            report.changed.append(ref)
        else:
            report.unchanged += 1
    report.unpublished = [ref for ref in before if ref not in after]
    return report


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


def parse_date(value):
    return datetime.date.fromisoformat(value) if value else None


def raw_link(link):
    return {"page": link.get("page"), "url": link.get("url", ""), "title": link.get("title", "")}


def stream_item(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def list_items(values):
    return [stream_item("item", value) for value in values]


def canonical_body(text):
    return html_to_markdown(markdown_to_html(text or ""))


def canonical(kind, data):
    """The document's object as the exporter would write it back, to tell what changed."""
    data = dict(data)
    if "body" in data:
        data["body"] = canonical_body(data["body"])
    for key in ("review", "contact"):
        if key in data:
            data[key] = compact(data[key])
    if "links" in data:
        data["links"] = [compact(link) for link in data["links"]]
    if kind == "routine" and "steps" in data:
        data["steps"] = [step.strip() for step in data["steps"] if step.strip()]
    if kind == "guide-level":
        data["steps"] = [canonical("step", step) for step in data.get("steps", [])]
    return compact(data)


class ModelImporter:
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
            page.save_revision(clean=True).publish()
        except ValidationError as error:
            return error
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
        root, doc = self.root, self.document
        dimensions = doc.get("dimensions", {})
        values = {
            "title": doc["title"],
            "municipality_name": doc["municipality"]["name"],
            "municipality_number": doc["municipality"].get("number", ""),
            "municipality_website": doc["municipality"].get("website", ""),
            "language": doc["language"],
            "summary": doc.get("summary", ""),
            "body": markdown_to_html(doc.get("body", "")),
            "target_groups": doc.get("target_groups", []),
            "kultur_title": dimensions.get("kultur", {}).get("title", ""),
            "kultur_summary": dimensions.get("kultur", {}).get("summary", ""),
            "struktur_title": dimensions.get("struktur", {}).get("title", ""),
            "struktur_summary": dimensions.get("struktur", {}).get("summary", ""),
        }
        self.set_and_publish(root, values, "$")

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
            values = {"title": info.get("title") or str(label), "summary": info.get("summary", "")}
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
                guide = self.document["guide"]
                values = {"title": guide["title"], "summary": guide.get("summary", "")}
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
        taken = {}
        for kind in self.kinds():
            pages = self.existing_pages(kind)
            for _index, item in self.objects(kind):
                key = self.key_of(kind, item)
                parent = self.parent_for(kind, item, pages)
                page = pages.get(key)
                if page is None:
                    page = self.new_page(kind, item, parent, taken)
                    pages[key] = page
                elif page.path[: -page.steplen] != parent.path:
                    page.move(parent, pos="last-child")
                    # A move rewrites the paths of the whole subtree: read them again.
                    pages.update(self.existing_pages(kind))

    def new_page(self, kind, item, parent, taken):
        model = self.model_of(kind)
        if kind == "guide-level":
            base_slug, extra = f"niva-{item['number']}", {"number": item["number"]}
        else:
            base_slug, extra = item["id"], {"exchange_id": item["id"]}
        if kind == "element":
            extra["dimension"] = item["dimension"]
        parent.refresh_from_db(fields=["numchild"])  # moves elsewhere may have changed it
        siblings = taken.setdefault(
            parent.pk, set(parent.get_children().values_list("slug", flat=True))
        )
        page = model(
            title=item.get("title") or item.get("name"),
            slug=free_slug(parent, base_slug, siblings),
            live=False,
            **extra,
        )
        parent.add_child(instance=page)
        return page

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
                getattr(self, f"fill_{kind.replace('-', '_')}")(page, item)
                page.title = item.get("title") or item.get("name")
                page.summary = item.get("summary", "")
                error = self.publish(page, internal=item.get("audience") == "internal")
                if error:
                    self.report(f"{list_key}[{index}]", error)

    def report(self, path, error):
        for field_name, messages in error.message_dict.items():
            for message in messages:
                self.problems.append(ValidationProblem(f"{path} ({field_name})", message))

    # -- one filler per kind: the document's fields onto the page ------------------------------

    def page_ref(self, ref):
        page = self.sections[GuidePage] if ref == "guide" else self.pages[ref]
        return page.pk

    def service_stream(self, ids):
        return [
            stream_item("service", self.page_ref(f"service:{service_id}")) for service_id in ids
        ]

    def raw_links(self, links):
        return [
            raw_link({"page": self.page_ref(link["ref"])} if "ref" in link else link)
            for link in links or []
        ]

    def fill_links(self, page, item):
        page.links = [stream_item("link", link) for link in self.raw_links(item.get("links"))]

    def fill_review(self, page, item):
        review = item.get("review", {})
        page.last_reviewed = parse_date(review.get("last_reviewed"))
        page.review_interval_months = review.get("interval_months")
        page.review_responsible = review.get("responsible", "")

    def fill_contact(self, page, contact):
        page.phone = contact.get("phone", "")
        page.email = contact.get("email", "")
        page.address = contact.get("address", "")
        page.opening_hours = contact.get("opening_hours", "")
        page.contact_url = contact.get("url", "")

    def fill_element(self, page, item):
        page.dimension = item["dimension"]
        page.kind = item.get("kind", "")
        page.themes = item.get("themes", [])
        page.services = self.service_stream(item.get("services", []))
        page.responsible = item.get("responsible", "")
        page.body = markdown_to_html(item.get("body", ""))
        self.fill_links(page, item)
        self.fill_review(page, item)

    def fill_service(self, page, item):
        page.service_kind = item.get("kind", "")
        self.fill_contact(page, item.get("contact", {}))

    def fill_plan(self, page, item):
        page.plan_kind = item.get("kind", "")
        page.body = markdown_to_html(item.get("body", ""))
        page.adopted_by = item.get("adopted_by", "")
        page.adopted_on = parse_date(item.get("adopted_on"))
        page.valid_until = parse_date(item.get("valid_until"))
        page.document_url = item.get("url", "")
        self.fill_links(page, item)
        self.fill_review(page, item)

    def fill_routine(self, page, item):
        page.body = markdown_to_html(item.get("body", ""))
        page.steps = "\n".join(item.get("steps", []))
        page.services = self.service_stream(item.get("services", []))
        page.responsible = item.get("responsible", "")
        page.document_url = item.get("url", "")
        self.fill_links(page, item)
        self.fill_review(page, item)

    def fill_arena(self, page, item):
        page.arena_level = item.get("level", "")
        page.purpose = item.get("purpose", "")
        page.participants = self.service_stream(item.get("participants", []))
        page.convener = item.get("convener", "")
        page.frequency = item.get("frequency", "")
        page.months = item.get("months", [])
        self.fill_links(page, item)
        self.fill_review(page, item)

    def fill_measure(self, page, item):
        page.body = markdown_to_html(item.get("body", ""))
        provider = item.get("provider")
        page.provider = self.pages[f"service:{provider}"] if provider else None
        page.target_groups = item.get("target_groups", [])
        page.age_min = item.get("age_min")
        page.age_max = item.get("age_max")
        page.access = item.get("access", "")
        page.evidence_url = item.get("evidence_url", "")
        self.fill_contact(page, item.get("contact", {}))
        self.fill_links(page, item)
        self.fill_review(page, item)

    def fill_tool(self, page, item):
        page.tool_kind = item.get("kind", "")
        page.document_url = item.get("url", "")
        self.fill_review(page, item)

    def fill_guide_level(self, page, item):
        page.number = item["number"]
        page.escalate_when = item.get("escalate_when", "")
        page.steps = [
            stream_item(
                "step",
                {
                    "title": step["title"],
                    "body": markdown_to_html(step.get("body", "")),
                    "responsible": step.get("responsible", ""),
                    "tools": list_items(self.page_ref(f"tool:{t}") for t in step.get("tools", [])),
                    "involve": list_items(
                        self.page_ref(f"service:{s}") for s in step.get("involve", [])
                    ),
                    "links": list_items(self.raw_links(step.get("links"))),
                },
            )
            for step in item.get("steps", [])
        ]

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
