"""The tiltaksoversikt: filtering measures with plain GET parameters."""


def measure_overview(index_page, request, measures):
    return {}
