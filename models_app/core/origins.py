"""The web origins a municipality lets frame its embedded model (`embed_origins`).

One origin per line, as a browser sends it: scheme and host, optionally a port, nothing else
(`https://www.kommune.no`). The setting's validator and the embed view's Content-Security-Policy
read the lines through this one parser, so what is saved is exactly what is allowed.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORIGIN = re.compile(
    r"^https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?::[0-9]{1,5})?$"
)


def origin_lines(text):
    """The non-empty lines of the setting, stripped, a trailing slash forgiven."""
    return [line.strip().rstrip("/").lower() for line in (text or "").splitlines() if line.strip()]


def validate_origins(text):
    bad = [line for line in origin_lines(text) if not ORIGIN.match(line)]
    if bad:
        raise ValidationError(
            _(
                "Write one address per line, as https://www.kommune.no (no path, no spaces). "
                "Not an address of that kind: %(lines)s"
            ),
            params={"lines": ", ".join(bad)},
        )


def allowed_origins(text):
    """The valid origins of the setting (invalid lines never reach a header)."""
    return [line for line in origin_lines(text) if ORIGIN.match(line)]
