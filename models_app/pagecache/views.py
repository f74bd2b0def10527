"""/healthz for load balancers: the database must answer; the cache may be down (the site then
serves uncached), which the answer says but does not count as a failure."""

import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def cache_ok():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, 1, 5)
    found = cache.get(key) == 1
    cache.delete(key)
    return found


@never_cache
def healthz(request):
    database = database_ok()
    status = {
        "database": "ok" if database else "unavailable",
        "cache": "ok" if cache_ok() else "unavailable",
    }
    return JsonResponse(status, status=200 if database else 503)
