"""Background jobs (django-tasks; the database backend and `manage.py db_worker` in
production): a job that fails is tried again later, a few times, and each failure is kept with
its traceback, so the admin can report it (checks' "Bakgrunnsjobber").
"""

import logging
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.utils import timezone

from django_tasks import task

logger = logging.getLogger(__name__)


def attempts():
    return getattr(settings, "JOB_ATTEMPTS", 3)


def retry_delay(attempt):
    """Seconds before the next attempt: longer after each failure."""
    return getattr(settings, "JOB_RETRY_SECONDS", 60) * attempt


def retried_task(func):
    """A task that, when it raises, is enqueued again (with `attempt` one higher) until it has
    run JOB_ATTEMPTS times. The failed run still raises, so its result records the error."""

    @wraps(func)
    def run(*args, attempt=1, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception:
            if attempt < attempts():
                logger.warning("Job %s failed (attempt %s), retrying", func.__name__, attempt)
                enqueue_later(job, retry_delay(attempt), *args, attempt=attempt + 1, **kwargs)
            raise

    job = task()(run)
    return job


def enqueue_later(job, seconds, *args, **kwargs):
    if job.get_backend().supports_defer and seconds:
        job = job.using(run_after=timezone.now() + timedelta(seconds=seconds))
    return job.enqueue(*args, **kwargs)
