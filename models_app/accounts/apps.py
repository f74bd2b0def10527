from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "models_app.accounts"
    label = "accounts"
    verbose_name = _("Employee sign-in")
    default_auto_field = "django.db.models.BigAutoField"
