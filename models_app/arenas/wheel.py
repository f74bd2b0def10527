"""Meeting arenas over the year: the list by level, and the årshjul.

Each view costs a fixed number of SQL queries however large the model is: one query for the
arenas, one per page type for the reviews, never one per object. What a visitor may see goes
through `visibility_for(request)`, so internal arenas and objects never reach anonymous visitors,
neither on the pages nor in the feeds.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy

from models_app.core import choices
from models_app.core.dates import add_months
from models_app.core.models import review_page_models
from models_app.core.sites import model_page_for
from models_app.core.tree import LISTED_PAGE_COLUMNS
from models_app.core.visibility import visibility_for

MONTHS_AHEAD = 12


# Arenas -------------------------------------------------------------------------------------


def visible_arenas(arenas, request):
    """The arenas (a queryset) this visitor may see, in tree order: one query."""
    return list(visibility_for(request).filter(arenas).order_by("path"))


def meeting_months(arena):
    """The months (1–12) an arena meets in, sorted, ignoring anything else stored."""
    months = set()
    for month in arena.months or []:
        try:
            number = int(month)
        except (TypeError, ValueError):
            continue
        if 1 <= number <= 12:
            months.add(number)
    return sorted(months)


def coming_months(today, count=MONTHS_AHEAD):
    """The first day of this month and of the `count - 1` months after it."""
    start = today.replace(day=1)
    return [add_months(start, offset) for offset in range(count)]


@dataclass
class ArenaGroup:
    key: str  # a key of choices.LEVELS, or "" for arenas without a level
    title: str
    arenas: list = field(default_factory=list)


def arena_groups(arenas):
    """Arenas by level in the order of the levels (kommune, etat, individ), then those without
    a level; empty groups left out."""
    groups = [ArenaGroup(key, label) for key, label in choices.LEVELS]
    other = ArenaGroup("", gettext_lazy("Other meeting arenas"))
    by_level = {group.key: group for group in groups}
    for arena in arenas:
        by_level.get(arena.arena_level, other).arenas.append(arena)
    return [group for group in [*groups, other] if group.arenas]


# The årshjul ----------------------------------------------------------------------------------


@dataclass
class DueReview:
    title: str
    url: str
    kind: str
    due: datetime.date
    responsible: str
    internal: bool


@dataclass
class Month:
    number: int
    name: str
    first_day: datetime.date  # this month's next occurrence: now or within the coming 11 months
    is_current: bool
    arenas: list = field(default_factory=list)
    reviews: list = field(default_factory=list)


# What the årshjul shows of a page due for review (and what its address needs): never its body.
REVIEW_COLUMNS = (
    *LISTED_PAGE_COLUMNS,
    "last_reviewed",
    "review_interval_months",
    "review_responsible",
)


def review_columns(model):
    """REVIEW_COLUMNS, and the responsible text of the page types that have one."""
    names = {field.name for field in model._meta.get_fields()}
    return REVIEW_COLUMNS + (("responsible",) if "responsible" in names else ())


def reviews_of_model(model_page, request):
    """Every object of the model with a next review date, as far as this visitor may see it,
    earliest first: one query per page type, of the columns shown."""
    visibility = visibility_for(request)
    reviews = []
    for model in review_page_models():
        pages = (
            visibility.filter(model.objects.descendant_of(model_page))
            .filter(last_reviewed__isnull=False, review_interval_months__isnull=False)
            .only(*review_columns(model))
        )
        kind = model._meta.verbose_name
        for page in pages:
            reviews.append(
                DueReview(
                    title=page.title,
                    url=page.get_url(request),
                    kind=kind,
                    due=page.next_review,
                    responsible=page.responsible_function,
                    internal=visibility.is_private(page),
                )
            )
    reviews.sort(key=lambda review: (review.due, str(review.title)))
    return reviews


# The wheel: 12 sectors of a ring, January at the top, clockwise, in an SVG of viewBox
# -100 -100 200 200. Computed here so that the template only draws (no JavaScript, no
# geometry in the template).
WHEEL_OUTER, WHEEL_INNER = 98, 38
WHEEL_LABEL, WHEEL_COUNT, WHEEL_REVIEW = 80, 58, 44


def _point(radius, degrees):
    radians = math.radians(degrees - 90)
    return round(radius * math.cos(radians), 2), round(radius * math.sin(radians), 2)


def _coordinates(radius, degrees):
    """(x, y) as text: the template would localise a float ("20,71" in Norwegian)."""
    return tuple(f"{value:g}" for value in _point(radius, degrees))


@dataclass
class WheelSector:
    month: Month
    short_name: str
    path: str
    label: tuple
    count: tuple
    review: tuple


def wheel_sectors(months):
    """One ring sector per month (January first): its SVG path and where its month name, its
    number of meetings and its review marker go."""
    sectors = []
    for month in sorted(months, key=lambda month: month.number):
        start, end = 30 * (month.number - 1), 30 * month.number
        middle = start + 15
        (ox0, oy0), (ox1, oy1) = _point(WHEEL_OUTER, start), _point(WHEEL_OUTER, end)
        (ix1, iy1), (ix0, iy0) = _point(WHEEL_INNER, end), _point(WHEEL_INNER, start)
        path = (
            f"M{ox0} {oy0}A{WHEEL_OUTER} {WHEEL_OUTER} 0 0 1 {ox1} {oy1}"
            f"L{ix1} {iy1}A{WHEEL_INNER} {WHEEL_INNER} 0 0 0 {ix0} {iy0}Z"
        )
        sectors.append(
            WheelSector(
                month=month,
                short_name=str(month.name)[:3],
                path=path,
                label=_coordinates(WHEEL_LABEL, middle),
                count=_coordinates(WHEEL_COUNT, middle),
                review=_coordinates(WHEEL_REVIEW, middle),
            )
        )
    return sectors


def annual_wheel_context(index_page, arenas, request):
    """The 12 months from January to December: the arenas that meet in each, and the reviews
    that fall due in its next occurrence (from today to the end of the 11th month after this
    one). Overdue reviews only for logged-in employees."""
    visibility = visibility_for(request)
    today = timezone.localdate()
    model_page = model_page_for(index_page, request)
    reviews = reviews_of_model(model_page, request) if model_page else []

    month_names = dict(choices.MONTHS)
    firsts = coming_months(today)
    window_end = add_months(firsts[0], MONTHS_AHEAD)  # exclusive
    months = {
        first.month: Month(
            number=first.month,
            name=month_names[first.month],
            first_day=first,
            is_current=offset == 0,
        )
        for offset, first in enumerate(firsts)
    }
    for arena in arenas:
        for number in meeting_months(arena):
            months[number].arenas.append(arena)
    for review in reviews:
        if today <= review.due < window_end:
            months[review.due.month].reviews.append(review)

    in_order = [months[number] for number in sorted(months)]
    return {
        "arenas": arenas,
        "months": in_order,
        "wheel": wheel_sectors(in_order),
        "today": today,
        "review_window_end": window_end - datetime.timedelta(days=1),
        "show_overdue": visibility.is_employee,
        "overdue_reviews": (
            [review for review in reviews if review.due < today] if visibility.is_employee else []
        ),
    }
