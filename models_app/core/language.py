"""Each municipality's site speaks the language of its model (bokmål or nynorsk).

The language is a setting of the site (its model page's `language`, taken from the exchange
document on import), never the visitor's browser: a nynorsk municipality's pages are nynorsk for
everyone. It is set for the whole request, so that every view of a site (pages and their routes,
search, 404) agrees, and undone afterwards, so that nothing leaks into the next request.
"""

from django.utils import translation

from .sites import interface_language, request_model_page

# The admin keeps each editor's own language (Wagtail's user preference).
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def site_language(request):
    """The interface language of the requested site's model, or None if the site holds none."""
    model_page = request_model_page(request)
    return interface_language(model_page) if model_page else None


class SiteLanguageMiddleware:
    """Goes after LocaleMiddleware, whose choice from Accept-Language it overrides."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = None if request.path.startswith(ADMIN_PREFIXES) else site_language(request)
        if language is None:
            return self.get_response(request)
        request.LANGUAGE_CODE = language
        with translation.override(language):
            response = self.get_response(request)  # template responses render in here
        response.headers["Content-Language"] = language
        return response
