import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from models_app.checks.model_check import check_model, has_errors
from models_app.core.sites import find_model_site


def iso_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--date: expected YYYY-MM-DD, got {value!r}.") from error


class Command(BaseCommand):
    help = (
        "Check a municipality's model against the grant's rules. Exit status 1 when any "
        "error-level finding (a requirement is missing), else 0."
    )

    def add_arguments(self, parser):
        parser.add_argument("--site", metavar="HOSTNAME", help="Default: the default site.")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--date",
            metavar="YYYY-MM-DD",
            help="Check reviews as of this day (e.g. a reporting deadline). Default: today.",
        )

    def handle(self, site=None, format="text", date=None, **options):
        today = iso_date(date) if date else None
        try:
            found, root = find_model_site(site)
        except LookupError as error:
            raise CommandError(str(error)) from error
        findings = check_model(root, site_id=found.pk, today=today)
        if format == "json":
            data = [finding.as_dict() for finding in findings]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.write_text(found, findings)
        if has_errors(findings):
            raise SystemExit(1)

    def write_text(self, site, findings):
        for finding in findings:
            self.stdout.write(
                f"{finding.level.upper()} {finding.code}: {finding.message} {finding.url}"
            )
        errors = sum(finding.is_error for finding in findings)
        warnings = len(findings) - errors
        verdict = "FAILED" if errors else "passed"
        self.stdout.write(
            f"Model check of {site.hostname} ({site.site_name}) {verdict}: "
            f"{errors} error(s), {warnings} warning(s)."
        )
