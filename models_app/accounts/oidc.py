"""OpenID Connect with each site's own provider, the protocol done by Authlib.

Authlib's Django client does the authorization code flow with PKCE (S256), keeps state,
nonce and code verifier in the session, checks the state on return, fetches the provider's
signing keys and verifies the ID token's signature, issuer, audience, expiry and nonce. We
only choose the provider of the requested site and turn the verified claims into a user.
"""

import hashlib

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError
from authlib.integrations.django_client import DjangoOAuth2App
from authlib.integrations.django_client.integration import DjangoIntegration
from joserfc.errors import ClaimError, ExpiredTokenError, JoseError
from requests import RequestException

SCOPE = "openid profile"
# One client per provider configuration, so the provider's metadata and keys are fetched
# once per process, and a changed setting gives a new client.
_clients = {}


class SignInError(Exception):
    """A sign-in that must be refused; `reason` names the message the visitor gets."""

    def __init__(self, reason, detail=""):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


def client_for(provider):
    secret = provider.secret()
    key = (provider.site_id, provider.issuer, provider.client_id, secret)
    if key not in _clients:
        name = f"site-{provider.site_id}"
        _clients[key] = DjangoOAuth2App(
            DjangoIntegration(name),
            name,
            client_id=provider.client_id,
            client_secret=secret,
            server_metadata_url=provider.issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={"scope": SCOPE, "code_challenge_method": "S256"},
        )
    return _clients[key]


def start(provider, request, redirect_uri):
    """The redirect to the provider's login; state, nonce and PKCE verifier go to the session."""
    try:
        return client_for(provider).authorize_redirect(request, redirect_uri)
    except (RequestException, ValueError, RuntimeError, AuthlibBaseError) as error:
        raise SignInError("unreachable", str(error)) from error


def finish(provider, request):
    """The verified claims of the returning user; SignInError when anything is wrong."""
    try:
        token = client_for(provider).authorize_access_token(request)
    except MismatchingStateError as error:
        raise SignInError("state", str(error)) from error
    except ExpiredTokenError as error:
        raise SignInError("expired", str(error)) from error
    except ClaimError as error:
        raise SignInError("claim", str(error)) from error
    except RequestException as error:
        raise SignInError("unreachable", str(error)) from error
    except (AuthlibBaseError, JoseError, ValueError, KeyError) as error:
        raise SignInError("token", str(error)) from error
    claims = token.get("userinfo")
    if not claims or not claims.get("sub"):
        raise SignInError("token", "no verified ID token")
    request.session["oidc_id_token"] = token["id_token"]
    return claims


def end_session_url(provider, id_token, return_to):
    """The provider's logout (RP-initiated), or None when it offers none or is unreachable."""
    try:
        metadata = client_for(provider).load_server_metadata()
    except (RequestException, ValueError, AuthlibBaseError):
        return None
    if not metadata.get("end_session_endpoint"):
        return None
    return client_for(provider).create_logout_url(
        post_logout_redirect_uri=return_to, id_token_hint=id_token, state=None
    )["url"]


def username_for(site, issuer, subject):
    """A stable username that tells nothing about the person."""
    digest = hashlib.sha256(f"{site.pk}|{issuer}|{subject}".encode()).hexdigest()[:24]
    return f"oidc-{digest}"
