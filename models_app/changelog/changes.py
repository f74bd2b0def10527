"""When the model last changed: "Sist endret" on every page, and the Endringslogg.

Every page shows the date it was last published (`last_published_at`, date only) and its change
note, if any. A note belongs to the publication it was written for: when a page is published
again and its note is still the one the previous publication had, the editor wrote no new note,
so the old one is removed rather than shown next to a date it does not describe. Editors write
one note per edit, and the change log lists pages by their last publication with that note.

Nothing here names a person: neither the page nor the log shows who published.

Query budget: the "Sist endret" block reads the page already loaded; the log costs one query
(pages with their live revision's note, joined) plus the per-request visibility look-up.
"""

from dataclasses import dataclass

from django.db.models.fields.json import KeyTextTransform

from wagtail.models import Page, PageLogEntry

from models_app.core.visibility import Visibility, visibility_for

LOG_LENGTH = 50
# Log actions of a publication that made a page live (a reverted revision is logged as a
# publication too); "wagtail.publish.schedule" only schedules one.
PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled")


@dataclass
class Change:
    title: str
    url: str
    kind: str
    published_at: object  # an aware datetime
    note: str = ""
    internal: bool = False


def forget_carried_over_note(sender, instance, revision, **kwargs):
    """page_published: clear a change note that the previous publication already had."""
    note = getattr(instance, "change_note", "")
    if not note or previous_published_note(instance) != note:
        return
    instance.change_note = ""
    type(instance).objects.filter(pk=instance.pk).update(change_note="")
    if revision is not None and revision.content.get("change_note"):
        revision.content["change_note"] = ""
        revision.save(update_fields=["content"])


def previous_published_note(page):
    """The note of the publication before this one. Wagtail logs a publication after it sends
    page_published, so the latest publication in the log is the previous one."""
    content = (
        PageLogEntry.objects.filter(page_id=page.pk, action__in=PUBLISH_ACTIONS)
        .exclude(revision=None)
        .order_by("-timestamp", "-pk")
        .values_list("revision__content", flat=True)
        .first()
    )
    return (content or {}).get("change_note", "") if isinstance(content, dict) else ""


def recent_changes(model_page, request, limit=LOG_LENGTH, exclude=None, public_only=False):
    """The model's most recently published pages that this visitor (or, `public_only`,
    anyone) may see, newest first."""
    visibility = Visibility(None) if public_only else visibility_for(request)
    pages = (
        visibility.filter(Page.objects.descendant_of(model_page, inclusive=True))
        .exclude(last_published_at=None)
        .annotate(note=KeyTextTransform("change_note", "live_revision__content"))
        .order_by("-last_published_at", "path")
    )
    if exclude is not None:
        pages = pages.exclude(pk=exclude.pk)
    return [change(page, request, visibility) for page in pages[:limit]]


def change(page, request, visibility):
    specific_class = page.specific_class  # content types are cached: no query
    return Change(
        title=page.title,
        url=page.get_url(request),
        kind=specific_class._meta.verbose_name if specific_class else "",
        published_at=page.last_published_at,
        note=page.note or "",
        internal=visibility.is_private(page),
    )
