from django.core.management.base import BaseCommand, CommandError

from models_app.checks.link_checker import check_links
from models_app.checks.tasks import check_site_links
from models_app.core.sites import find_model_site


def positive(kind):
    def parse(value):
        number = kind(value)
        if number <= 0:
            raise ValueError(value)
        return number

    parse.__name__ = kind.__name__
    return parse


class Command(BaseCommand):
    help = (
        "Check every external address and document on a municipality's live pages, store the "
        "results (shown in the admin and used by check_model). Exit status 1 when any is broken."
    )

    def add_arguments(self, parser):
        parser.add_argument("--site", metavar="HOSTNAME", help="Default: the default site.")
        parser.add_argument(
            "--timeout", type=positive(float), default=10, help="Seconds per request (10)."
        )
        parser.add_argument(
            "--workers", type=positive(int), default=8, help="Requests at a time in all (8)."
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Leave the check to the background worker (cron), with retries on failure.",
        )

    def handle(self, site=None, timeout=10, workers=8, enqueue=False, **options):
        try:
            found, root = find_model_site(site)
        except LookupError as error:
            raise CommandError(str(error)) from error
        if enqueue:
            result = check_site_links.enqueue(found.pk)
            self.stdout.write(f"Link check of {found.hostname} enqueued ({result.id}).")
            return
        report = check_links(root, timeout=timeout, workers=workers)
        for result in report.skipped:
            self.stdout.write(f"NOT CHECKED {result.url} (internal address) on {result.page.title}")
        for result in report.broken:
            problem = f"HTTP {result.status_code}" if result.status_code else result.error
            self.stdout.write(f"BROKEN {result.url} ({problem}) on {result.page.title}")
        self.stdout.write(
            f"Checked {report.checked} address(es) on {report.pages} page(s) of "
            f"{found.hostname}: {len(report.broken)} broken link(s)."
        )
        if not report.ok:
            raise SystemExit(1)
