"""Every value the admin or the importer lets through renders: a review date in year 9999
breaks no public page, årshjul, model check or reminder."""

import datetime
import io

from django.core.management import call_command

import pytest

from models_app.arenas.models import ArenaIndexPage, ArenaPage
from models_app.checks.model_check import check_model
from models_app.core.dates import add_months, next_review_date
from models_app.model.models import ElementPage


def test_review_arithmetic_stops_at_the_last_possible_date():
    assert next_review_date(datetime.date(9999, 6, 1), 12) == datetime.date.max
    assert add_months(datetime.date(9999, 12, 31), 1) == datetime.date.max
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)


@pytest.mark.django_db
def test_pages_checks_and_reminders_survive_a_review_in_year_9999(client, demo_site):
    far = datetime.date(9999, 6, 1)
    element = ElementPage.objects.descendant_of(demo_site.root_page).live().first()
    arena = ArenaPage.objects.descendant_of(demo_site.root_page).live().first()
    for page in (element, arena):
        page.last_reviewed = far
        page.review_interval_months = 12
        page.save_revision().publish()

    assert client.get(element.url).status_code == 200
    assert client.get(arena.url).status_code == 200
    wheel = ArenaIndexPage.objects.descendant_of(demo_site.root_page).get()
    assert client.get(wheel.url + "arshjul/").status_code == 200
    assert client.get(wheel.url + "kalender.ics").status_code == 200
    assert isinstance(check_model(demo_site.root_page.specific), list)
    call_command("review_reminders", stdout=io.StringIO(), stderr=io.StringIO())
