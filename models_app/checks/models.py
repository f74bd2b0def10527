"""Stored results of `check_links`: one row per page and external address or document."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkCheckResult(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="link_check_results",
        verbose_name=_("page"),
    )
    url = models.CharField(_("address"), max_length=2000)
    ok = models.BooleanField(_("works"), default=False)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)
    # An internal address (loopback, private network …) is never fetched: neither works nor
    # is broken, and so is no finding of the model check.
    skipped = models.BooleanField(_("not checked"), default=False)
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("link check result")
        verbose_name_plural = _("link check results")
        ordering = ["page__path", "url"]
        constraints = [
            models.UniqueConstraint(fields=["page", "url"], name="one_result_per_page_and_url")
        ]

    def __str__(self):
        return f"{self.url} ({'ok' if self.ok else self.error or self.status_code})"
