"""Internal content per municipality: an employee of Fjordvik reads Fjordvik's internal pages
and documents, and gets the login response for Lidal's, in pages, lists, search, feeds and
documents alike."""

import io

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, PageViewRestriction

import pytest

from models_app.arenas.models import ArenaIndexPage, ArenaPage
from models_app.municipalities.collections import private_collection
from models_app.municipalities.groups import restrict_to_municipality
from models_app.routines.models import RoutineIndexPage, RoutinePage
from tests.fixtures import NYNORSK_HOST
from tests.helpers import local_path, member_of

FJORDVIK_ROUTINE = "stafettlogg-dokumentasjon"
LIDAL_ROUTINE = "avvik-i-samhandlinga"


@pytest.fixture
def two_demos(demo_site, nynorsk_site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for site in (None, NYNORSK_HOST):
        args = ["--site", site] if site else []
        call_command("load_demo_documents", *args, stdout=io.StringIO(), stderr=io.StringIO())
    return demo_site, nynorsk_site


@pytest.fixture
def fjordvik_employee(two_demos):
    return member_of("Fjordvik kommune – ansatte", "fjordvik-ansatt")


def internal_routine(site, exchange_id):
    return RoutinePage.objects.descendant_of(site.root_page).get(exchange_id=exchange_id)


def get(client, site, path):
    return client.get(path, HTTP_HOST=site.hostname)


def test_each_site_gets_an_employee_group_and_its_internal_pages_are_restricted_to_it(
    two_demos,
):
    fjordvik, lidal = two_demos
    for site, name in ((fjordvik, "Fjordvik kommune"), (lidal, "Lidal kommune")):
        employees = Group.objects.get(name=f"{name} – ansatte")
        assert not employees.permissions.exists()  # no admin access
        restrictions = PageViewRestriction.objects.filter(
            page__path__startswith=site.root_page.path
        )
        assert restrictions.exists()
        for restriction in restrictions:
            assert restriction.restriction_type == PageViewRestriction.GROUPS
            assert set(restriction.groups.values_list("name", flat=True)) == {
                f"{name} – ansatte",
                f"{name} – redaktører",
                f"{name} – modellansvarlig",
            }


def test_an_employee_reads_own_internal_page_and_is_refused_the_other_municipalitys(
    client, two_demos, fjordvik_employee
):
    fjordvik, lidal = two_demos
    client.force_login(fjordvik_employee)
    own = internal_routine(fjordvik, FJORDVIK_ROUTINE)
    other = internal_routine(lidal, LIDAL_ROUTINE)

    assert get(client, fjordvik, own.url).status_code == 200
    refused = get(client, lidal, other.url)
    assert refused.status_code == 302
    assert refused["Location"].startswith("/logg-inn/")


def test_lists_and_search_leave_out_the_other_municipalitys_internal_pages(
    client, two_demos, fjordvik_employee
):
    fjordvik, lidal = two_demos
    client.force_login(fjordvik_employee)
    other = internal_routine(lidal, LIDAL_ROUTINE)
    own = internal_routine(fjordvik, FJORDVIK_ROUTINE)
    lidal_routines = RoutineIndexPage.objects.descendant_of(lidal.root_page).get()
    fjordvik_routines = RoutineIndexPage.objects.descendant_of(fjordvik.root_page).get()

    assert other.title not in get(client, lidal, lidal_routines.url).content.decode()
    assert own.title in get(client, fjordvik, fjordvik_routines.url).content.decode()
    hits = get(client, lidal, f"/sok/?q={other.title}").content.decode()
    assert f'href="{local_path(other)}"' not in hits
    own_hits = get(client, fjordvik, f"/sok/?q={own.title}").content.decode()
    assert f'href="{local_path(own)}"' in own_hits

    # Lidal's own employee sees it in both.
    client.force_login(member_of("Lidal kommune – ansatte", "lidal-ansatt"))
    assert other.title in get(client, lidal, lidal_routines.url).content.decode()
    hits = get(client, lidal, f"/sok/?q={other.title}").content.decode()
    assert f'href="{local_path(other)}"' in hits


def test_feeds_leave_out_the_other_municipalitys_internal_arenas(
    client, two_demos, fjordvik_employee
):
    fjordvik, lidal = two_demos
    arena = ArenaPage.objects.descendant_of(lidal.root_page).live().first()
    PageViewRestriction.objects.create(page=arena, restriction_type=PageViewRestriction.LOGIN)
    restrict_to_municipality(lidal, lidal.root_page.specific)
    feed = ArenaIndexPage.objects.descendant_of(lidal.root_page).get().url + "kalender.ics"

    client.force_login(fjordvik_employee)
    assert arena.title not in get(client, lidal, feed).content.decode()
    assert get(client, lidal, arena.url + "kalender.ics").status_code == 302

    client.force_login(member_of("Lidal kommune – ansatte", "lidal-ansatt"))
    assert arena.title in get(client, lidal, feed).content.decode()


def test_private_documents_only_for_their_own_municipality(client, two_demos, fjordvik_employee):
    fjordvik, lidal = two_demos
    documents = get_document_model().objects.filter(collection__name__startswith="Interne")
    own = documents.filter(collection__name__endswith="Fjordvik kommune").first()
    other = documents.filter(collection__name__endswith="Lidal kommune").first()
    client.force_login(fjordvik_employee)

    assert get(client, fjordvik, own.url).status_code == 200
    refused = get(client, lidal, other.url)
    assert refused.status_code == 302
    assert refused["Location"].startswith("/logg-inn/")


def test_superusers_see_every_municipalitys_internal_pages(client, two_demos, django_user_model):
    fjordvik, lidal = two_demos
    client.force_login(django_user_model.objects.create_superuser("rot", password="x-y-z-123"))
    for site, routine in ((fjordvik, FJORDVIK_ROUTINE), (lidal, LIDAL_ROUTINE)):
        assert get(client, site, internal_routine(site, routine).url).status_code == 200


def test_the_admin_offers_only_group_privacy_for_model_pages(client, demo_site, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("rot", password="x-y-z-123"))
    routines = RoutineIndexPage.objects.descendant_of(demo_site.root_page).get()
    response = client.get(f"/admin/pages/{routines.id}/privacy/")
    assert response.status_code == 200
    html = response.json()["html"]
    assert 'value="groups"' in html
    assert 'value="login"' not in html
    assert 'value="password"' not in html


def private_collection_privacy(client, two_demos, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("rot", password="x-y-z-123"))
    collection = private_collection(two_demos[0].root_page)
    return collection, f"/admin/collections/{collection.id}/privacy/"


def test_the_admin_offers_only_group_privacy_for_collections(client, two_demos, django_user_model):
    _collection, url = private_collection_privacy(client, two_demos, django_user_model)
    response = client.get(url)
    assert response.status_code == 200
    html = response.json()["html"]
    assert 'value="groups"' in html
    assert 'value="none"' in html
    assert 'value="login"' not in html
    assert 'value="password"' not in html


def test_the_admin_refuses_logged_in_users_privacy_for_a_collection(
    client, two_demos, django_user_model
):
    collection, url = private_collection_privacy(client, two_demos, django_user_model)
    before = list(CollectionViewRestriction.objects.values_list("restriction_type", "groups"))

    response = client.post(url, {"restriction_type": "login"})

    assert response.json()["step"] != "set_privacy_done"  # the form again, with its error
    after = list(CollectionViewRestriction.objects.values_list("restriction_type", "groups"))
    assert after == before

    group = Group.objects.get(name="Fjordvik kommune – ansatte")
    response = client.post(url, {"restriction_type": "groups", "groups": [group.id]})
    assert response.json()["step"] == "set_privacy_done"
    restriction = CollectionViewRestriction.objects.get(collection=collection)
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    assert list(restriction.groups.all()) == [group]
