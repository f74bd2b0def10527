from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "models_app.review"
    label = "review"
    verbose_name = _("Review cycle")
    default_auto_field = "django.db.models.BigAutoField"
