"""The same page or address twice in one page's link list is refused on save, in the admin and
on import, with a message naming the copies."""

from django.contrib.auth import get_user_model

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from models_app.exchange.validation import DocumentError
from models_app.model.models import ElementPage
from models_app.plans.models import PlanPage
from tests.factories import example_document, imported


def element_form(element, links):
    return nested_form_data(
        {
            "title": element.title,
            "slug": element.slug,
            "dimension": element.dimension,
            "kind": element.kind,
            "summary": element.summary,
            "body": rich_text("<p>Tekst</p>"),
            "themes": [],
            "services": streamfield([]),
            "responsible": "Kommunalsjef",
            "links": streamfield([("link", link) for link in links]),
            "last_reviewed": "",
            "review_interval_months": "",
            "review_responsible": "",
            "exchange_id": element.exchange_id,
            "action-publish": "publish",
        }
    )


def page_link(page):
    return {"page": page.id, "url": "", "title": ""}


def url_link(url, title):
    return {"page": "", "url": url, "title": title}


@pytest.fixture
def editing(client, db):
    imported(example_document())
    admin = get_user_model().objects.create_superuser("admin", password="hemmelig-passord-1")
    client.force_login(admin)
    return ElementPage.objects.live().first(), PlanPage.objects.first()


def test_saving_a_page_with_the_same_page_linked_twice_is_refused(client, editing):
    element, plan = editing
    before = element.get_latest_revision().pk
    links = [page_link(plan), url_link("https://bufdir.no/", "Bufdir"), page_link(plan)]

    response = client.post(f"/admin/pages/{element.id}/edit/", element_form(element, links))

    assert response.status_code == 200
    (message,) = response.context["form"].errors["links"]
    assert message == f"Disse lenkene står mer enn én gang i lista: «{plan.title}». Fjern kopiene."
    assert element.get_latest_revision().pk == before


def test_the_same_address_twice_is_refused_and_distinct_links_are_saved(client, editing):
    element, plan = editing
    url = f"/admin/pages/{element.id}/edit/"
    twice = [url_link("https://bufdir.no/", "Bufdir"), url_link("https://bufdir.no/", "Igjen")]

    refused = client.post(url, element_form(element, twice))
    accepted = client.post(
        url, element_form(element, [page_link(plan), url_link("https://bufdir.no/", "Bufdir")])
    )

    assert "«https://bufdir.no/»" in refused.context["form"].errors["links"][0]
    assert accepted.status_code == 302
    element.refresh_from_db()
    assert [link["value"]["page"] for link in element.links.raw_data] == [plan.id, None]


def test_an_import_with_a_repeated_link_is_refused_with_its_path(db):
    document = example_document()
    index, element = next((i, e) for i, e in enumerate(document["elements"]) if e.get("links"))
    element["links"] = [*element["links"], element["links"][0]]

    with pytest.raises(DocumentError) as refused:
        imported(document)

    assert any(problem.path.startswith(f"elements[{index}]") for problem in refused.value.problems)
