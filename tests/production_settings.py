"""Production settings for tests that run the app in its own processes: static files without
the manifest that `collectstatic` writes (pages render without it)."""

from samhandling.settings.production import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
