from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangelogConfig(AppConfig):
    name = "models_app.changelog"
    label = "changelog"
    verbose_name = _("Change log")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from .changes import forget_carried_over_note

        page_published.connect(forget_carried_over_note, dispatch_uid="samhandling_change_note")
