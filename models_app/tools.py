"""The tools section: tools grouped by kind, with their documents."""


def tool_overview(index_page, request, tools):
    return {}
