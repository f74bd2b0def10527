from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModelConfig(AppConfig):
    name = "models_app.model"
    label = "model"
    verbose_name = _("The model")
    default_auto_field = "django.db.models.BigAutoField"
