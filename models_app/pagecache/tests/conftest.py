from django.core.cache import cache

import pytest


@pytest.fixture
def page_cache(settings):
    """The page cache switched on, empty (the test settings keep it off for other tests)."""
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()
