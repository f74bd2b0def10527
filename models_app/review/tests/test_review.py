"""The review cycle: dashboard panel, report, reminders and "Mark as reviewed" in the admin."""

import csv
import datetime
import io
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupPagePermission, PageLogEntry

import pytest
from bs4 import BeautifulSoup

from models_app.model.models import ElementPage
from models_app.plans.models import PlanPage
from models_app.review import queries as review
from models_app.review.views import MARK_REVIEWED_ACTION, ReviewPanel
from models_app.services.models import ServicePage
from models_app.tools.models import ToolPage
from tests.factories import example_document, imported, sized_document

TODAY = timezone.localdate()
OVERDUE_DATE = TODAY - datetime.timedelta(days=400)  # + 12 months: about 35 days ago
SOON_DATE = TODAY - datetime.timedelta(days=350)  # + 12 months: in about 15 days
FINE_DATE = TODAY  # + 12 months: a year from now


def set_review(page, last_reviewed, interval=12, email="", responsible=""):
    """Set the review fields of a published page in place (as an import would have left them)."""
    model = page.specific_class
    model.objects.filter(pk=page.pk).update(
        last_reviewed=last_reviewed,
        review_interval_months=interval,
        review_email=email,
        review_responsible=responsible,
    )
    return model.objects.get(pk=page.pk)


def small_document(name, language):
    """A second municipality with just enough pages: three elements, plans and tools."""
    document = sized_document(3, name)
    document["language"] = language
    document["plans"] = document["plans"][:3]
    document["tools"] = document["tools"][:3]
    document["services"] = document["services"][:4]
    return document


@pytest.fixture
def sites(db):
    """Two municipalities: Eksempelvik (bokmål) and Bvik (nynorsk) on its own hostname."""
    site_a = imported(example_document()).site
    site_b = imported(small_document("Bvik kommune", "nn"), hostname="bvik.example").site
    return site_a, site_b


def pages_of(site, model):
    return list(model.objects.descendant_of(site.root_page).order_by("path"))


@pytest.fixture
def due(sites):
    """On each site an overdue, a soon-due and a fine page; every other page reviewed today."""
    site_a, site_b = sites
    for model in review.reviewed_models():
        model.objects.update(last_reviewed=FINE_DATE, review_interval_months=12)
    a_elements, b_elements = pages_of(site_a, ElementPage), pages_of(site_b, ElementPage)
    return {
        "a_overdue": set_review(a_elements[0], OVERDUE_DATE, email="oppvekst@eksempelvik.no"),
        "a_soon": set_review(
            pages_of(site_a, PlanPage)[0], SOON_DATE, email="Oppvekst@eksempelvik.no"
        ),
        "a_fine": set_review(a_elements[1], FINE_DATE, email="helse@eksempelvik.no"),
        "a_no_address": set_review(pages_of(site_a, ToolPage)[0], OVERDUE_DATE),
        "b_overdue": set_review(b_elements[0], OVERDUE_DATE, email="rektor@bvik.no"),
        "b_soon": set_review(b_elements[1], SOON_DATE, email="rektor@bvik.no"),
        "b_fine": set_review(b_elements[2], FINE_DATE, email="rektor@bvik.no"),
    }


def make_editor(username, site, publish=True):
    """An editor whose group may edit (and publish) only the given site's tree."""
    user = get_user_model().objects.create_user(username, password="hemmelig-passord-1")
    group = Group.objects.create(name=f"Redaktører {username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    codenames = ["add_page", "change_page"] + (["publish_page"] if publish else [])
    for codename in codenames:
        GroupPagePermission.objects.create(
            group=group,
            page=site.root_page,
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    user.groups.add(group)
    return user


def panel_titles(client):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    panel = BeautifulSoup(response.content, "html.parser").find(id="review-due-section")
    assert panel is not None
    return [link.get_text(strip=True) for link in panel.select("tbody td.title a")]


# The arithmetic ---------------------------------------------------------------------------------


def test_the_database_agrees_with_next_review_around_month_ends(sites):
    """Filters run in the database on a month number and a day; they must give exactly what
    `next_review` (calendar months, day clamped to the month's end) says, also at month ends."""
    pages = list(review.reviewable_pages().order_by("pk"))
    starts = [datetime.date(2024, 1, 31), datetime.date(2024, 2, 29), datetime.date(2025, 8, 30)]
    cases = itertools.cycle(
        (start + datetime.timedelta(days=offset), interval)
        for start in starts
        for offset in (-1, 0, 1)
        for interval in (1, 6, 12, 13)
    )
    for page, (last_reviewed, interval) in zip(pages, cases, strict=False):
        page.specific_class.objects.filter(pk=page.pk).update(
            last_reviewed=last_reviewed, review_interval_months=interval
        )
    # And some never reviewed, or without an interval.
    pages[0].specific_class.objects.filter(pk=pages[0].pk).update(review_interval_months=None)
    pages[1].specific_class.objects.filter(pk=pages[1].pk).update(last_reviewed=None)
    assert len(pages) >= 15
    for today in [
        datetime.date(2024, 2, 29),
        datetime.date(2024, 3, 1),
        datetime.date(2024, 3, 30),
        datetime.date(2024, 4, 30),
        datetime.date(2025, 2, 28),
        datetime.date(2025, 3, 1),
        datetime.date(2026, 2, 28),
        datetime.date(2026, 9, 30),
    ]:
        items = review.review_items(review.reviewable_pages(), today)
        for status, _label in review.STATUS_CHOICES:
            expected = {item.pk for item in items if item.status == status}
            found = set(
                review.reviewable_pages()
                .filter(review.status_filter(status, today))
                .values_list("pk", flat=True)
            )
            assert found == expected, (today, status)
        assert {pages[0].pk, pages[1].pk} <= found  # the last status checked: unscheduled
        ordered = [
            item.next_review
            for item in review.review_items(
                review.order_by_next_review(review.reviewable_pages()), today
            )
        ]
        scheduled = [day for day in ordered if day is not None]
        assert ordered == sorted(scheduled) + [None] * 2  # never reviewed: last


# Dashboard panel --------------------------------------------------------------------------------


def test_dashboard_panel_lists_overdue_and_soon_due_pages_but_not_fine_ones(client, due):
    editor = make_editor("redaktor-a", due["a_overdue"].get_site())
    client.force_login(editor)
    titles = panel_titles(client)
    overdue = {due["a_overdue"].title, due["a_no_address"].title}
    # The overdue first (both equally overdue), then the soon-due; never the fine one.
    assert set(titles[:2]) == overdue and titles[2:] == [due["a_soon"].title]
    assert due["a_fine"].title not in titles
    panel = BeautifulSoup(client.get("/admin/").content, "html.parser").find(
        id="review-due-section"
    )
    rows = panel.select("tbody tr")
    # Overdue is said in words, not only shown in colour.
    assert "Over fristen" in rows[0].get_text()
    assert "Over fristen" not in rows[-1].get_text()
    assert panel.find("a", href=reverse("review_report")) is not None


def test_dashboard_panel_of_an_editor_leaves_out_other_municipalities(client, due):
    client.force_login(make_editor("redaktor-b", due["b_overdue"].get_site()))
    titles = panel_titles(client)
    assert set(titles) == {due["b_overdue"].title, due["b_soon"].title}


def test_dashboard_panel_costs_the_same_queries_however_many_pages_are_due(due):
    editor = make_editor("redaktor-a", due["a_overdue"].get_site())
    request = RequestFactory().get("/admin/")
    request.user = editor

    def queries():
        with CaptureQueriesContext(connection) as context:
            ReviewPanel().render_html({"request": request})
        return len(context.captured_queries)

    few = queries()
    for model in review.reviewed_models():
        model.objects.update(last_reviewed=OVERDUE_DATE, review_interval_months=12)
    editor = get_user_model().objects.get(pk=editor.pk)  # fresh permission cache
    request.user = editor
    assert queries() == few


# Report -----------------------------------------------------------------------------------------


def csv_rows(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def test_report_csv_has_the_header_and_the_overdue_rows(admin_client, due):
    rows = csv_rows(
        admin_client.get(reverse("review_report"), {"status": "overdue", "export": "csv"})
    )
    assert rows[0] == [
        "Tittel",
        "Type",
        "Kommune",
        "Ansvarlig funksjon",
        "E-post for påminnelser",
        "Sist kontrollert",
        "Intervall (måneder)",
        "Neste kontroll",
        "Status",
    ]
    titles = {row[0] for row in rows[1:]}
    assert titles == {due["a_overdue"].title, due["a_no_address"].title, due["b_overdue"].title}
    by_title = {row[0]: row for row in rows[1:]}
    row = by_title[due["a_overdue"].title]
    assert row[2] == "Eksempelvik kommune"
    assert row[4] == "oppvekst@eksempelvik.no"
    assert row[5] == OVERDUE_DATE.isoformat()
    assert row[6] == "12"
    assert row[7] == due["a_overdue"].next_review.isoformat()
    assert by_title[due["b_overdue"].title][2] == "Bvik kommune"


def test_report_filters_by_page_type_and_responsible_function(admin_client, due):
    due_plan = due["a_soon"]
    set_review(due_plan, SOON_DATE, responsible="Kommunalsjef oppvekst")
    rows = csv_rows(
        admin_client.get(
            reverse("review_report"),
            {"page_type": "planpage", "responsible": "Kommunalsjef oppvekst", "export": "csv"},
        )
    )
    assert [row[0] for row in rows[1:]] == [due_plan.title]
    assert rows[1][3] == "Kommunalsjef oppvekst"


def test_report_of_an_editor_shows_only_their_municipality(client, due):
    client.force_login(make_editor("redaktor-a", due["a_overdue"].get_site()))
    response = client.get(reverse("review_report"))
    assert response.status_code == 200
    text = response.content.decode()
    assert due["a_overdue"].title in text
    assert due["b_overdue"].title not in text and "Bvik kommune" not in text
    rows = csv_rows(client.get(reverse("review_report"), {"export": "csv"}))
    assert {row[2] for row in rows[1:]} == {"Eksempelvik kommune"}
    assert due["b_fine"].title not in {row[0] for row in rows[1:]}


def test_report_refuses_users_who_may_edit_nothing(client, due):
    user = get_user_model().objects.create_user("les", password="hemmelig-passord-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("review_report"))
    assert response.status_code in (302, 403)
    assert due["a_overdue"].title not in response.content.decode()


# Reminders --------------------------------------------------------------------------------------


def linked(message, page):
    """Whether the e-mail links to the page's edit view in the admin."""
    url = "http://127.0.0.1:8000" + reverse("wagtailadmin_pages:edit", args=[page.pk])
    return f"  {url}\n" in message.body


def run_reminders(*args):
    out = io.StringIO()
    call_command("review_reminders", *args, stdout=out)
    return out.getvalue()


def test_reminders_send_one_digest_per_address_and_none_for_pages_not_due(due):
    output = run_reminders()
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["oppvekst@eksempelvik.no", "rektor@bvik.no"]
    by_recipient = {message.to[0]: message for message in mail.outbox}

    a_mail = by_recipient["oppvekst@eksempelvik.no"]
    # The same address in other letter case is the same address: one digest with both pages.
    assert linked(a_mail, due["a_overdue"]) and linked(a_mail, due["a_soon"])
    assert due["a_overdue"].title in a_mail.body
    assert not linked(a_mail, due["a_fine"]) and not linked(a_mail, due["a_no_address"])
    assert a_mail.subject == "2 sider i samhandlingsmodellen skal kontrolleres"  # bokmål

    b_mail = by_recipient["rektor@bvik.no"]
    assert linked(b_mail, due["b_overdue"]) and linked(b_mail, due["b_soon"])
    assert not linked(b_mail, due["b_fine"])
    assert "skal kontrollerast" in b_mail.subject  # the municipality writes nynorsk
    assert "Forfell innan 30 dagar" in b_mail.body

    assert f"no address: {due['a_no_address'].title}" in output
    assert "Sent 2 e-mail(s) about 4 page(s); 1 page(s) due for review have no address." in output


def test_reminders_dry_run_sends_nothing_and_site_limits_to_one_municipality(due):
    output = run_reminders("--dry-run")
    assert mail.outbox == []
    assert "Would send 2 e-mail(s)" in output

    run_reminders("--site", "bvik.example")
    assert [message.to for message in mail.outbox] == [["rektor@bvik.no"]]


def test_reminders_days_widens_the_window(due):
    run_reminders("--days", "0", "--site", "bvik.example")
    assert len(mail.outbox) == 1
    assert not linked(mail.outbox[0], due["b_soon"])
    assert linked(mail.outbox[0], due["b_overdue"])


# Mark as reviewed -------------------------------------------------------------------------------


def mark_url(page):
    return reverse("review_mark_reviewed", args=[page.pk])


def test_mark_as_reviewed_sets_today_saves_a_revision_and_keeps_the_page_published(client, due):
    page = due["a_overdue"]
    client.force_login(make_editor("redaktor-a", page.get_site()))
    revisions = page.revisions.count()
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(mark_url(page), {"next": edit_url}, follow=True)
    assert response.redirect_chain[-1][0] == edit_url
    page = ElementPage.objects.get(pk=page.pk)
    assert page.last_reviewed == TODAY
    assert page.live and not page.has_unpublished_changes
    assert page.revisions.count() == revisions + 1
    assert page.live_revision.as_object().last_reviewed == TODAY
    assert PageLogEntry.objects.filter(page=page, action=MARK_REVIEWED_ACTION).count() == 1
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()
    assert "kontrollert" in response.content.decode()
    # No longer due.
    assert page.pk not in set(
        review.due_within(review.reviewable_pages(), TODAY).values_list("pk", flat=True)
    )


def test_mark_as_reviewed_without_publish_permission_saves_a_draft(client, due):
    page = due["a_overdue"]
    client.force_login(make_editor("skribent-a", page.get_site(), publish=False))
    response = client.post(mark_url(page), follow=True)
    assert response.status_code == 200
    page = ElementPage.objects.get(pk=page.pk)
    assert page.last_reviewed == OVERDUE_DATE  # the published page is unchanged
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().last_reviewed == TODAY
    assert "utkast" in response.content.decode()


def test_mark_as_reviewed_refuses_get_and_users_who_may_not_edit(client, due):
    page = due["a_overdue"]
    client.force_login(make_editor("redaktor-a", page.get_site()))
    assert client.get(mark_url(page)).status_code == 405

    client.force_login(make_editor("redaktor-b", due["b_overdue"].get_site()))
    assert client.post(mark_url(page)).status_code == 403
    assert ElementPage.objects.get(pk=page.pk).last_reviewed == OVERDUE_DATE


def test_mark_as_reviewed_refuses_pages_without_a_review_cycle(admin_client, due):
    service = ServicePage.objects.first()
    assert admin_client.post(mark_url(service)).status_code == 403


def test_edit_page_offers_mark_as_reviewed_only_on_pages_with_a_review_cycle(admin_client, due):
    page = due["a_overdue"]
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert mark_url(page).encode() in edit.content
    service = ServicePage.objects.first()
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[service.pk]))
    assert edit.status_code == 200
    assert mark_url(service).encode() not in edit.content
    listing = admin_client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
    assert mark_url(page).encode() in listing.content


def test_bulk_mark_as_reviewed_marks_the_selected_pages_with_a_review_cycle(client, due):
    editor = make_editor("redaktor-a", due["a_overdue"].get_site())
    client.force_login(editor)
    service = ServicePage.objects.descendant_of(due["a_overdue"].get_site().root_page).first()
    other_site_page = due["b_overdue"]
    chosen = [due["a_overdue"], due["a_soon"], service, other_site_page]
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "mark_reviewed"])
    query = "?next=/admin/&" + "&".join(f"id={page.pk}" for page in chosen)

    confirmation = client.get(url + query)
    assert confirmation.status_code == 200
    text = confirmation.content.decode()
    assert due["a_overdue"].title in text and due["a_soon"].title in text

    response = client.post(url + query, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert "2 sider er merket som kontrollert i dag og publisert." in response.content.decode()
    assert ElementPage.objects.get(pk=due["a_overdue"].pk).last_reviewed == TODAY
    assert PlanPage.objects.get(pk=due["a_soon"].pk).last_reviewed == TODAY
    # Neither a page without a review cycle nor another municipality's page is touched.
    assert ElementPage.objects.get(pk=other_site_page.pk).last_reviewed == OVERDUE_DATE
    assert not PageLogEntry.objects.filter(page=service, action=MARK_REVIEWED_ACTION).exists()


def test_report_filters_by_municipality_for_an_administrator_with_a_wide_title(admin_client, due):
    avik_root = due["a_overdue"].get_site().root_page
    response = admin_client.get(reverse("review_report"))
    html = BeautifulSoup(response.content, "html.parser")
    options = {text_of_option(o) for o in html.select('select[name="municipality"] option')}
    assert {"Eksempelvik kommune", "Bvik kommune"} <= options
    assert [col.get("width") for col in html.select("table col")][0] == "30%"  # the title

    rows = csv_rows(
        admin_client.get(reverse("review_report"), {"municipality": avik_root.pk, "export": "csv"})
    )

    assert {row[2] for row in rows[1:]} == {"Eksempelvik kommune"}
    assert due["b_overdue"].title not in {row[0] for row in rows[1:]}


def test_an_editor_of_one_municipality_gets_no_municipality_filter(client, due):
    client.force_login(make_editor("redaktor-c", due["a_overdue"].get_site()))
    html = BeautifulSoup(client.get(reverse("review_report")).content, "html.parser")
    assert html.select('select[name="municipality"]') == []


def text_of_option(option):
    return option.get_text(strip=True)
