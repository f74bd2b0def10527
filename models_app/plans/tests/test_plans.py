"""The plan page: what kind of plan, who adopted it and until when, the plan itself, its review."""

import pytest

from models_app.plans.models import PlanIndexPage, PlanPage
from tests.factories import demo_document, imported
from tests.helpers import soup, text_of


@pytest.mark.django_db
def test_plan_page_shows_kind_adoption_validity_document_and_review(client):
    document = demo_document()
    imported(document)
    data = document["plans"][0]
    plan = PlanPage.objects.get(exchange_id=data["id"])
    page = soup(client.get(plan.url))

    facts = {text_of(row.dt): text_of(row.dd) for row in page.select("dl.facts > div")}
    assert facts["Type"] == plan.get_plan_kind_display()
    assert facts["Vedtatt av"] == data["adopted_by"]
    assert facts["Vedtaksdato"] == "20. juni 2024"
    assert facts["Gjelder til"] == "31. desember 2036"
    assert page.select_one(".document-link a")["href"] == data["url"]
    stamp = text_of(page.select_one(".review-stamp"))
    assert data["review"]["responsible"] in stamp


@pytest.mark.django_db
def test_plan_index_lists_the_plans_in_the_documents_order(client):
    document = demo_document()
    imported(document)
    page = soup(client.get(PlanIndexPage.objects.get().url))
    titles = [text_of(a) for a in page.select(".item__title a")]
    assert titles == [plan["title"] for plan in document["plans"]]
