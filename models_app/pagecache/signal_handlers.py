"""Everything that changes what a site shows makes that site's cached pages stale.

Publishing, unpublishing, renaming (slug), moving and deleting a page, a page's view
restriction, the municipality's settings, the site itself, the shared documents and images,
and the reference index once a worker has updated it. An import of a model publishes its
pages, so it is covered by the same signals.
"""

from django.db.models.signals import post_delete, post_save

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    pre_page_move,
)
from wagtail.tasks import update_reference_index_task

from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.signals import task_finished

from models_app.core.models import MunicipalitySettings

from . import purge, store


def on_published(sender, instance, **kwargs):
    purge.changed([instance.path])


def on_unpublished(sender, instance, **kwargs):
    purge.changed([instance.path], old_urls=[purge.full_url(instance)])


def on_slug_changed(sender, instance, instance_before, **kwargs):
    purge.changed([instance.path], old_urls=[purge.full_url(instance_before)])


def before_move(sender, instance, **kwargs):
    # The old place: its site (which may not be the new one) and its URL.
    purge.changed([instance.path], old_urls=[purge.full_url(instance)])


def after_move(sender, instance, **kwargs):
    purge.changed([instance.path])


def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge.changed([instance.path], old_urls=[purge.full_url(instance)])


def on_restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(id=instance.page_id).only("path").first()
    if page is not None:
        purge.changed([page.path])


def on_settings_changed(sender, instance, **kwargs):
    purge.changed([], sites=list(Site.objects.filter(id=instance.site_id)))


def on_site_changed(sender, instance, **kwargs):
    # A cached page names the site its host was served by; a new, renamed or deleted site can
    # change which site serves a host name (the default site answers unknown ones): all stale.
    store.bump([instance.id, *Site.objects.values_list("id", flat=True)])
    purge.changed([], sites=[instance])


def on_shared_file_changed(sender, instance, **kwargs):
    # Documents and images belong to no site: any municipality's pages may show them.
    purge.changed([], sites=list(Site.objects.select_related("root_page")))


def on_reference_index_updated(sender, task_result, **kwargs):
    """With jobs on a worker, Wagtail updates a page's references (the "Brukes i modellen"
    back-links) after the publish: the site is stale again once they are in. (Run in the
    request, the update is in before the publish's own purge at commit.)"""
    # The sender is a backend class or instance, depending on who runs the job.
    if isinstance(task_result.task.get_backend(), ImmediateBackend):
        return
    if task_result.task.module_path != update_reference_index_task.module_path:
        return
    _app_label, _model_name, pk = task_result.args
    page = Page.objects.filter(pk=pk).only("path").first()
    if page is not None:
        purge.changed([page.path])


def connect():
    task_finished.connect(on_reference_index_updated, dispatch_uid="pagecache_references")
    page_published.connect(on_published, dispatch_uid="pagecache_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="pagecache_unpublished")
    page_slug_changed.connect(on_slug_changed, dispatch_uid="pagecache_slug")
    pre_page_move.connect(before_move, dispatch_uid="pagecache_pre_move")
    post_page_move.connect(after_move, dispatch_uid="pagecache_post_move")
    post_delete.connect(on_page_deleted, dispatch_uid="pagecache_page_deleted")
    for signal in (post_save, post_delete):
        name = signal is post_save and "saved" or "deleted"
        signal.connect(
            on_restriction_changed, sender=PageViewRestriction, dispatch_uid=f"pc_pvr_{name}"
        )
        signal.connect(
            on_settings_changed, sender=MunicipalitySettings, dispatch_uid=f"pc_set_{name}"
        )
        signal.connect(on_site_changed, sender=Site, dispatch_uid=f"pc_site_{name}")
        for model in (get_document_model(), get_image_model()):
            signal.connect(
                on_shared_file_changed,
                sender=model,
                dispatch_uid=f"pc_{model._meta.label_lower}_{name}",
            )
