import json
import sys

from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Site

from models_app.exchange.exporter import export_document
from models_app.pages import ModelIndexPage


class Command(BaseCommand):
    help = "Export a municipality's model as an exchange document (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--site", metavar="HOSTNAME", help="Default: the default site.")
        parser.add_argument("-o", "--output", metavar="PATH", help="Default: standard output.")

    def handle(self, site=None, output=None, **options):
        sites = (
            Site.objects.filter(hostname=site)
            if site
            else Site.objects.filter(is_default_site=True)
        )
        found = sites.order_by("port").first()
        root = found.root_page.specific if found else None
        if not isinstance(root, ModelIndexPage):
            raise CommandError(f"No samhandlingsmodell on site {site or '(default)'}.")
        text = json.dumps(export_document(root), ensure_ascii=False, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
        else:
            sys.stdout.write(text)
