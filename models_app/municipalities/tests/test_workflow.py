"""The default moderation workflow of a municipality: an editor submits, the municipality's
"modellansvarlig" approves, and the page is published. Through the admin."""

from django.urls import reverse

from wagtail.models import GroupApprovalTask, TaskState, WorkflowPage

import pytest
from bs4 import BeautifulSoup

from models_app.plans.models import PlanIndexPage
from tests.factories import imported, sized_document
from tests.helpers import member_of


@pytest.fixture
def avik(db):
    return imported(sized_document(6, "Avik kommune"), hostname="avik.example").site


def form_data(html):
    """What a browser would send from the admin's edit form as it stands."""
    form = BeautifulSoup(html, "html.parser").find("form", id="page-edit-form")
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen.get("value", "") if chosen else ""
        else:
            data[name] = field.get("value", "")
    return data


@pytest.mark.django_db
def test_every_municipality_gets_an_approval_workflow_on_its_root(avik):
    assignment = WorkflowPage.objects.get(page=avik.root_page)
    workflow = assignment.workflow
    assert workflow.name == "Avik kommune – godkjenning"
    assert workflow.active
    tasks = [task.specific for task in workflow.tasks]
    assert len(tasks) == 1
    assert isinstance(tasks[0], GroupApprovalTask)
    assert [group.name for group in tasks[0].groups.all()] == ["Avik kommune – modellansvarlig"]
    plans = PlanIndexPage.objects.descendant_of(avik.root_page).get()
    assert plans.get_workflow() == workflow


@pytest.mark.django_db
def test_an_editor_submits_and_the_approver_approves_and_the_page_is_published(client, avik):
    editor = member_of("Avik kommune – redaktører", "avik-redaktor")
    approver = member_of("Avik kommune – modellansvarlig", "avik-godkjenner")
    page = PlanIndexPage.objects.descendant_of(avik.root_page).get()
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.id])

    # The editor may only submit: the form has no publish action for them.
    client.force_login(editor)
    html = client.get(edit_url).content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html
    assert 'data-workflow-action-name="approve"' not in html
    data = form_data(html)
    data.update(summary="Planene kommunen styrer etter.", change_note="Ny ingress.")
    data["action-submit"] = "1"
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    page.refresh_from_db()
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert page.summary != "Planene kommunen styrer etter."  # not published yet
    task_state = state.current_task_state

    # The approver sees it among what awaits them, and approves in the admin.
    assert task_state in TaskState.objects.reviewable_by(approver)
    assert task_state not in TaskState.objects.reviewable_by(editor)
    client.force_login(approver)
    action_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.id, "approve", task_state.id]
    )
    assert 'data-workflow-action-name="approve"' in client.get(edit_url).content.decode()
    response = client.post(action_url, {"comment": ""})
    assert response.status_code in (200, 302)

    page.refresh_from_db()
    assert page.live
    assert page.summary == "Planene kommunen styrer etter."
    assert page.change_note == "Ny ingress."
    assert page.current_workflow_state is None
    assert page.workflow_states.get().status == "approved"


@pytest.mark.django_db
def test_an_editor_cannot_approve_the_own_submission(client, avik):
    editor = member_of("Avik kommune – redaktører", "avik-redaktor")
    page = PlanIndexPage.objects.descendant_of(avik.root_page).get()
    page.get_workflow().start(page, editor)
    task_state = page.current_workflow_state.current_task_state

    client.force_login(editor)
    action_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.id, "approve", task_state.id]
    )
    client.post(action_url, {"comment": ""})

    task_state.refresh_from_db()
    assert task_state.status == "in_progress"
