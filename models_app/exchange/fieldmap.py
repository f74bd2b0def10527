"""Which key of the exchange document is which attribute of a page, one map per kind.

The importer writes pages by walking these maps (`load_object`), the exporter reads pages by
walking the same maps (`read_object`), and the importer's "is this object unchanged?" check
derives from them too (`canonical`): a key cannot be imported without being exported, and
tests/test_export.py checks that the maps cover every key of the schema.

A map is a tuple of fields in the order the exporter writes their keys (conversions.py):

- `Field`: one key onto one attribute, of a page or of a block's value, through a converter;
- `Nested`: an object of the document ({"review": {…}}) spread over attributes of one page;
- `Const`: a key whose value never changes (`format`, `version`);
- `Placed`: a key decided by where a page sits, not by a stored attribute: its parent page,
  its view restriction, the id it is matched by. The importer and exporter handle these
  themselves; the map names them, and says where they come from, so that it still covers
  every key of the schema.
"""

from .conversions import (
    DATE,
    LINES,
    LIST,
    MARKDOWN,
    NUMBER,
    Blocks,
    Const,
    Field,
    Ids,
    Links,
    Nested,
    Placed,
    Reference,
    canonical_object,
)
from .validation import LISTS

# --- shared fields ----------------------------------------------------------------------

ID = Placed("id", "the page's exchange_id: set when the page is made, and matched by")
AUDIENCE = Placed("audience", "internal: a Wagtail login view restriction on the page")
TITLE = Field("title", "title")
SUMMARY = Field("summary", "summary")
BODY = Field("body", "body", MARKDOWN)
RESPONSIBLE = Field("responsible", "responsible")
REVIEW = Nested(
    "review",
    (
        Field("last_reviewed", "last_reviewed", DATE),
        Field("interval_months", "review_interval_months", NUMBER),
        Field("responsible", "review_responsible"),
    ),
)
CONTACT = Nested(
    "contact",
    (
        Field("phone", "phone"),
        Field("email", "email"),
        Field("address", "address"),
        Field("opening_hours", "opening_hours"),
        Field("url", "contact_url"),
    ),
)
LINKS = Field("links", "links", Links("link"))
SERVICES = Field("services", "services", Ids("service", "service"))

# A step of the handlingsveileder: the value of a StepBlock (guide.blocks).
STEP = (
    TITLE,
    BODY,
    RESPONSIBLE,
    Field("tools", "tools", Ids("tool", "item")),
    Field("involve", "involve", Ids("service", "item")),
    Field("deadline", "deadline"),
    Field("links", "links", Links("item")),
)
# A glossary term: the value of a GlossaryTermBlock (model.blocks).
TERM = (Field("term", "term"), Field("definition", "definition"))

FIELDS = {
    "element": (
        ID,
        Placed("level", "the LevelPage the element sits under"),
        Field("dimension", "dimension"),
        TITLE,
        SUMMARY,
        BODY,
        Field("kind", "kind"),
        Field("themes", "themes", LIST),
        SERVICES,
        RESPONSIBLE,
        REVIEW,
        AUDIENCE,
        LINKS,
    ),
    "service": (
        ID,
        Field("name", "title"),
        Placed("parent", "the ServicePage the service sits under"),
        Field("kind", "service_kind"),
        SUMMARY,
        CONTACT,
    ),
    "plan": (
        ID,
        TITLE,
        Field("kind", "plan_kind"),
        SUMMARY,
        BODY,
        Field("adopted_by", "adopted_by"),
        Field("adopted_on", "adopted_on", DATE),
        Field("valid_until", "valid_until", DATE),
        Field("url", "document_url"),
        REVIEW,
        AUDIENCE,
        LINKS,
    ),
    "routine": (
        ID,
        TITLE,
        SUMMARY,
        BODY,
        Field("steps", "steps", LINES),
        SERVICES,
        RESPONSIBLE,
        Field("url", "document_url"),
        REVIEW,
        AUDIENCE,
        LINKS,
    ),
    "arena": (
        ID,
        TITLE,
        Field("level", "arena_level"),
        SUMMARY,
        Field("purpose", "purpose"),
        Field("participants", "participants", Ids("service", "service")),
        Field("convener", "convener"),
        Field("frequency", "frequency"),
        Field("months", "months", LIST),
        REVIEW,
        AUDIENCE,
        LINKS,
    ),
    "measure": (
        ID,
        TITLE,
        SUMMARY,
        BODY,
        Field("provider", "provider_id", Reference("service")),
        Field("target_groups", "target_groups", LIST),
        Field("age_min", "age_min", NUMBER),
        Field("age_max", "age_max", NUMBER),
        Field("access", "access"),
        Field("evidence_url", "evidence_url"),
        CONTACT,
        REVIEW,
        AUDIENCE,
        LINKS,
    ),
    "tool": (
        ID,
        TITLE,
        Field("kind", "tool_kind"),
        SUMMARY,
        Field("url", "document_url"),
        AUDIENCE,
        REVIEW,
    ),
    "guide-level": (
        Placed("number", "the level's number: set when the page is made, and matched by"),
        TITLE,
        SUMMARY,
        Nested(
            "notice",
            (Field("title", "notice_title"), Field("body", "notice_body", MARKDOWN)),
            keep=("title", "body"),
        ),
        Field("steps", "steps", Blocks("step", STEP)),
        Field("escalate_when", "escalate_when"),
        AUDIENCE,
    ),
}

# kind -> the document's list of objects of that kind (the lists validation knows)
LIST_KEYS = LISTS

# One LevelPage (kommune, etat, individ); the importer gives it the level's name as title
# when the document has none.
LEVEL = (TITLE, SUMMARY)

# The GuidePage section.
GUIDE = (
    TITLE,
    SUMMARY,
    Placed("levels", "the GuideLevelPages under the guide", FIELDS["guide-level"]),
)


def _dimension(key):
    return Nested(key, (Field("title", f"{key}_title"), Field("summary", f"{key}_summary")))


# The document itself: the ModelIndexPage at the root of the site, and where the rest sits.
MODEL = (
    Const("format", "samhandlingsmodell"),
    Const("version", 1),
    Nested(
        "municipality",
        (
            Field("name", "municipality_name"),
            Field("number", "municipality_number"),
            Field("website", "municipality_website"),
        ),
    ),
    Field("language", "language"),
    TITLE,
    SUMMARY,
    BODY,
    Field("target_groups", "target_groups", LIST),
    Placed(
        "levels",
        "the LevelPages under the root",
        tuple(
            Placed(key, f"the LevelPage for {key}", LEVEL) for key in ("kommune", "etat", "individ")
        ),
    ),
    Nested("dimensions", (_dimension("kultur"), _dimension("struktur"))),
    *(
        Placed(key, f"the {kind} pages in the model", FIELDS[kind])
        for kind, key in LIST_KEYS.items()
    ),
    Placed("guide", "the GuidePage section of the model", GUIDE),
    Field("glossary", "glossary", Blocks("term", TERM, keep=("term", "definition"))),
)


def canonical(kind, data):
    """The document's object as the exporter would write it back, to tell what changed."""
    return canonical_object(FIELDS[kind], data)
