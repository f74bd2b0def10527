"""`{% tool_file tool as file %}`: what the direct link to a tool shows (see tools.py)."""

from django import template

from .. import tools

register = template.Library()


@register.simple_tag(takes_context=True)
def tool_file(context, tool):
    """The ToolFile of `tool`: its document (already loaded by the caller) or its external
    address; None when it has neither."""
    return tools.tool_file(tool, context.get("request") or None)
