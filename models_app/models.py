# Django finds models here; the page types live in pages.py.
from .link_results import LinkCheckResult  # noqa: F401
from .pages import *  # noqa: F403
from .site_settings import MunicipalitySettings  # noqa: F401
