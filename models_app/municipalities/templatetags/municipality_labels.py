"""The municipality beside each page title in the admin, for superusers: they see every
municipality's pages in the choosers, search, listings and reports, where identical titles
("Rutiner") could not be told apart otherwise. Editors see only their own municipality's
pages and get no label."""

from django import template

from models_app.model.models import ModelIndexPage

register = template.Library()


def _model_pages(request):
    """(tree path, municipality) of every model page: one query per request, cached on it
    like Wagtail's own privacy indicator caches the restrictions."""
    if not hasattr(request, "municipality_model_pages"):
        request.municipality_model_pages = list(
            ModelIndexPage.objects.values_list("path", "municipality_name")
        )
    return request.municipality_model_pages


@register.simple_tag(takes_context=True)
def municipality_of(context, page):
    """The municipality the page belongs to, when the user is a superuser and there is more
    than one; "" otherwise."""
    request = context.get("request")
    if request is None or not request.user.is_superuser:
        return ""
    model_pages = _model_pages(request)
    if len(model_pages) < 2:
        return ""
    return next((name for path, name in model_pages if page.path.startswith(path)), "")
