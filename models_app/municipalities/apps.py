from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "models_app.municipalities"
    label = "municipalities"
    verbose_name = _("Municipalities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from wagtail.models import Site

        from .privacy import use_in_admin
        from .setup import set_up_saved_site

        use_in_admin()

        post_save.connect(set_up_saved_site, sender=Site, dispatch_uid="samhandling_site_setup")
