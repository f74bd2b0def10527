from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutinesConfig(AppConfig):
    name = "models_app.routines"
    label = "routines"
    verbose_name = _("Routines")
    default_auto_field = "django.db.models.BigAutoField"
