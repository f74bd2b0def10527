"""Template helpers for the citizens' pages: the footer's links on pages without a page frame."""

from django import template

from ..views import model_frame_pages

register = template.Library()


@register.simple_tag
def frame_pages_for(model_page, request):
    """`{% frame_pages_for model_page request as frame_pages %}`: the concern, accessibility
    and change-log pages of the model, for pages rendered outside page_frame (the 404 page)."""
    if not model_page or request is None or request == "":
        return {}
    return model_frame_pages(model_page, request)
