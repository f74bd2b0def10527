"""Everything a municipality's site needs besides the model itself; safe to run again.

Runs when a model is imported into a site, and when an administrator makes a Site (or points
one) at a model page in the admin.
"""

from models_app.core.sites import model_page_of_site

from .default_pages import choose_footer_pages, default_pages_of, ensure_default_pages
from .groups import ensure_groups_and_workflow, restrict_to_municipality


def set_up_site(site, model_page):
    ensure_default_pages(site, model_page)
    ensure_groups_and_workflow(site, model_page)
    restrict_to_municipality(site, model_page)


def set_up_saved_site(sender, instance, **kwargs):
    """post_save of Site: a site whose root is a model gets its groups, and its footer links
    to the default pages the model has. (Making pages is left to the import, which holds the
    model page while it adds to it.)"""
    model_page = model_page_of_site(instance)
    if model_page is not None:
        ensure_groups_and_workflow(instance, model_page)
        restrict_to_municipality(instance, model_page)
        choose_footer_pages(instance, default_pages_of(model_page))
