"""What search engines and shared links show of a page: its description."""

from django import template

from ..seo import page_description as _page_description

register = template.Library()


@register.simple_tag
def page_description(page, model_page=None):
    """`{% page_description page model_page as description %}`: the page's own description, or
    a sentence naming what kind of page it is and whose model it belongs to."""
    return _page_description(page, model_page)
