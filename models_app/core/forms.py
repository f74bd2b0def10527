"""The edit form of every model page: a page may link only to pages of its own municipality."""

from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page, ReferenceIndex

from .sites import model_page_for


def linked_page_ids(page):
    """Ids of the pages a page (not yet saved) refers to: choosers, links in text and streams
    and inline children, as Wagtail's reference index finds them."""
    page_type = ReferenceIndex._get_base_content_type(Page).pk
    return {
        int(object_id)
        for content_type, object_id, _model_path, _content_path in (
            ReferenceIndex._extract_references_from_object(page)
        )
        if content_type == page_type and str(object_id).isdigit()
    }


def pages_of_other_municipalities(page, anchor):
    """The pages `page` links to that lie outside the model `anchor` belongs to."""
    model_page = model_page_for(anchor)
    ids = linked_page_ids(page)
    if model_page is None or not ids:
        return []
    return list(
        Page.objects.filter(pk__in=ids)
        .exclude(path__startswith=model_page.path)
        .order_by("path")
        .values_list("title", flat=True)
    )


class ModelPageForm(WagtailAdminPageForm):
    def _post_clean(self):
        # After the instance holds the submitted values, which clean() has not yet set.
        super()._post_clean()
        anchor = self.instance if self.instance.pk else self.parent_page
        if anchor is None:
            return
        foreign = pages_of_other_municipalities(self.instance, anchor)
        if foreign:
            self.add_error(
                None,
                _(
                    "This page links to a page of another municipality: %(titles)s. "
                    "Choose a page of your own municipality instead."
                )
                % {"titles": ", ".join(f"«{title}»" for title in foreign)},
            )
