"""`{% service_tree page request as tree %}`: the organisation's services, nested."""

from django import template

from wagtail.models import Page

from models_app.core.visibility import visibility_for

from ..models import ServicePage

register = template.Library()


@register.simple_tag
def service_tree(index_page, request):
    """Every visible ServicePage below `index_page`, fetched in one query and nested by path,
    as a list of `{"page", "children"}`. A service whose parent is hidden from this visitor
    is left out with its parent."""
    services = visibility_for(request or None).filter(ServicePage.objects.descendant_of(index_page))
    nodes, roots = {}, []
    for service in services.order_by("path"):
        node = {"page": service, "children": []}
        nodes[service.path] = node
        parent_path = service.path[: -Page.steplen]
        if parent_path == index_page.path:
            roots.append(node)
        elif parent_path in nodes:
            nodes[parent_path]["children"].append(node)
    return roots
