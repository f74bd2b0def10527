"""Redis as the shared cache, where losing Redis is not an outage.

Every cache call that fails because Redis cannot be reached behaves as a miss (reads return
the default, writes do nothing) and logs a warning, at most once every WARN_EVERY seconds.
redis-py reconnects by itself, so the site goes back to caching as soon as Redis is back.
Wagtail's own cache use (site root paths, renditions) goes through here too.
"""

import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
WARN_EVERY = 30.0
_last_warning = [0.0]


def _warn(error):
    now = time.monotonic()
    if now - _last_warning[0] >= WARN_EVERY:
        _last_warning[0] = now
        logger.warning("Redis cache unavailable, serving uncached: %s", error)


def _failsafe(fallback):
    """Run a cache method; on a Redis error return fallback(args, kwargs) instead."""

    def decorate(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                _warn(error)
                return fallback(args, kwargs)

        return wrapper

    return decorate


def _default(args, kwargs):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


def _none(args, kwargs):
    return None


def _false(args, kwargs):
    return False


def _empty(args, kwargs):
    return {}


def _unknown_key(args, kwargs):
    # What Django's backends do for incr() of a missing key: callers already handle it.
    raise ValueError("Key not available: the cache is unreachable.")


class ReusingRedisCacheClient(RedisCacheClient):
    """Django builds a new redis-py client for every cache call, and building one costs more
    CPU than a page cache hit's own work: keep one per connection pool (they are thread-safe)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def validate_key(self, key):
        """Redis takes any key. Django's warnings about keys that memcached would refuse, checked
        character by character on every call, would only cost each cache hit time here."""

    get = _failsafe(_default)(RedisCache.get)
    get_many = _failsafe(_empty)(RedisCache.get_many)
    has_key = _failsafe(_false)(RedisCache.has_key)
    set = _failsafe(_none)(RedisCache.set)
    add = _failsafe(_false)(RedisCache.add)
    touch = _failsafe(_false)(RedisCache.touch)
    set_many = _failsafe(lambda args, kwargs: list(args[0]) if args else [])(RedisCache.set_many)
    delete = _failsafe(_false)(RedisCache.delete)
    delete_many = _failsafe(_none)(RedisCache.delete_many)
    incr = _failsafe(_unknown_key)(RedisCache.incr)
    clear = _failsafe(_false)(RedisCache.clear)
