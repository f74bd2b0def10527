"""Per-municipality editor and approver groups, collections and the moderation workflow.

Each municipality (a Site whose root is a ModelIndexPage) gets two groups:

- "<municipality> – redaktører" (editors) may add and edit pages below the site's root, and
  submit them for approval; they cannot publish.
- "<municipality> – modellansvarlig" (approvers) may also publish, lock and unlock, and approve
  in the workflow "<municipality> – godkjenning", assigned to the site's root.

Both may log in to the admin and add, edit and choose documents and images in the
municipality's two collections (the public one and the private one, `collections.py`). Every
permission is on the municipality's own page tree or collections, never on Wagtail's root, so
an editor of one municipality never sees another's pages or documents.

Set-up runs once per site: as soon as any group has a permission on the site's root page, the
site counts as set up, and nothing is created or changed again, so that what an administrator
changed later (renamed groups, other permissions, another workflow) is kept.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .collections import municipality_name, private_collection, public_collection

# Group and workflow names are data in the municipality's admin, like collection names: the
# same whoever runs the set-up, whatever the interface language.
EDITORS = "{municipality} – redaktører"
APPROVERS = "{municipality} – modellansvarlig"
WORKFLOW = "{municipality} – godkjenning"
TASK = "{municipality} – godkjenning av modellansvarlig"

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
APPROVER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
COLLECTION_PERMISSIONS = (
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
)


def ensure_groups_and_workflow(site, model_page):
    """Create what is missing; never touch what an administrator has changed."""
    if is_set_up(model_page):
        return None
    with transaction.atomic():
        editors = new_group(EDITORS, model_page, site)
        approvers = new_group(APPROVERS, model_page, site)
        grant_pages(editors, model_page, EDITOR_PAGE_PERMISSIONS)
        grant_pages(approvers, model_page, APPROVER_PAGE_PERMISSIONS)
        collections = [public_collection(model_page), private_collection(model_page)]
        for group in (editors, approvers):
            grant_collections(group, collections)
        if not WorkflowPage.objects.filter(page=model_page).exists():
            assign_workflow(model_page, approvers)
    return editors, approvers


def is_set_up(model_page):
    return GroupPagePermission.objects.filter(page=model_page).exists()


def new_group(pattern, model_page, site):
    """A new group named after the municipality; when another municipality of the same name
    already has that group, the hostname tells them apart."""
    name = pattern.format(municipality=municipality_name(model_page))
    if Group.objects.filter(name=name).exists():
        name = f"{name} ({site.hostname})"
    group = Group.objects.create(name=name)
    group.permissions.add(permission("wagtailadmin", "access_admin"))
    return group


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant_pages(group, page, codenames):
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page=page, permission=permission("wagtailcore", codename))
        for codename in codenames
    )


def grant_collections(group, collections):
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(
            group=group, collection=collection, permission=permission(app_label, codename)
        )
        for collection in collections
        for app_label, codename in COLLECTION_PERMISSIONS
    )


def assign_workflow(model_page, approvers):
    """One task, approved by the municipality's approvers, for every page of its tree."""
    name = municipality_name(model_page)
    workflow = Workflow.objects.create(name=WORKFLOW.format(municipality=name))
    task = GroupApprovalTask.objects.create(name=TASK.format(municipality=name))
    task.groups.set([approvers])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=model_page)
    return workflow


def site_groups(model_page):
    """The groups with permissions on a municipality's root page (editors and approvers)."""
    return Group.objects.filter(page_permissions__page=model_page).distinct()
