"""Meeting arenas over the year: the list by level, the årshjul and iCalendar (RFC 5545) feeds.

Each view costs a fixed number of SQL queries however large the model is: one query for the
arenas, one per page type for the reviews, never one per object. What a visitor may see goes
through `visibility_for(request)`, so internal arenas and objects never reach anonymous visitors,
neither on the pages nor in the feeds.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, gettext_lazy

from wagtail.models import Page, Site

import icalendar

from . import choices
from .pages import ArenaPage, ReviewFields, add_months
from .views import model_page_for
from .visibility import visibility_for

PRODID = "-//samhandling//Samhandlingsmodell//NO"
MONTHS_AHEAD = 12
# How often a subscribed calendar app should fetch the feed again (RFC 7986).
REFRESH_INTERVAL = datetime.timedelta(hours=12)


# Arenas -------------------------------------------------------------------------------------


def visible_arenas(index_page, request):
    """The arenas of one arena section this visitor may see, in tree order: one query."""
    queryset = ArenaPage.objects.child_of(index_page)
    return list(visibility_for(request).filter(queryset).order_by("path"))


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


def arena_index_context(index_page, request):
    arenas = visible_arenas(index_page, request)
    return {"arenas": arenas, "arena_groups": arena_groups(arenas)}


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


def review_models():
    """Every page type with a review date (elements, plans, routines, arenas, measures,
    tools …), in the order they are defined."""
    return [
        model
        for model in apps.get_app_config("models_app").get_models()
        if issubclass(model, ReviewFields) and issubclass(model, Page)
    ]


def reviews_of_model(model_page, request):
    """Every object of the model with a next review date, as far as this visitor may see it,
    earliest first: one query per page type."""
    visibility = visibility_for(request)
    reviews = []
    for model in review_models():
        pages = visibility.filter(model.objects.descendant_of(model_page)).filter(
            last_reviewed__isnull=False, review_interval_months__isnull=False
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


def annual_wheel_context(index_page, request):
    """The 12 months from January to December: the arenas that meet in each, and the reviews
    that fall due in its next occurrence (from today to the end of the 11th month after this
    one). Overdue reviews only for logged-in employees."""
    visibility = visibility_for(request)
    today = timezone.localdate()
    arenas = visible_arenas(index_page, request)
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

    return {
        "arenas": arenas,
        "months": [months[number] for number in sorted(months)],
        "today": today,
        "review_window_end": window_end - datetime.timedelta(days=1),
        "show_overdue": visibility.is_employee,
        "overdue_reviews": (
            [review for review in reviews if review.due < today] if visibility.is_employee else []
        ),
    }


# iCalendar feeds ------------------------------------------------------------------------------


def site_hostname(request):
    site = Site.find_for_request(request)
    if site is not None:
        return site.hostname
    return request.get_host().rsplit(":", 1)[0]


def labelled(label, value):
    return f"{label}: {value}"


def event_description(arena, url):
    lines = []
    if arena.frequency:
        lines.append(labelled(gettext("How often"), arena.frequency))
    if arena.convener:
        lines.append(labelled(gettext("Convener"), arena.convener))
    parts = ["\n".join(lines)] if lines else []
    purpose = arena.purpose or arena.summary
    if purpose:
        parts.append(purpose.strip())
    parts.append(url)
    return "\n\n".join(parts)


def arena_events(arena, request, months, hostname, stamp):
    """(first day, event): one all-day event spanning each month the arena meets in, among
    `months`."""
    url = arena.get_full_url(request)
    description = event_description(arena, url)
    meets = set(meeting_months(arena))
    uid_base = arena.exchange_id or arena.slug
    for first in months:
        if first.month not in meets:
            continue
        event = icalendar.Event()
        event.add("uid", f"{uid_base}-{first:%Y-%m}@{hostname}")
        event.add("dtstamp", stamp)
        event.add("dtstart", first)
        event.add("dtend", add_months(first, 1))
        event.add("summary", arena.title)
        event.add("description", description)
        event.add("url", url)
        # A month-long placeholder must not make anybody look busy.
        event.add("transp", "TRANSPARENT")
        if arena.last_published_at:
            event.add("last-modified", arena.last_published_at.astimezone(datetime.UTC))
        yield first, event


def calendar_response(page, request):
    """An iCalendar feed of one arena (`page` an ArenaPage) or of every visible arena of an
    arena section: one event per month it meets, from this month and 11 months ahead."""
    visibility = visibility_for(request)
    if not visibility.can_see(page):  # Wagtail's page privacy normally answers first
        raise Http404
    arenas = [page] if isinstance(page, ArenaPage) else visible_arenas(page, request)
    model_page = model_page_for(page, request)
    municipality = model_page.municipality_name if model_page else ""

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = f"{page.title} – {municipality}" if municipality else page.title
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    if page.summary:
        calendar.add("x-wr-caldesc", page.summary)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL).to_ical().decode())

    months = coming_months(timezone.localdate())
    hostname = site_hostname(request)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    events = [
        (first, index, event)
        for index, arena in enumerate(arenas)
        for first, event in arena_events(arena, request, months, hostname, stamp)
    ]
    for _first, _index, event in sorted(events, key=lambda item: item[:2]):  # by month
        calendar.add_component(event)

    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, f"{page.slug}.ics")
    if visibility.is_employee:
        patch_cache_control(response, private=True)
    return response
