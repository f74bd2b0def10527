import json
import sys

from django.core.management.base import BaseCommand, CommandError

from models_app.core.sites import find_model_site
from models_app.exchange.exporter import export_document


class Command(BaseCommand):
    help = "Export a municipality's model as an exchange document (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--site", metavar="HOSTNAME", help="Default: the default site.")
        parser.add_argument("-o", "--output", metavar="PATH", help="Default: standard output.")

    def handle(self, site=None, output=None, **options):
        try:
            _site, root = find_model_site(site)
        except LookupError as error:
            raise CommandError(str(error)) from error
        text = json.dumps(export_document(root), ensure_ascii=False, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
        else:
            sys.stdout.write(text)
