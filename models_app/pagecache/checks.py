"""`manage.py check --deploy` says when the page cache is off or not shared between workers."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_BACKENDS = ("LocMemCache", "DummyCache")


@register(Tags.caches, deploy=True)
def page_cache_is_shared(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(LOCAL_BACKENDS):
        return [
            Warning(
                "The page cache is off and Wagtail's site list is per worker: no shared cache.",
                hint="Set REDIS_URL (for example redis://127.0.0.1:6379/0) so that every worker "
                "and app server shares one cache and sees a published change at once.",
                id="pagecache.W001",
            )
        ]
    return []
