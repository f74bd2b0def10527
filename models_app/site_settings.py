"""What each municipality sets once for its whole site."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

# Bufdir's national service for reporting concern to the child welfare service.
DEFAULT_REPORT_CONCERN_URL = "https://www.bufdir.no/barnevern/meld-bekymring/"


@register_setting(icon="warning")
class MunicipalitySettings(BaseSiteSetting):
    report_concern_url = models.URLField(
        _("report concern to the child welfare service (address)"),
        max_length=500,
        default=DEFAULT_REPORT_CONCERN_URL,
        help_text=_("The national service where anyone can report concern about a child."),
    )
    child_welfare_emergency_phone = models.CharField(
        _("barnevernvakt (phone)"),
        max_length=32,
        blank=True,
        help_text=_("The child welfare emergency service that covers the municipality, if any."),
    )

    panels = [FieldPanel("report_concern_url"), FieldPanel("child_welfare_emergency_phone")]

    class Meta:
        verbose_name = _("municipality settings")
