"""Login throttling (django-axes): who is asking, and what a locked-out user is told.

Axes counts failed logins per account and per address in the database and locks either for
AXES_COOLOFF_TIME once it reaches AXES_FAILURE_LIMIT. Before that, from LOGIN_SLOW_AFTER
failures on, every further try must wait a delay that doubles with each failure
(ThrottleHandler): a try inside the delay is refused without looking at the password. The
worker is never put to sleep, so slowing an attacker costs no server time. Only failed logins
are stored: nothing of anonymous visitors who never try to log in.
"""

import math
from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone

from axes.handlers.database import AxesDatabaseHandler

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


def login_delay(failures):
    """Seconds to wait after the given number of failures: none before LOGIN_SLOW_AFTER, then
    1, 2, 4, … up to LOGIN_MAX_DELAY_SECONDS."""
    if failures < settings.LOGIN_SLOW_AFTER:
        return 0
    return min(2 ** (failures - settings.LOGIN_SLOW_AFTER), settings.LOGIN_MAX_DELAY_SECONDS)


class ThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler, which also refuses a try made before the delay of login_delay
    has passed since the last failure of the account or the address."""

    def is_locked(self, request, credentials=None):
        return (
            super().is_locked(request, credentials)
            or self.seconds_to_wait(request, credentials) > 0
        )

    def seconds_to_wait(self, request, credentials=None):
        delay = login_delay(self.get_failures(request, credentials))
        if not delay:
            return 0
        attempts = self.get_user_attempts(request, credentials)
        times = [each.aggregate(last=Max("attempt_time"))["last"] for each in attempts]
        latest = max(filter(None, times), default=None)
        if latest is None:
            return 0
        remaining = latest + timedelta(seconds=delay) - timezone.now()
        return max(0, math.ceil(remaining.total_seconds()))

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        """After the failure is counted, a failure that starts (or lengthens) a delay is answered
        with the wait instead of the form again."""
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        delay = login_delay(getattr(request, "axes_failures_since_start", 0))
        if delay:
            request.axes_locked_out = True
            request.axes_credentials = credentials
            request.login_wait_seconds = delay


def locked_out(request, original_response=None, credentials=None):
    """The login page's frame with a Norwegian message and 429 Too Many Requests: how long to
    wait before the next try, or how long the lock lasts."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    context = {
        "minutes": minutes,
        "seconds": getattr(request, "login_wait_seconds", None),
        "login_url": settings.LOGIN_URL,
    }
    return render(request, "core/locked_out.html", context, status=LOCKED_STATUS)
