"""The building blocks of the field maps (fieldmap.py): converters between a document value
and a stored one, the kinds of field, and the three walks over a map: reading a page into
its document object, loading a document object onto a page, and the canonical form of a
document object (what the exporter would write back after importing it).

Converters meet two contexts. Importing, `ctx.page_ref(ref)` is the page id a reference
(`service:helsestasjon`) names. Exporting, `ctx.ids` maps page ids to exchange ids,
`ctx.refs` page ids to references, and `ctx.page_url(page_id)` resolves rich-text page links.
"""

import datetime
import uuid
from dataclasses import dataclass

from models_app.core.markdown import html_to_markdown, markdown_to_html
from models_app.core.streams import raw_list_items

# --- helpers ----------------------------------------------------------------------------


def compact(data, keep=()):
    """Drop empty values and defaults, so that equal models give equal documents. `keep`
    names keys the schema requires: kept, even empty, in an object that holds anything."""
    kept = {key: value for key, value in data.items() if not is_empty(key, value)}
    if kept and keep:
        return {key: value for key, value in data.items() if key in kept or key in keep}
    return kept


def is_empty(key, value):
    return value in (None, "", [], {}) or (key == "audience" and value == "public")


def stream_item(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def raw_data(value):
    """A StreamField's raw data, or a block's raw list as it is."""
    return getattr(value, "raw_data", value)


def get_value(target, attr):
    return target.get(attr) if isinstance(target, dict) else getattr(target, attr)


def set_value(target, attr, value):
    if isinstance(target, dict):
        target[attr] = value
    else:
        setattr(target, attr, value)


# --- converters: a document value <-> a stored value ------------------------------------


class Converter:
    """Stored as in the document; missing is None (numbers, references)."""

    missing = None
    fields = ()

    def load(self, value, ctx):
        return value

    def dump(self, value, ctx):
        return value

    def canonical(self, value):
        return value


class Text(Converter):
    missing = ""


class List(Converter):
    """A list of choices (themes, target groups, months), stored as a JSON list."""

    missing = ()

    def load(self, value, ctx):
        return list(value)

    def dump(self, value, ctx):
        return list(value or [])


class Markdown(Converter):
    """The format's Markdown subset <-> rich-text HTML."""

    missing = ""

    def load(self, value, ctx):
        return markdown_to_html(value)

    def dump(self, value, ctx):
        return html_to_markdown(str(value or ""), resolve_page_url=ctx.page_url)

    def canonical(self, value):
        return html_to_markdown(markdown_to_html(value or ""))


class Date(Converter):
    def load(self, value, ctx):
        return datetime.date.fromisoformat(value) if value else None

    def dump(self, value, ctx):
        return value.isoformat() if value else None


class Lines(Converter):
    """A list of one-line texts <-> one text with a line each (a routine's steps)."""

    missing = ()

    def load(self, value, ctx):
        return "\n".join(value)

    def dump(self, value, ctx):
        return self.canonical((value or "").splitlines())

    def canonical(self, value):
        return [line.strip() for line in value if line.strip()]


class Reference(Converter):
    """One id of a `kind` <-> a foreign key's page id (a measure's provider)."""

    def __init__(self, kind):
        self.kind = kind

    def load(self, value, ctx):
        return ctx.page_ref(f"{self.kind}:{value}") if value else None

    def dump(self, value, ctx):
        return ctx.ids.get(value)


class Ids(Converter):
    """Ids of a `kind` <-> a stream or ListBlock of page choosers, in order."""

    missing = ()

    def __init__(self, kind, block_type):
        self.kind, self.block_type = kind, block_type

    def load(self, value, ctx):
        refs = (f"{self.kind}:{ident}" for ident in value)
        return [stream_item(self.block_type, ctx.page_ref(ref)) for ref in refs]

    def dump(self, value, ctx):
        page_ids = raw_list_items(raw_data(value))
        return [ctx.ids[page_id] for page_id in page_ids if page_id in ctx.ids]


class Links(Converter):
    """Link objects <-> a stream or ListBlock of LinkBlocks (core.blocks)."""

    missing = ()
    keys = ("ref", "url", "title")  # the schema's link object

    def __init__(self, block_type):
        self.block_type = block_type

    def load(self, value, ctx):
        return [stream_item(self.block_type, self.raw_link(link, ctx)) for link in value]

    @staticmethod
    def raw_link(link, ctx):
        page = ctx.page_ref(link["ref"]) if "ref" in link else None
        return {"page": page, "url": link.get("url", ""), "title": link.get("title", "")}

    def dump(self, value, ctx):
        links = (self.link(raw, ctx) for raw in raw_list_items(raw_data(value)))
        return [link for link in links if link]

    @staticmethod
    def link(raw, ctx):
        if raw.get("page"):
            ref = ctx.refs.get(raw["page"])
            if ref:
                return {"ref": ref}
            # Another municipality's page (the model check reports it): kept as its address,
            # never dropped without a trace.
            url = ctx.page_url(raw["page"])
            return {"url": url, "title": raw.get("title") or url} if url else None
        if raw.get("url"):
            return {"url": raw["url"], "title": raw.get("title") or raw["url"]}
        return None

    def canonical(self, value):
        return [compact({key: link[key] for key in self.keys if key in link}) for link in value]


class Blocks(Converter):
    """A list of objects <-> a stream or ListBlock of StructBlocks, each by its own map."""

    missing = ()

    def __init__(self, block_type, fields, keep=()):
        self.block_type, self.fields, self.keep = block_type, fields, keep

    def load(self, value, ctx):
        return [
            stream_item(self.block_type, load_object(self.fields, {}, item, ctx)) for item in value
        ]

    def dump(self, value, ctx):
        items = raw_list_items(raw_data(value))
        return [read_object(self.fields, item, ctx, keep=self.keep) for item in items]

    def canonical(self, value):
        return [canonical_object(self.fields, item, self.keep) for item in value]


TEXT, LIST, MARKDOWN, DATE, NUMBER, LINES = Text(), List(), Markdown(), Date(), Converter(), Lines()


# --- fields -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    key: str
    attr: str
    conv: Converter = TEXT

    @property
    def fields(self):
        return self.conv.fields

    def read(self, target, ctx):
        return self.conv.dump(get_value(target, self.attr), ctx)

    def write(self, target, data, ctx):
        value = data.get(self.key, self.conv.missing)
        set_value(target, self.attr, self.conv.load(value, ctx))

    def canonical(self, value):
        return self.conv.canonical(value)


@dataclass(frozen=True)
class Nested:
    key: str
    fields: tuple
    keep: tuple = ()  # keys the schema requires in this object

    def read(self, target, ctx):
        return read_object(self.fields, target, ctx, keep=self.keep)

    def write(self, target, data, ctx):
        load_object(self.fields, target, data.get(self.key, {}), ctx)

    def canonical(self, value):
        return canonical_object(self.fields, value, self.keep)


@dataclass(frozen=True)
class Const:
    key: str
    value: object
    fields = ()

    def read(self, target, ctx):
        return self.value

    def write(self, target, data, ctx):
        pass

    def canonical(self, value):
        return value


@dataclass(frozen=True)
class Placed:
    """A key the importer and exporter take from the page's place, not from an attribute;
    `why` says where. `fields` is the map of what is placed there, if it is an object."""

    key: str
    why: str
    fields: tuple = ()

    def canonical(self, value):
        return value


def read_object(fields, target, ctx, placed=None, keep=()):
    """The document's object for `target`; `placed` holds the values of Placed keys."""
    placed = placed or {}
    data = {
        field.key: placed.get(field.key) if isinstance(field, Placed) else field.read(target, ctx)
        for field in fields
    }
    return compact(data, keep)


def load_object(fields, target, data, ctx):
    """Set the attributes of `target` (a page, or a dict for a block's value) from `data`;
    Placed keys are the importer's."""
    for field in fields:
        if not isinstance(field, Placed):
            field.write(target, data, ctx)
    return target


def canonical_object(fields, data, keep=()):
    """`data` as the exporter would write it back after importing it."""
    return compact(
        {field.key: field.canonical(data[field.key]) for field in fields if field.key in data},
        keep,
    )


def stored(fields):
    """The fields kept in attributes of the page itself."""
    return tuple(field for field in fields if isinstance(field, Field | Nested))
