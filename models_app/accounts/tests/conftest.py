import pytest

from models_app.accounts.models import IdentityProvider
from tests.oidc_provider import LocalProvider


def configure(site, provider, **extra):
    setting = IdentityProvider.for_site(site)
    setting.issuer = provider.issuer
    setting.client_id = provider.client_id
    setting.client_secret = provider.client_secret
    for name, value in extra.items():
        setattr(setting, name, value)
    setting.save()
    return setting


@pytest.fixture
def provider(demo_site):
    """A local OpenID provider, set up as Fjordvik's (the default site's) identity provider."""
    local = LocalProvider(client_id="fjordvik").start()
    configure(demo_site, local)
    yield local
    local.stop()


@pytest.fixture
def other_provider(nynorsk_site):
    """Lidal's own provider (another issuer, another client)."""
    local = LocalProvider(client_id="lidal").start()
    configure(nynorsk_site, local)
    yield local
    local.stop()
