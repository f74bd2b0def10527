"""The model in the admin ("Modell"): one municipality's 3 × 2 grid as coordinators edit it.

Every cell lists its elements in order with their state (published, draft, in moderation,
review overdue), a link to edit each, buttons to move it up or down within the cell, and a
link that opens a new element with its level and dimension already set. Unlike the public
grid it shows every element, whoever may see it, at a fixed number of queries.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.admin.views.pages.create import CreateView
from wagtail.models import Page, WorkflowState

from models_app.core import choices
from models_app.core.admin import chosen_site
from models_app.core.visibility import restricted_page_paths

from .models import ElementPage, LevelPage

DIMENSION_KEYS = [key for key, _label in choices.DIMENSIONS]
# A state's label and the Wagtail badge style it is shown with.
STATES = {
    "live": (pgettext_lazy("element state", "Published"), "w-status--primary"),
    "changed": (pgettext_lazy("element state", "Published, with a draft"), "w-status--primary"),
    "draft": (pgettext_lazy("element state", "Draft"), ""),
    "moderation": (pgettext_lazy("element state", "In moderation"), "w-status--label"),
    "overdue": (pgettext_lazy("element state", "Review overdue"), "w-status--label"),
}


@dataclass
class AdminCell:
    level: str
    dimension: str
    title: str
    level_page: LevelPage | None
    elements: list = field(default_factory=list)


def element_states(element, in_moderation, today):
    """The element's states, most important first: (label, badge class) pairs."""
    if not element.live:
        keys = ["draft"]
    else:
        keys = ["changed" if element.has_unpublished_changes else "live"]
    if element.pk in in_moderation:
        keys.append("moderation")
    if element.next_review and element.next_review < today:
        keys.append("overdue")
    return [STATES[key] for key in keys]


def pages_in_moderation(pages):
    """Ids of the pages with a workflow in progress: one query for them all."""
    return {
        int(object_id)
        for object_id in WorkflowState.objects.active()
        .filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(page.pk) for page in pages],
        )
        .values_list("object_id", flat=True)
    }


def admin_grid(model_page, user):
    """Rows of the three levels, each with its two cells and every element in order, and
    whether the user may reorder the level's elements (approvers may, editors may not)."""
    levels = {level.level: level for level in LevelPage.objects.child_of(model_page)}
    elements = list(ElementPage.objects.descendant_of(model_page).order_by("path"))
    in_moderation = pages_in_moderation(elements)
    private = restricted_page_paths(below=model_page)
    today = datetime.date.today()
    rows = []
    for level_key, level_label in choices.LEVELS:
        level_page = levels.get(level_key)
        cells = [
            AdminCell(level_key, key, model_page.dimension_title(key), level_page)
            for key in DIMENSION_KEYS
        ]
        for element in elements:
            if level_page and element.path[: -Page.steplen] == level_page.path:
                cell = cells[DIMENSION_KEYS.index(element.dimension)]
                cell.elements.append(
                    {
                        "page": element,
                        "states": element_states(element, in_moderation, today),
                        "internal": element.path.startswith(private),
                    }
                )
        title = level_page.title if level_page else level_label
        can_reorder = bool(level_page) and (
            level_page.permissions_for_user(user).can_reorder_children()
        )
        rows.append(
            {
                "key": level_key,
                "title": title,
                "page": level_page,
                "cells": cells,
                "can_reorder": can_reorder,
            }
        )
    return rows


def model_view(request):
    site, root, site_choices = chosen_site(request)
    return render(
        request,
        "model/admin/model.html",
        {
            "page_title": _("Model"),
            "header_title": _("Model"),
            "header_icon": "table",
            "site": site,
            "model_page": root,
            "site_choices": site_choices,
            "rows": admin_grid(root, request.user),
        },
    )


# Moving an element within its cell ----------------------------------------------------------


def cell_neighbour(element, direction):
    """The element of the same cell just before ("up") or after ("down") this one, or None."""
    siblings = ElementPage.objects.sibling_of(element).filter(dimension=element.dimension)
    if direction == "up":
        return siblings.filter(path__lt=element.path).order_by("-path").first()
    return siblings.filter(path__gt=element.path).order_by("path").first()


@require_POST
def move_element(request, page_id):
    """Move an element one place up or down in its cell; back to the grid, at the element."""
    element = get_object_or_404(ElementPage, pk=page_id)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise Http404
    if not element.get_parent().permissions_for_user(request.user).can_reorder_children():
        raise PermissionDenied
    neighbour = cell_neighbour(element, direction)
    if neighbour is not None:
        element.move(neighbour, pos="left" if direction == "up" else "right", user=request.user)
        message = _("“%(title)s” moved up.") if direction == "up" else _("“%(title)s” moved down.")
        messages.success(request, message % {"title": element.title})
    back = reverse("samhandling_model:grid")
    site = request.POST.get("site", "")
    query = f"?site={site}" if site.isdigit() else ""
    return redirect(f"{back}{query}#element-{element.pk}")


# A new element in a chosen cell -------------------------------------------------------------


class AddElementView(CreateView):
    """Wagtail's page editor for a new element, with the cell's level (the parent) and
    dimension already set; the form posts to Wagtail's own create view."""

    http_method_names = ["get"]

    def dispatch(self, request, parent_page_id, dimension):
        if dimension not in DIMENSION_KEYS:
            raise Http404
        self.dimension = dimension
        return super().dispatch(request, "model", "elementpage", parent_page_id)

    def get(self, request):
        self.page.dimension = self.dimension
        return super().get(request)


urlpatterns = [
    path("", model_view, name="grid"),
    path("flytt/<int:page_id>/", move_element, name="move"),
    path(
        "nytt-element/<int:parent_page_id>/<str:dimension>/", AddElementView.as_view(), name="add"
    ),
]
