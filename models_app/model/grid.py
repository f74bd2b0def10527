"""The grid of the model page and of a level page: cells of visible elements, in order.

The pages pass in their own querysets, so this helper imports no page type. The model page
costs a fixed number of queries however many elements it has: the levels, the elements and,
for all their links together, the linked pages.
"""

from dataclasses import dataclass, field

from wagtail.models import Page

from models_app.core import choices
from models_app.core.links import resolve_link_lists
from models_app.core.sites import model_page_for
from models_app.core.visibility import visibility_for


@dataclass
class Cell:
    level: str
    dimension: str
    title: str
    elements: list = field(default_factory=list)


def model_grid(model_page, levels, elements, request):
    """The 3 × 2 grid: every cell with its visible elements in order, and their links.
    `levels` and `elements` are the model's level and element pages (querysets)."""
    visibility = visibility_for(request)
    levels = {level.level: level for level in visibility.filter(levels)}
    elements = list(visibility.filter(elements).order_by("path"))
    link_lists = resolve_link_lists([element.links.raw_data for element in elements], request)
    rows = []
    for level_key, level_label in choices.LEVELS:
        level_page = levels.get(level_key)
        cells = [
            Cell(level_key, dimension_key, model_page.dimension_title(dimension_key))
            for dimension_key, _label in choices.DIMENSIONS
        ]
        if level_page:
            for element, links in zip(elements, link_lists, strict=True):
                if element.path[: -Page.steplen] == level_page.path:
                    cell = cells[0] if element.dimension == "kultur" else cells[1]
                    cell.elements.append({"page": element, "links": links})
        rows.append(
            {
                "key": level_key,
                "page": level_page,
                "title": level_page.title if level_page else level_label,
                "cells": cells,
            }
        )
    return rows


def level_cells(level_page, elements, request):
    """A level's two cells with its visible elements (`elements`: its element pages)."""
    model_page = model_page_for(level_page, request)
    elements = list(visibility_for(request).filter(elements).order_by("path"))
    cells = []
    for dimension_key, label in choices.DIMENSIONS:
        title = model_page.dimension_title(dimension_key) if model_page else label
        cell = Cell(level_page.level, dimension_key, title)
        cell.elements = [{"page": e} for e in elements if e.dimension == dimension_key]
        cells.append(cell)
    return cells
