from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModelsAppConfig(AppConfig):
    name = "models_app"
    verbose_name = _("Samhandlingsmodell")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from wagtail.models import Site
        from wagtail.signals import page_published

        from .change_log import forget_carried_over_note
        from .site_permissions import set_up_saved_site

        post_save.connect(set_up_saved_site, sender=Site, dispatch_uid="samhandling_site_setup")
        page_published.connect(forget_carried_over_note, dispatch_uid="samhandling_change_note")
