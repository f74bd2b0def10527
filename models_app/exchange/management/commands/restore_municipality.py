from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from models_app.exchange.backup import BackupError, restore_backup
from models_app.exchange.validation import DocumentError


class Command(BaseCommand):
    help = (
        "Restore a municipality from a backup_municipality ZIP file into a site that has no "
        "model yet. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup (ZIP) to restore.")
        parser.add_argument(
            "--site",
            metavar="HOSTNAME",
            help="The hostname to restore to. Default: the one the backup was taken from.",
        )

    def handle(self, *args, **options):
        # Operators read English: the validator's messages are bokmål only in the admin.
        with translation.override("en"):
            self.run(*args, **options)

    def run(self, path, site=None, **options):
        try:
            report = restore_backup(path, hostname=site)
        except DocumentError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{path}: the model in the backup is not valid; nothing was changed."
            ) from None
        except BackupError as error:
            raise CommandError(f"{path}: {error} Nothing was changed.") from error
        self.stdout.write(f"Restored {report.site.site_name} to {report.site.hostname}.")
