"""The tools section: tools grouped by kind, with their documents.

A tool (ToolPage) is one object that every guide step, routine and element links to, so one
edit changes it everywhere. Its file is a Wagtail document; the documents of internal tools
live in a private collection with a login restriction, which Wagtail's document serve view
(`/dokumenter/<id>/<filename>`) enforces.

Query budget: the index gets the visible tools already loaded (`items`); their documents cost
one query, and which collections are private at most two more, once per request, so the count
does not grow with the number of tools. `components/tool_file.html` follows no
relation: it reads the document attached here (or one the caller loaded) and, when there is
a request, the private collections looked up once per request.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from . import choices

NO_KIND = ""
NO_KIND_LABEL = _("Other tools")
# External addresses of these types open in the browser; others are downloaded. (A Wagtail
# document says so itself: WAGTAILDOCS_INLINE_CONTENT_TYPES, by default PDF only.)
INLINE_EXTENSIONS = ("pdf",)


@dataclass
class ToolGroup:
    key: str
    label: str
    tools: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"verktoy-{self.key or 'uten-type'}"


@dataclass
class ToolFile:
    """What the direct link to a tool shows: "Open (PDF, 12 kB)", "Download (DOCX, 30 kB)", or
    "Open (www.example.no)" for an external address."""

    url: str
    extension: str = ""  # upper case, "" when unknown
    size: int | None = None  # bytes, None when unknown
    opens_in_browser: bool = True
    private: bool = False  # the document needs a login
    external: bool = False
    host: str = ""  # of an external address


# Collections -------------------------------------------------------------------------------


def municipality_name(site_root_page):
    page = getattr(site_root_page, "specific", site_root_page)
    return getattr(page, "municipality_name", "") or page.title


# Collection names are data, not interface text: editors see them in the admin, in the
# municipality's language, and they must stay the same whoever runs the command.
COLLECTION_NAMES = {
    "public": "Dokumenter – {municipality}",
    "private": "Interne dokumenter – {municipality}",
}


def collection_name(which, site_root_page):
    return COLLECTION_NAMES[which].format(municipality=municipality_name(site_root_page))


def _collection(name):
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first()
    if collection is None:
        collection = root.add_child(name=name)
    return collection


def public_collection(site_root_page):
    """The collection "Dokumenter – <municipality>" under Wagtail's root collection."""
    return _collection(collection_name("public", site_root_page))


def private_collection(site_root_page):
    """The collection "Interne dokumenter – <municipality>" under Wagtail's root collection,
    restricted to logged-in users. A stricter restriction an editor set is kept."""
    collection = _collection(collection_name("private", site_root_page))
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


# Privacy of documents ------------------------------------------------------------------------


def private_collection_ids(request=None):
    """Ids of the collections whose documents need a login (or more): at most two queries,
    made once per request. A restriction covers the collections below it too."""
    cached = getattr(request, "_samhandling_private_collections", None)
    if cached is not None:
        return cached
    paths = list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
    ids = frozenset()
    if paths:
        below = Q()
        for path in paths:
            below |= Q(path__startswith=path)
        ids = frozenset(Collection.objects.filter(below).values_list("id", flat=True))
    if request is not None:
        request._samhandling_private_collections = ids
    return ids


def document_file(document, request=None):
    """A ToolFile for a loaded document (no query but the per-request privacy look-up)."""
    if document is None:
        return None
    extension = document.file_extension.lower()
    return ToolFile(
        url=document.url,
        extension=extension.upper(),
        size=document.file_size,
        opens_in_browser=document.content_disposition == "inline",
        private=document.collection_id in private_collection_ids(request),
    )


def external_file(address):
    """A ToolFile for an external address: its host, and its file type when the path ends
    in one of the document types the site accepts (…/skjema.pdf)."""
    if not address:
        return None
    parts = urlsplit(address)
    if parts.scheme in ("http", "https"):
        host = parts.hostname or ""
        extension = parts.path.rsplit("/", 1)[-1].rpartition(".")[2].lower()
        if "." not in parts.path.rsplit("/", 1)[-1] or extension not in document_extensions():
            extension = ""
    else:  # mailto: or tel:
        host, extension = parts.path, ""
    return ToolFile(
        url=address,
        extension=extension.upper(),
        opens_in_browser=not extension or extension in INLINE_EXTENSIONS,
        external=True,
        host=host,
    )


def document_extensions():
    return getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or ()


def tool_file(tool, request=None):
    """The direct link of a tool: its document when it has one, else its external address."""
    document = getattr(tool, "document", None) if tool else None
    if document is not None:
        return document_file(document, request)
    return external_file(getattr(tool, "document_url", "")) if tool else None


def attach_documents(tools):
    """Load the documents of many tools in one query and set them on the tools, so that
    `tool.document` costs nothing more. Returns the tools."""
    ids = {tool.document_id for tool in tools if tool.document_id}
    documents = get_document_model().objects.in_bulk(ids) if ids else {}
    for tool in tools:
        if tool.document_id:
            document = documents.get(tool.document_id)
            if document is not None:
                tool.document = document
            else:  # deleted since the tool was loaded
                tool.document_id = None
    return tools


# The index ---------------------------------------------------------------------------------


def group_by_kind(tools):
    """Tools in groups by kind, in the order of TOOL_KINDS, then tools without a known kind;
    each group keeps the tools' order. Empty groups are left out."""
    groups = {key: ToolGroup(key, label) for key, label in choices.TOOL_KINDS}
    groups[NO_KIND] = ToolGroup(NO_KIND, NO_KIND_LABEL)
    for tool in tools:
        key = tool.tool_kind if tool.tool_kind in groups else NO_KIND
        groups[key].tools.append(tool)
    return [group for group in groups.values() if group.tools]


def tool_overview(index_page, request, tools):
    """The context of the tools index: the visible tools grouped by kind, with documents."""
    tools = attach_documents(list(tools))
    return {"tool_groups": group_by_kind(tools), "tool_count": len(tools)}
