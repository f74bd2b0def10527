from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArenasConfig(AppConfig):
    name = "models_app.arenas"
    label = "arenas"
    verbose_name = _("Meeting arenas")
    default_auto_field = "django.db.models.BigAutoField"
