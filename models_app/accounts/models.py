"""What sign-in needs, and nothing more: each site's identity provider, and which account of
that provider a user is.

An employee account holds no name, e-mail or other claim: only the site it belongs to and the
provider's issuer and subject, which is what recognises the same person next time.
"""

import os
import re

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site


class IdentityProviderForm(WagtailAdminModelForm):
    """The client secret is write-only: never shown again, kept when the field is left empty."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client_secret"].widget = forms.PasswordInput(render_value=False)
        self.fields["client_secret"].required = False

    def clean_client_secret(self):
        secret = self.cleaned_data.get("client_secret", "")
        return secret or (self.instance.client_secret if self.instance.pk else "")


@register_setting(icon="key")
class IdentityProvider(BaseSiteSetting):
    issuer = models.URLField(
        _("issuer"),
        blank=True,
        help_text=_(
            "The OpenID Connect issuer, e.g. https://login.microsoftonline.com/<tenant id>/v2.0 "
            "or https://auth.dataporten.no. Empty: no sign-in with work account."
        ),
    )
    client_id = models.CharField(_("client id"), max_length=255, blank=True)
    client_secret = models.CharField(
        _("client secret"),
        max_length=500,
        blank=True,
        help_text=_("Shown never again once saved. Leave empty to keep the saved secret."),
    )
    role_claim = models.CharField(
        _("claim with groups or roles"),
        max_length=100,
        blank=True,
        default="groups",
        help_text=_("The ID token claim that lists the user's groups or roles."),
    )
    editor_value = models.CharField(
        _("value for editors"),
        max_length=255,
        blank=True,
        help_text=_("Users with this value in the claim join the editors' group."),
    )
    approver_value = models.CharField(
        _("value for approvers"),
        max_length=255,
        blank=True,
        help_text=_("Users with this value in the claim join the approvers' group."),
    )

    base_form_class = IdentityProviderForm
    panels = [
        MultiFieldPanel(
            [FieldPanel("issuer"), FieldPanel("client_id"), FieldPanel("client_secret")],
            heading=_("OpenID Connect"),
        ),
        MultiFieldPanel(
            [FieldPanel("role_claim"), FieldPanel("editor_value"), FieldPanel("approver_value")],
            heading=_("Editors and approvers"),
        ),
    ]

    class Meta:
        verbose_name = _("sign-in with work account")

    def secret(self):
        """The environment wins over the admin setting (OIDC_CLIENT_SECRET_<HOSTNAME>)."""
        return os.environ.get(secret_variable(self.site.hostname), "") or self.client_secret

    @property
    def is_configured(self):
        return bool(self.issuer and self.client_id and self.secret())


def secret_variable(hostname):
    """OIDC_CLIENT_SECRET_ plus the hostname in capitals, other signs as "_"."""
    return "OIDC_CLIENT_SECRET_" + re.sub(r"[^A-Z0-9]", "_", hostname.upper())


class EmployeeAccount(models.Model):
    """A user who signs in through a site's provider belongs to that site (municipality) only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employee_account"
    )
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "issuer", "subject"], name="one_account_per_provider_subject"
            )
        ]
        verbose_name = _("employee account")

    def __str__(self):
        return f"{self.subject} ({self.issuer})"
