from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizenConfig(AppConfig):
    name = "models_app.citizen"
    label = "citizen"
    verbose_name = _("For citizens")
    default_auto_field = "django.db.models.BigAutoField"
