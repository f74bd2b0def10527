"""A service and everything that concerns it: guide steps, routines, arenas, tools, measures."""


def service_overview(service_page, request):
    return {}
