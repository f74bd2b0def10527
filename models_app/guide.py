"""The handlingsveileder: the flow from worry to action, one level, or all of it for print."""


def guide_context(guide_page, request):
    return {}


def guide_level_context(level_page, request):
    return {}


def whole_guide_context(guide_page, request):
    return {}
