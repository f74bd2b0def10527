"""Login throttling (django-axes): who is asking, and what a locked-out user is told.

Axes counts failed logins per account and per address in the database and locks either for
AXES_COOLOFF_TIME once it reaches AXES_FAILURE_LIMIT. Only failed logins are stored: nothing
of anonymous visitors who never try to log in.
"""

from django.conf import settings
from django.shortcuts import render

LOCKED_STATUS = 429


def client_address(request):
    """The visitor's address. Behind TRUSTED_PROXY_COUNT reverse proxies it is the one the
    outermost trusted proxy saw; a client cannot choose it by sending X-Forwarded-For itself,
    since only the last TRUSTED_PROXY_COUNT entries (those the proxies added) are read."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(count, len(hops))]
    return request.META.get("REMOTE_ADDR")


def locked_out(request, original_response=None, credentials=None):
    """The login page's frame with a Norwegian message and 429 Too Many Requests."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(
        request,
        "core/locked_out.html",
        {"minutes": minutes, "login_url": settings.LOGIN_URL},
        status=LOCKED_STATUS,
    )
