from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "models_app.core"
    label = "core"
    verbose_name = _("Samhandlingsmodell – core")
    default_auto_field = "django.db.models.BigAutoField"
