"""Export a municipality's model as an exchange document (format samhandlingsmodell, version 1)."""

from wagtail.models import Page, PageViewRestriction

from models_app.arenas.models import ArenaPage
from models_app.core.choices import LEVELS
from models_app.core.markdown import html_to_markdown
from models_app.core.streams import raw_list_items
from models_app.guide.models import GuideLevelPage, GuidePage
from models_app.measures.models import MeasurePage
from models_app.model.models import ElementPage, LevelPage
from models_app.plans.models import PlanPage
from models_app.routines.models import RoutinePage
from models_app.services.models import ServicePage
from models_app.tools.models import ToolPage

# kind in references → (page model, list key in the document)
KINDS = {
    "element": (ElementPage, "elements"),
    "service": (ServicePage, "services"),
    "plan": (PlanPage, "plans"),
    "routine": (RoutinePage, "routines"),
    "arena": (ArenaPage, "arenas"),
    "measure": (MeasurePage, "measures"),
    "tool": (ToolPage, "tools"),
}


def compact(data):
    """Drop empty values and defaults, so that equal models give equal documents."""
    return {
        key: value
        for key, value in data.items()
        if value not in (None, "", [], {}) and not (key == "audience" and value == "public")
    }


class ModelExporter:
    """Reads one model's live pages once, then writes them out in document form."""

    def __init__(self, root):
        self.root = root
        self.pages = {
            kind: list(model.objects.descendant_of(root).live().order_by("path"))
            for kind, (model, _key) in KINDS.items()
        }
        self.guide = GuidePage.objects.child_of(root).live().first()
        self.guide_levels = (
            list(GuideLevelPage.objects.child_of(self.guide).live().order_by("path"))
            if self.guide
            else []
        )
        levels = {level.level: level for level in LevelPage.objects.child_of(root)}
        self.levels = {key: levels[key] for key, _label in LEVELS if key in levels}
        self.restricted_ids = set(
            PageViewRestriction.objects.filter(page__path__startswith=root.path).values_list(
                "page_id", flat=True
            )
        )
        self.refs = {
            page.id: f"{kind}:{page.exchange_id}"
            for kind, items in self.pages.items()
            for page in items
        }
        self.ids = {page.id: page.exchange_id for items in self.pages.values() for page in items}
        self.refs.update({level.id: f"guide-level:{level.number}" for level in self.guide_levels})
        if self.guide:
            self.refs[self.guide.id] = "guide"
        self.urls = None

    # -- helpers ---------------------------------------------------------------------------

    def audience(self, page):
        return "internal" if page.id in self.restricted_ids else "public"

    def markdown(self, html):
        return html_to_markdown(str(html or ""), resolve_page_url=self.page_url)

    def page_url(self, page_id):
        page = Page.objects.filter(id=page_id).first()
        return page.full_url if page else None

    def review(self, page):
        return compact(
            {
                "last_reviewed": page.last_reviewed.isoformat() if page.last_reviewed else None,
                "interval_months": page.review_interval_months,
                "responsible": page.review_responsible,
            }
        )

    def link(self, value):
        if value.get("page"):
            ref = self.refs.get(value["page"])
            return {"ref": ref} if ref else None
        if value.get("url"):
            return {"url": value["url"], "title": value.get("title") or value["url"]}
        return None

    def links(self, raw_items):
        links = (self.link(item.get("value", item)) for item in raw_items or [])
        return [link for link in links if link]

    def service_ids(self, stream):
        return [self.ids[item["value"]] for item in stream.raw_data if item["value"] in self.ids]

    def contact(self, page):
        return compact(
            {
                "phone": page.phone,
                "email": page.email,
                "address": page.address,
                "opening_hours": page.opening_hours,
                "url": page.contact_url,
            }
        )

    # -- objects -------------------------------------------------------------------------

    def element(self, page, level_of):
        return compact(
            {
                "id": page.exchange_id,
                "level": level_of(page),
                "dimension": page.dimension,
                "title": page.title,
                "summary": page.summary,
                "body": self.markdown(page.body),
                "kind": page.kind,
                "themes": list(page.themes or []),
                "services": self.service_ids(page.services),
                "responsible": page.responsible,
                "review": self.review(page),
                "audience": self.audience(page),
                "links": self.links(page.links.raw_data),
            }
        )

    def service(self, page, parent_id):
        return compact(
            {
                "id": page.exchange_id,
                "name": page.title,
                "parent": parent_id,
                "kind": page.service_kind,
                "summary": page.summary,
                "contact": self.contact(page),
            }
        )

    def plan(self, page):
        return compact(
            {
                "id": page.exchange_id,
                "title": page.title,
                "kind": page.plan_kind,
                "summary": page.summary,
                "body": self.markdown(page.body),
                "adopted_by": page.adopted_by,
                "adopted_on": page.adopted_on.isoformat() if page.adopted_on else None,
                "valid_until": page.valid_until.isoformat() if page.valid_until else None,
                "url": page.document_url,
                "review": self.review(page),
                "audience": self.audience(page),
                "links": self.links(page.links.raw_data),
            }
        )

    def routine(self, page):
        return compact(
            {
                "id": page.exchange_id,
                "title": page.title,
                "summary": page.summary,
                "body": self.markdown(page.body),
                "steps": page.step_list,
                "services": self.service_ids(page.services),
                "responsible": page.responsible,
                "url": page.document_url,
                "review": self.review(page),
                "audience": self.audience(page),
                "links": self.links(page.links.raw_data),
            }
        )

    def arena(self, page):
        return compact(
            {
                "id": page.exchange_id,
                "title": page.title,
                "level": page.arena_level,
                "summary": page.summary,
                "purpose": page.purpose,
                "participants": self.service_ids(page.participants),
                "convener": page.convener,
                "frequency": page.frequency,
                "months": list(page.months or []),
                "review": self.review(page),
                "audience": self.audience(page),
                "links": self.links(page.links.raw_data),
            }
        )

    def measure(self, page):
        return compact(
            {
                "id": page.exchange_id,
                "title": page.title,
                "summary": page.summary,
                "body": self.markdown(page.body),
                "provider": self.ids.get(page.provider_id),
                "target_groups": list(page.target_groups or []),
                "age_min": page.age_min,
                "age_max": page.age_max,
                "access": page.access,
                "evidence_url": page.evidence_url,
                "contact": self.contact(page),
                "review": self.review(page),
                "audience": self.audience(page),
                "links": self.links(page.links.raw_data),
            }
        )

    def tool(self, page):
        return compact(
            {
                "id": page.exchange_id,
                "title": page.title,
                "kind": page.tool_kind,
                "summary": page.summary,
                "url": page.document_url,
                "audience": self.audience(page),
                "review": self.review(page),
            }
        )

    def step(self, value):
        return compact(
            {
                "title": value.get("title", ""),
                "body": self.markdown(value.get("body")),
                "responsible": value.get("responsible"),
                "tools": [self.ids[i] for i in raw_list_items(value.get("tools")) if i in self.ids],
                "involve": [
                    self.ids[i] for i in raw_list_items(value.get("involve")) if i in self.ids
                ],
                "links": self.links(raw_list_items(value.get("links"))),
            }
        )

    def guide_level(self, page):
        return compact(
            {
                "number": page.number,
                "title": page.title,
                "summary": page.summary,
                "steps": [self.step(item["value"]) for item in page.steps.raw_data],
                "escalate_when": page.escalate_when,
                "audience": self.audience(page),
            }
        )

    # -- the document -----------------------------------------------------------------------

    def objects(self):
        """Every object as {"kind:id": data}, for comparing two states of the model."""
        level_paths = {level.path: key for key, level in self.levels.items()}
        service_paths = {s.path: s.exchange_id for s in self.pages["service"]}

        def level_of(page):
            return level_paths.get(page.path[: -ElementPage.steplen])

        result = {}
        for page in self.pages["element"]:
            if level_of(page):
                result[f"element:{page.exchange_id}"] = self.element(page, level_of)
        for page in self.pages["service"]:
            parent_id = service_paths.get(page.path[: -ServicePage.steplen])
            result[f"service:{page.exchange_id}"] = self.service(page, parent_id)
        for kind in ("plan", "routine", "arena", "measure", "tool"):
            for page in self.pages[kind]:
                result[f"{kind}:{page.exchange_id}"] = getattr(self, kind)(page)
        for page in self.guide_levels:
            result[f"guide-level:{page.number}"] = self.guide_level(page)
        return result

    def header(self):
        root = self.root
        document = {
            "format": "samhandlingsmodell",
            "version": 1,
            "municipality": compact(
                {
                    "name": root.municipality_name,
                    "number": root.municipality_number,
                    "website": root.municipality_website,
                }
            ),
            "language": root.language,
            "title": root.title,
            "summary": root.summary,
            "body": self.markdown(root.body),
            "target_groups": list(root.target_groups or []),
            "levels": {
                key: compact({"title": level.title, "summary": level.summary})
                for key, level in self.levels.items()
            },
            "dimensions": {
                key: compact(
                    {
                        "title": getattr(root, f"{key}_title"),
                        "summary": getattr(root, f"{key}_summary"),
                    }
                )
                for key in ("kultur", "struktur")
            },
        }
        document["dimensions"] = compact(
            {key: value for key, value in document["dimensions"].items() if value}
        )
        return compact(document) | {"elements": []}

    def document(self):
        document = self.header()
        objects = self.objects()
        for kind, (_model, key) in KINDS.items():
            items = [data for ref, data in objects.items() if ref.startswith(f"{kind}:")]
            if items or key == "elements":
                document[key] = items
        if self.guide and self.guide_levels:
            document["guide"] = compact(
                {
                    "title": self.guide.title,
                    "summary": self.guide.summary,
                    "levels": [
                        data for ref, data in objects.items() if ref.startswith("guide-level:")
                    ],
                }
            )
        return document


def export_document(root):
    return ModelExporter(root).document()
