"""Wagtail admin strings that Wagtail's own Norwegian (nb) catalogue lacks or gets wrong.

Coordinators work in the admin in bokmål, so these are translated in our catalogue, which
comes first in LOCALE_PATHS and therefore wins over Wagtail's. They are listed here, never
called, only so that `makemessages --no-obsolete` keeps them in locale/*/django.po;
tests/test_admin_language.py walks the admin screens and fails on any of them left in English.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

WAGTAIL_STRINGS = [
    gettext_noop("Sort menu order"),
    gettext_noop("Help"),
    gettext_noop("Set schedule"),
    # The editor's side panels' close button (aria-label).
    gettext_noop("Toggle side panel"),
    # Wagtail's nb has "Tiittel" here.
    gettext_noop("The page title as you'd like it to be seen by the public"),
    # The dashboard's summary of the site.
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
        "total",
    ),
    ngettext_lazy(
        '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
        "total",
    ),
    ngettext_lazy(
        '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
        "total",
    ),
]
