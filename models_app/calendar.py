"""Meeting arenas over the year: the årshjul and iCalendar (RFC 5545) feeds."""

from django.http import HttpResponse


def arena_index_context(index_page, request):
    return {}


def annual_wheel_context(index_page, request):
    return {}


def calendar_response(page, request):
    return HttpResponse(status=501)
