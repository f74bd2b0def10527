from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from models_app.exchange.importer import import_document
from models_app.exchange.starting import (
    errors_to_fix,
    is_template,
    keep_private,
    starts_new_model,
)
from models_app.exchange.validation import DocumentError, load_document


class Command(BaseCommand):
    help = "Import a samhandlingsmodell exchange document (JSON) into a municipality's site."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The exchange document (JSON, UTF-8).")
        parser.add_argument(
            "--site",
            metavar="HOSTNAME",
            help="Import into the site with this hostname, creating it when missing. "
            "Default: the default site.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; change nothing."
        )
        parser.add_argument(
            "--only-new",
            action="store_true",
            help="Import only when the site has no model yet; otherwise change nothing "
            "(`make run` uses it, so that editors' work in the demo is kept).",
        )
        parser.add_argument(
            "--private",
            action="store_true",
            help="Put a site this import creates behind a login until an approver makes it "
            "public. Always so for the recommended model (fixtures/templates/).",
        )

    def handle(self, *args, **options):
        # Operators read English: the validator's messages are bokmål only in the admin.
        with translation.override("en"):
            self.run(*args, **options)

    def run(self, path, site=None, dry_run=False, only_new=False, private=False, **options):
        new_site = starts_new_model(site)
        if only_new and not new_site:
            self.stdout.write(
                f"{site or 'The default site'} has a model already: {path} not imported."
            )
            return
        private = new_site and not dry_run and (private or is_template(path))
        try:
            document = load_document(path)
            with transaction.atomic():
                report = import_document(document, hostname=site, dry_run=dry_run)
                if private:
                    keep_private(report.site)
        except DocumentError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{path}: {len(error.problems)} problem(s) found; nothing was changed."
            ) from error
        for line in report.lines():
            self.stdout.write(line)
        if private:
            self.stdout.write(
                f"The new site {report.site.hostname} is private (login required) until an "
                "approver makes the model page public; the model check finds "
                f"{errors_to_fix(report.site)} error(s) to fix first (manage.py check_model)."
            )
