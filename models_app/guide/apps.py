from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "models_app.guide"
    label = "guide"
    verbose_name = _("Action guide")
    default_auto_field = "django.db.models.BigAutoField"
