"""`manage.py check --deploy` says when the page cache is off or not shared between workers."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from . import store

LOCAL_BACKENDS = ("LocMemCache", "DummyCache")


@register(Tags.caches, deploy=True)
def page_cache_is_shared(app_configs, **kwargs):
    # Production without REDIS_URL turns the page cache off and keeps Wagtail's caches in files
    # shared by one server's workers only; a cache in each worker's memory would be stale.
    backend = settings.CACHES["default"]["BACKEND"]
    if store.seconds() and not backend.endswith(LOCAL_BACKENDS):
        return []
    return [
        Warning(
            "The page cache is off or not shared: no cache that every worker and app server "
            "shares.",
            hint="Set REDIS_URL (for example redis://127.0.0.1:6379/0) so that every worker "
            "and app server shares one cache and sees a published change at once.",
            id="pagecache.W001",
        )
    ]
