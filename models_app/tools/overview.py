"""The tools section: tools grouped by kind, with their documents.

Query budget: the index gets the visible tools already loaded (`items`); their documents cost
one query, and which collections are private at most two more, once per request, so the count
does not grow with the number of tools. The file link (`core/components/file_link.html`)
follows no relation: it reads the document attached here.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from wagtail.documents import get_document_model

from models_app.core import choices

NO_KIND = ""
NO_KIND_LABEL = _("Other tools")


@dataclass
class ToolGroup:
    key: str
    label: str
    tools: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"verktoy-{self.key or 'uten-type'}"


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


def tool_overview(tools):
    """The context of the tools index: the visible tools grouped by kind, with documents."""
    tools = attach_documents(list(tools))
    return {"tool_groups": group_by_kind(tools), "tool_count": len(tools)}
