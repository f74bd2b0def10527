"""What the in-process benchmarks share: a throwaway database, and CPU per request measured so
that another process taking a core for a moment does not count."""

import time
from contextlib import contextmanager

from django.db import connection
from django.test.utils import setup_test_environment


@contextmanager
def throwaway_database():
    """The test database, made and migrated for the run and dropped afterwards: SQLite on
    tmpfs, or `test_<name>` on PostgreSQL when DATABASE_URL is set."""
    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def best_batch(client, path, host, batches, per_batch):
    """(ms, CPU ms) per request of the batch that took the least CPU, after a warm-up request,
    and the last response."""
    response = client.get(path, HTTP_HOST=host)
    best = None
    for _ in range(batches):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(per_batch):
            response = client.get(path, HTTP_HOST=host)
        figures = (
            (time.perf_counter() - wall) * 1000 / per_batch,
            (time.process_time() - cpu) * 1000 / per_batch,
        )
        best = min(best or figures, figures, key=lambda pair: pair[1])
    return (*best, response)
