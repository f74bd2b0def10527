"""Review reminders as a background job (cron: `manage.py review_reminders --enqueue`), so a
mail server that is down is tried again later instead of losing the week's reminders."""

from io import StringIO

from django.core.management import call_command

from models_app.core.jobs import retried_task

from .queries import DEFAULT_DAYS


@retried_task
def send_review_reminders(site=None, days=DEFAULT_DAYS):
    """Run the reminders; the command's summary is the job's result."""
    output = StringIO()
    call_command("review_reminders", site=site, days=days, stdout=output)
    return output.getvalue()[-2000:]
