# Django finds models here; the page types live in pages.py.
from .pages import *  # noqa: F403
