from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "models_app.pagecache"
    label = "pagecache"
    verbose_name = _("Samhandlingsmodell – page cache")

    def ready(self):
        # Django requires these imports here: signal handlers and checks register on import.
        from . import checks, signal_handlers  # noqa: F401, PLC0415

        signal_handlers.connect()
