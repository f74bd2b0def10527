"""Who an employee is: the user of a provider's subject, their municipality's groups, and
whether they belong to the site they ask for.

A first sign-in creates the user (no password, no name, no e-mail) in the municipality's
"– ansatte" group, which has no permissions: being signed in is what opens internal content,
and the group lets an administrator see and manage the municipality's employees. Editors and
approvers come from a claim the administrator maps, checked again at every sign-in, so that a
role removed at the provider is removed here too.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from wagtail.models import Collection, Site

from models_app.core.sites import model_page_of_site
from models_app.municipalities.collections import collection_name
from models_app.municipalities.groups import employee_group, site_groups

from .models import EmployeeAccount
from .oidc import username_for


def role_groups(model_page):
    """(editors, approvers) of the municipality: the groups with permissions on its root page,
    approvers being those that may publish."""
    groups = list(site_groups(model_page))
    approvers = set(
        site_groups(model_page).filter(page_permissions__permission__codename="publish_page")
    )
    editors = [group for group in groups if group not in approvers]
    return editors, list(approvers)


def claim_values(claims, name):
    value = claims.get(name) if name else None
    if value is None:
        return set()
    return {str(item) for item in value} if isinstance(value, list | tuple) else {str(value)}


@transaction.atomic
def sign_in_user(site, model_page, provider, claims):
    """The user for these verified claims, created on first sign-in, groups brought up to date."""
    account = (
        EmployeeAccount.objects.select_related("user")
        .filter(site=site, issuer=provider.issuer, subject=claims["sub"])
        .first()
    )
    if account is None:
        user = get_user_model().objects.create_user(
            username_for(site, provider.issuer, claims["sub"])
        )
        account = EmployeeAccount.objects.create(
            user=user, site=site, issuer=provider.issuer, subject=claims["sub"]
        )
    user = account.user
    user.groups.add(employee_group(site, model_page))
    sync_roles(user, model_page, provider, claims)
    return user


def sync_roles(user, model_page, provider, claims):
    values = claim_values(claims, provider.role_claim)
    editors, approvers = role_groups(model_page)
    for groups, wanted in ((editors, provider.editor_value), (approvers, provider.approver_value)):
        if not wanted:
            continue
        if wanted in values:
            user.groups.add(*groups)
        else:
            user.groups.remove(*groups)


def belongs_to_site(request):
    """Whether the signed-in user may see this site's internal content: an account made by a
    provider belongs to its own municipality only. Local accounts and superusers keep what
    their groups give them. At most one query, kept for the request."""
    user = request.user
    if not user.is_authenticated or user.is_superuser:
        return user.is_authenticated
    account = employee_account(request)
    if account is None:
        return True
    site = Site.find_for_request(request)
    return site is not None and account.site_id == site.pk


def employee_account(request):
    """The provider account of the signed-in user (None for local accounts), kept for the
    request."""
    if not request.user.is_authenticated:
        return None
    if not hasattr(request, "_employee_account"):
        accounts = EmployeeAccount.objects.select_related("site")
        request._employee_account = accounts.filter(user=request.user).first()
    return request._employee_account


def own_private_collection(account):
    """The internal documents' collection of the account's municipality, or None."""
    model_page = model_page_of_site(account.site)
    if model_page is None:
        return None
    return Collection.objects.filter(name=collection_name("private", model_page)).first()


class SiteEmployeeMiddleware:
    """Tells core's visibility (and our page hook) whether the user belongs to this site;
    goes after AuthenticationMiddleware. Costs nothing until something asks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.employee_of_site = lambda: belongs_to_site(request)
        return self.get_response(request)
