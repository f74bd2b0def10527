from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolsConfig(AppConfig):
    name = "models_app.tools"
    label = "tools"
    verbose_name = _("Tools")
    default_auto_field = "django.db.models.BigAutoField"
