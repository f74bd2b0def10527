"""The routine page: its steps, the services it applies to, its document and where it is used."""

from wagtail.models import PageViewRestriction

import pytest

from models_app.guide.models import GuideLevelPage
from models_app.model.models import ElementPage
from models_app.routines.models import RoutinePage
from models_app.services.models import ServicePage
from tests.factories import demo_document, imported
from tests.helpers import soup


def make_internal(exchange_id):
    """Services have no audience in the exchange format; editors restrict them in Wagtail."""
    page = ServicePage.objects.get(exchange_id=exchange_id)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


@pytest.mark.django_db
def test_routine_page_shows_steps_services_document_and_use(client, employee):
    document = demo_document()
    document["services"].append(
        {"id": "intern-enhet", "name": "Intern enhet", "parent": "oppvekst"}
    )
    routine_data = document["routines"][0]
    routine_data["services"].append("intern-enhet")
    imported(document)
    make_internal("intern-enhet")
    routine = RoutinePage.objects.get(exchange_id=routine_data["id"])
    page = soup(client.get(routine.url))

    steps = [li.get_text(strip=True) for li in page.select(".routine-steps ol > li")]
    assert steps == routine_data["steps"]
    services = page.select(".routine-services a")
    names = {s["id"]: s["name"] for s in document["services"]}
    assert [a.get_text(strip=True) for a in services] == [
        names[s] for s in routine_data["services"] if s != "intern-enhet"
    ]
    assert services[0]["href"] == ServicePage.objects.get(exchange_id="barnevernstjenesten").url
    assert page.select_one(".document-link a")["href"] == routine_data["url"]
    stamp = page.select_one(".review-stamp").get_text(" ", strip=True)
    assert routine_data["responsible"] in stamp
    used_in = [a["href"] for a in page.select(".used-in a")]
    assert used_in == [
        ElementPage.objects.get(exchange_id="melding-til-barnevernstjenesten").url,
        GuideLevelPage.objects.get(number=0).url,
    ]

    client.force_login(employee)
    page = soup(client.get(routine.url))
    assert "Intern enhet" in [a.get_text(strip=True) for a in page.select(".routine-services a")]
