from django.core.management.base import BaseCommand, CommandError

from models_app.exchange.backup import write_backup


class Command(BaseCommand):
    help = (
        "Back up one municipality (its model with internal pages, documents, images, settings "
        "and publication dates) to a ZIP file that restore_municipality reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="The ZIP file to write.")
        parser.add_argument("--site", metavar="HOSTNAME", help="Default: the default site.")

    def handle(self, output, site=None, **options):
        try:
            manifest = write_backup(site, output)
        except LookupError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror or error}") from error
        self.stdout.write(
            f"Backed up {manifest['site_name']} ({manifest['hostname']}) to {output}: "
            f"{len(manifest['pages'])} pages, {len(manifest['documents'])} documents, "
            f"{len(manifest['images'])} images."
        )
