from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecksConfig(AppConfig):
    name = "models_app.checks"
    label = "checks"
    verbose_name = _("Model and link checks")
    default_auto_field = "django.db.models.BigAutoField"
