"""iCalendar (RFC 5545) feeds of meeting arenas: one all-day event for each month an arena
meets, from this month and 11 months ahead. Only what the visitor may see goes in."""

import datetime

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext

from wagtail.models import Site

import icalendar

from models_app.core.dates import add_months
from models_app.core.sites import model_page_for
from models_app.core.visibility import visibility_for

from .wheel import coming_months, meeting_months

PRODID = "-//samhandling//Samhandlingsmodell//NO"
# How often a subscribed calendar app should fetch the feed again (RFC 7986).
REFRESH_INTERVAL = datetime.timedelta(hours=12)


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


def calendar_response(page, arenas, request):
    """An iCalendar feed of `arenas` (visible to this visitor): one arena's, or every arena of
    an arena section (`page`)."""
    visibility = visibility_for(request)
    if not visibility.can_see(page):  # Wagtail's page privacy normally answers first
        raise Http404
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
