"""The review cycle: which pages are overdue or soon due for review, and for whom.

Every page type with ReviewFields lives in its own table, so the pages are read as Wagtail
`Page` rows with the review fields of whichever child table holds them, in one query. The
next review date is `last_reviewed` plus the interval in calendar months (`add_months`); so
that the database can filter and order by it, it is expressed as a month number
(12 × year + month + interval) and the day of `last_reviewed`: a page is due before a date
when its month number is earlier, or the same and its day earlier. Short months change
nothing: `add_months` clamps the day to the month's last day, and a day past it is never
earlier than a day inside it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear, NullIf
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from models_app.core.dates import next_review_date
from models_app.core.models import review_page_models
from models_app.model.models import ModelIndexPage

DEFAULT_DAYS = 30

OVERDUE = "overdue"
DUE_SOON = "due_soon"
LATER = "later"
UNSCHEDULED = "unscheduled"
STATUS_CHOICES = [
    (OVERDUE, _("Overdue")),
    (DUE_SOON, _("Due within 30 days")),
    (LATER, _("Due later")),
    (UNSCHEDULED, _("Never reviewed or no interval")),
]
STATUS_LABELS = dict(STATUS_CHOICES)


def reviewed_models():
    return tuple(review_page_models())


def models_with_responsible():
    """Page types whose own `responsible` field names the responsible function before the
    review's."""
    return tuple(
        model
        for model in reviewed_models()
        if any(field.name == "responsible" for field in model._meta.fields)
    )


def is_reviewed_page(page):
    return issubclass(page.specific_class or Page, reviewed_models())


def model_choices():
    return [(model._meta.model_name, model._meta.verbose_name) for model in reviewed_models()]


def _child_field(field, models=None):
    """The field from whichever child table holds the page (the others join as NULL)."""
    models = models or reviewed_models()
    return Coalesce(*[F(f"{model._meta.model_name}__{field}") for model in models])


def _blank_as_null(expression):
    return NullIf(expression, Value(""))


def reviewable_pages():
    """Every published page with a review cycle, annotated with its review fields: one query.
    Unpublished pages (drafts, or objects an import removed) are not due for anything."""
    is_reviewed = Q()
    for model in reviewed_models():
        is_reviewed |= Q(**{f"{model._meta.model_name}__isnull": False})
    responsible = Coalesce(
        *[
            _blank_as_null(F(f"{model._meta.model_name}__responsible"))
            for model in models_with_responsible()
        ],
        _blank_as_null(_child_field("review_responsible")),
        Value(""),
        output_field=CharField(),
    )
    return (
        Page.objects.filter(is_reviewed, live=True)
        .select_related("content_type")
        .annotate(
            last_reviewed=_child_field("last_reviewed"),
            review_interval_months=_child_field("review_interval_months"),
            responsible_function=responsible,
            review_email=Coalesce(_child_field("review_email"), Value("")),
        )
        .annotate(
            next_review_month=ExtractYear("last_reviewed") * 12
            + ExtractMonth("last_reviewed")
            + F("review_interval_months"),
            next_review_day=ExtractDay("last_reviewed"),
        )
    )


def _month_number(day):
    return day.year * 12 + day.month


def due_before(day):
    """Pages whose next review falls before `day` (a filter on `reviewable_pages()`)."""
    month = _month_number(day)
    return Q(next_review_month__lt=month) | Q(next_review_month=month, next_review_day__lt=day.day)


def is_scheduled():
    return Q(last_reviewed__isnull=False, review_interval_months__isnull=False)


def status_filter(status, today, days=DEFAULT_DAYS):
    soon_end = today + datetime.timedelta(days=days + 1)
    if status == OVERDUE:
        return due_before(today)
    if status == DUE_SOON:
        return due_before(soon_end) & ~due_before(today)
    if status == LATER:
        return is_scheduled() & ~due_before(soon_end)
    if status == UNSCHEDULED:
        return ~is_scheduled()
    raise ValueError(status)


def due_within(queryset, today, days=DEFAULT_DAYS):
    """Overdue or due within `days` days from today, the soonest (most overdue) first."""
    return order_by_next_review(
        queryset.filter(due_before(today + datetime.timedelta(days=days + 1)))
    )


def order_by_next_review(queryset, descending=False):
    keys = ("next_review_month", "next_review_day")
    if descending:
        return queryset.order_by(*[F(key).desc(nulls_last=True) for key in keys], "title")
    return queryset.order_by(*[F(key).asc(nulls_last=True) for key in keys], "title")


def editable_by(queryset, user):
    """Only the pages this user may edit (for an editor: their municipality's tree)."""
    editable = page_permission_policy.instances_user_has_permission_for(user, "change")
    return queryset.filter(pk__in=editable.values("pk"))


def on_site(queryset, site):
    return queryset.filter(path__startswith=site.root_page.path)


def responsible_choices(queryset):
    names = (
        queryset.exclude(responsible_function="")
        .order_by("responsible_function")
        .values_list("responsible_function", flat=True)
        .distinct()
    )
    return [(name, name) for name in names]


@dataclass
class ReviewItem:
    """One page as the panel, the report and the reminders show it."""

    page: Page
    municipality: str
    language: str
    today: datetime.date
    days: int = DEFAULT_DAYS

    @property
    def pk(self):
        return self.page.pk

    @property
    def title(self):
        return self.page.title

    @property
    def kind(self):
        model = self.page.content_type.model_class()
        return capfirst(model._meta.verbose_name) if model else ""

    @property
    def responsible_function(self):
        return self.page.responsible_function

    @property
    def review_email(self):
        return self.page.review_email

    @property
    def last_reviewed(self):
        return self.page.last_reviewed

    @property
    def review_interval_months(self):
        return self.page.review_interval_months

    @property
    def next_review(self):
        # The page is a plain Page with the review fields annotated, not the specific page.
        return next_review_date(self.last_reviewed, self.review_interval_months)

    @property
    def status(self):
        if self.next_review is None:
            return UNSCHEDULED
        if self.next_review < self.today:
            return OVERDUE
        if self.next_review <= self.today + datetime.timedelta(days=self.days):
            return DUE_SOON
        return LATER

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def is_overdue(self):
        return self.status == OVERDUE

    @property
    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])


def review_items(pages, today, days=DEFAULT_DAYS):
    """Pages from `reviewable_pages()` as ReviewItems, each with its municipality: one query
    for the municipalities besides the pages'."""
    pages = list(pages)
    if not pages:
        return []
    municipalities = list(
        ModelIndexPage.objects.only("path", "municipality_name", "language", "title")
    )
    items = []
    for page in pages:
        home = next((m for m in municipalities if page.path.startswith(m.path)), None)
        items.append(
            ReviewItem(
                page=page,
                municipality=(home.municipality_name or home.title) if home else "",
                language=home.language if home else "nb",
                today=today,
                days=days,
            )
        )
    return items
