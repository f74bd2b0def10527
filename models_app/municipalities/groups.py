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

A third group, "<municipality> – ansatte" (employees), has no admin access: its members, the
editors and the approvers are the only ones (besides superusers) who see the municipality's
internal pages and private documents. `restrict_to_municipality` turns every "logged-in
users" restriction in the municipality's tree and private collection into a restriction to
these three groups, on every import and site set-up, so that an employee of one municipality
never reads another's internal routines.

Set-up runs once per site: as soon as any group has a permission on the site's root page, the
site counts as set up, and nothing is created or changed again, so that what an administrator
changed later (renamed groups, other permissions, another workflow) is kept.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import (
    BaseViewRestriction,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    PageViewRestriction,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .collections import municipality_name, private_collection, public_collection

# Group and workflow names are data in the municipality's admin, like collection names: the
# same whoever runs the set-up, whatever the interface language.
EDITORS = "{municipality} – redaktører"
APPROVERS = "{municipality} – modellansvarlig"
EMPLOYEES = "{municipality} – ansatte"
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


def employee_group(site, model_page):
    """The municipality's "– ansatte" group, made when missing. When the municipality's
    editor groups carry the hostname (another municipality has the same name), so does it."""
    name = EMPLOYEES.format(municipality=municipality_name(model_page))
    suffix = f"({site.hostname})"
    own = f"{name} {suffix}"
    if Group.objects.filter(name=own).exists() or any(
        group.name.endswith(suffix) for group in site_groups(model_page)
    ):
        name = own
    group, _created = Group.objects.get_or_create(name=name)
    return group


def restrict_to_municipality(site, model_page):
    """Every "logged-in users" restriction of the municipality's pages and private collection
    becomes "these groups": its employees, editors and approvers. Restrictions an
    administrator set to groups or a password are kept."""
    groups = [employee_group(site, model_page), *site_groups(model_page)]
    logins = [
        *PageViewRestriction.objects.filter(
            page__path__startswith=model_page.path, restriction_type=BaseViewRestriction.LOGIN
        ),
        *CollectionViewRestriction.objects.filter(
            collection=private_collection(model_page),
            restriction_type=BaseViewRestriction.LOGIN,
        ),
    ]
    for restriction in logins:
        restriction.restriction_type = BaseViewRestriction.GROUPS
        restriction.save(update_fields=["restriction_type"])
        restriction.groups.set(groups)
    return groups
