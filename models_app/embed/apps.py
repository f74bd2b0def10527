from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmbedConfig(AppConfig):
    name = "models_app.embed"
    label = "embed"
    verbose_name = _("Embedded model")
