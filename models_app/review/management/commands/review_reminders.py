"""E-mail every responsible address one digest of its pages that are overdue or soon due."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from models_app.core.sites import site_for_hostname
from models_app.review import queries as review
from models_app.review.tasks import send_review_reminders


class Command(BaseCommand):
    help = (
        "Send each responsible e-mail address one digest of its pages that are overdue for "
        "review or due within the given number of days. Pages without an address are listed here."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site", metavar="HOSTNAME", help="Only the site with this hostname. Default: all."
        )
        parser.add_argument(
            "--days",
            type=int,
            default=review.DEFAULT_DAYS,
            help="Also remind of pages due within this many days (default %(default)s).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be sent; send nothing."
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Leave the sending to the background worker (cron), with retries on failure.",
        )

    def handle(self, site=None, days=review.DEFAULT_DAYS, dry_run=False, enqueue=False, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        if enqueue:
            result = send_review_reminders.enqueue(site=site, days=days)
            self.stdout.write(f"Review reminders enqueued ({result.id}).")
            return
        today = timezone.localdate()
        pages = review.reviewable_pages()
        if site:
            pages = review.on_site(pages, self.site_by_hostname(site))
        items = review.review_items(review.due_within(pages, today, days), today, days)
        by_address, without_address = group_by_address(items)

        messages = [digest(address, address_items, days) for address, address_items in by_address]
        for address, address_items in by_address:
            self.stdout.write(f"{address}: {describe_count(address_items)}")
        for item in without_address:
            self.stdout.write(
                f"no address: {item.title} ({item.municipality}), "
                f"next review {item.next_review.isoformat()}, {absolute_edit_url(item)}"
            )
        if not dry_run and messages:
            get_connection().send_messages(messages)
        self.stdout.write(summary(messages, items, without_address, dry_run))

    def site_by_hostname(self, hostname):
        site = site_for_hostname(hostname)
        if site is None:
            raise CommandError(f"No site with hostname {hostname}.")
        return site


def group_by_address(items):
    """Items per responsible address (the same address in any case is one address), and the
    items that have none."""
    groups = defaultdict(list)
    without_address = []
    for item in items:
        address = item.review_email.strip()
        if address:
            groups[address.lower()].append(item)
        else:
            without_address.append(item)
    return sorted(groups.items()), without_address


def absolute_edit_url(item):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + item.edit_url


def digest(address, items, days):
    """One e-mail in the language of the municipality the pages belong to."""
    with translation.override(items[0].language):
        overdue = [item for item in items if item.is_overdue]
        due_soon = [item for item in items if not item.is_overdue]
        subject = ngettext(
            "%(count)d page in the samhandlingsmodell is due for review",
            "%(count)d pages in the samhandlingsmodell are due for review",
            len(items),
        ) % {"count": len(items)}
        body = render_to_string(
            "review/reminder_email.txt",
            {
                "overdue": [(item, absolute_edit_url(item)) for item in overdue],
                "due_soon": [(item, absolute_edit_url(item)) for item in due_soon],
                "days": days,
                "municipality": items[0].municipality,
            },
        )
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])


def describe_count(items):
    overdue = sum(1 for item in items if item.is_overdue)
    return f"{len(items)} page(s), {overdue} overdue, {len(items) - overdue} due soon"


def summary(messages, items, without_address, dry_run):
    verb = "Would send" if dry_run else "Sent"
    line = (
        f"{verb} {len(messages)} e-mail(s) about {len(items) - len(without_address)} page(s); "
        f"{len(without_address)} page(s) due for review have no address."
    )
    return line + (" Dry run: nothing was sent." if dry_run else "")
