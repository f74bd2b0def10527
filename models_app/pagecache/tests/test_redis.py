"""A real Redis (Debian's redis-server) as the shared cache: hits come from it, and losing it
is not an outage: every request is answered uncached, a warning is logged, and caching comes
back by itself when Redis does."""

import shutil
import subprocess

from django.core.cache import caches

import pytest

from models_app.pagecache import backends
from tests.ports import wait_for_port

REDIS_SERVER = shutil.which("redis-server")
PORT = 8113  # this project's test port range is 8100-8119
HOST = "localhost"

pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed")


def start_redis():
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            REDIS_SERVER,
            "--port",
            str(PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(PORT, 20, "redis-server did not start")
    except RuntimeError:
        process.kill()
        raise
    return process


def stop_redis(process):
    process.terminate()
    process.wait(10)


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "models_app.pagecache.backends.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{PORT}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    caches._settings = caches.settings = settings.CACHES
    caches._connections.__dict__.pop("default", None)
    yield
    caches._connections.__dict__.pop("default", None)


def grid(client):
    return client.get("/", HTTP_HOST=HOST)


def test_redis_serves_hits_and_losing_it_is_no_outage(
    redis_cache, page_cache, example_site, client, caplog
):
    redis = start_redis()
    try:
        caches["default"].clear()
        assert grid(client)["X-Page-Cache"] == "miss"
        assert grid(client)["X-Page-Cache"] == "hit"
    finally:
        stop_redis(redis)

    backends._last_warning[0] = 0.0  # warnings are rate-limited; one came while importing
    answers = [grid(client) for _ in range(5)]
    assert [response.status_code for response in answers] == [200] * 5
    assert all(
        "X-Page-Cache" not in response or response["X-Page-Cache"] == "miss" for response in answers
    )
    assert "Redis cache unavailable" in caplog.text

    redis = start_redis()
    try:
        grid(client)
        assert grid(client)["X-Page-Cache"] == "hit"
    finally:
        stop_redis(redis)
