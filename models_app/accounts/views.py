"""The employees' login page in the site's own look, sign-in with the work account, logout.

The Wagtail admin keeps its own login (/admin/login/); this one belongs to the public site,
speaks its language (core's SiteLanguageMiddleware) and sends the employee back to the page
they came from.
"""

import logging

from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from wagtail.models import Site

from models_app.core.sites import model_page_of_site

from . import oidc
from .employees import belongs_to_site, sign_in_user
from .models import IdentityProvider

logger = logging.getLogger(__name__)
NEXT_KEY = "oidc_next"
MESSAGES = {
    "state": _(
        "The answer from the sign-in service did not belong to this sign-in. Please try again."
    ),
    "claim": _("The sign-in service's proof of who you are was not meant for this site."),
    "expired": _("The sign-in took too long and has expired. Please try again."),
    "token": _("The sign-in service's proof of who you are could not be verified."),
    "unreachable": _("The sign-in service cannot be reached right now. Please try again later."),
    "refused": _("The sign-in service did not sign you in."),
    "unavailable": _("Sign-in with work account is not set up for this municipality."),
}


def safe_next(request, candidate):
    """Back to a page of this site only, never to another host."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    model_page = model_page_of_site(Site.find_for_request(request))
    return model_page.url if model_page else "/"


def site_provider(request):
    """(site, model page, provider) of the request; provider None when none is set up."""
    site = Site.find_for_request(request)
    model_page = model_page_of_site(site)
    provider = IdentityProvider.for_site(site) if site else None
    if provider is not None and not provider.is_configured:
        provider = None
    return site, model_page, provider


def render_login(request, form, next_url, error="", status=200):
    _site, _model_page, provider = site_provider(request)
    context = {"form": form, "next": next_url, "provider": provider, "error": error}
    return TemplateResponse(request, "accounts/login.html", context, status=status)


@never_cache
def login_page(request):
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST":
        form = AuthenticationForm(request, data=request.POST)
        if form.is_valid():
            login(request, form.get_user())
            return HttpResponseRedirect(next_url)
        return render_login(request, form, next_url, status=400)
    # Already in, for this site: straight back (an employee of another municipality stays).
    if belongs_to_site(request) and request.GET.get("next"):
        return HttpResponseRedirect(next_url)
    return render_login(request, AuthenticationForm(request), next_url)


@never_cache
@require_GET
def work_account_start(request):
    next_url = safe_next(request, request.GET.get("next"))
    _site, _model_page, provider = site_provider(request)
    if provider is None:
        return refuse(request, next_url, "unavailable", status=404)
    request.session[NEXT_KEY] = next_url
    try:
        return oidc.start(provider, request, request.build_absolute_uri(reverse("oidc_callback")))
    except oidc.SignInError as error:
        logger.warning("OpenID Connect sign-in could not start: %s", error)
        return refuse(request, next_url, error.reason, status=502)


@never_cache
@require_GET
def work_account_callback(request):
    next_url = safe_next(request, request.session.get(NEXT_KEY))
    site, model_page, provider = site_provider(request)
    if provider is None or model_page is None:
        return refuse(request, next_url, "unavailable", status=404)
    if request.GET.get("error"):
        logger.info("OpenID Connect provider refused: %s", request.GET.get("error"))
        return refuse(request, next_url, "refused")
    try:
        claims = oidc.finish(provider, request)
    except oidc.SignInError as error:
        logger.warning("OpenID Connect sign-in refused: %s", error)
        return refuse(request, next_url, error.reason)
    id_token = request.session.pop("oidc_id_token", "")
    user = sign_in_user(site, model_page, provider, claims)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    # After login (which gives a new session key), for the provider's logout.
    request.session["oidc_id_token"] = id_token
    request.session.pop(NEXT_KEY, None)
    return HttpResponseRedirect(next_url)


def refuse(request, next_url, reason, status=400):
    return render_login(
        request, AuthenticationForm(request), next_url, error=MESSAGES[reason], status=status
    )


@require_POST
def logout_page(request):
    """Ends the session here, then at the provider when the user came through it."""
    next_url = safe_next(request, request.POST.get("next"))
    id_token = request.session.get("oidc_id_token")
    _site, _model_page, provider = site_provider(request)
    logout(request)
    if id_token and provider is not None:
        provider_logout = oidc.end_session_url(
            provider, id_token, request.build_absolute_uri(next_url)
        )
        if provider_logout:
            # A page that moves on by itself, not a redirect: the logout form's page allows
            # forms to post to this site only (CSP form-action), and browsers apply that to
            # the redirects that follow a form too.
            context = {"provider_logout": provider_logout}
            return TemplateResponse(request, "accounts/logged_out.html", context)
    return HttpResponseRedirect(next_url)
