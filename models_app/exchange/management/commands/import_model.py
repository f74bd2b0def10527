from django.core.management.base import BaseCommand, CommandError

from models_app.core.sites import find_model_site
from models_app.exchange.importer import import_document
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

    def handle(self, path, site=None, dry_run=False, only_new=False, **options):
        if only_new and has_model(site):
            self.stdout.write(
                f"{site or 'The default site'} has a model already: {path} not imported."
            )
            return
        try:
            document = load_document(path)
            report = import_document(document, hostname=site, dry_run=dry_run)
        except DocumentError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{path}: {len(error.problems)} problem(s) found; nothing was changed."
            ) from error
        for line in report.lines():
            self.stdout.write(line)


def has_model(hostname):
    try:
        find_model_site(hostname)
    except LookupError:
        return False
    return True
