"""Everything a municipality's site needs besides the model itself; safe to run again."""


def set_up_site(site, model_page):
    from .default_pages import ensure_default_pages
    from .site_permissions import ensure_groups_and_workflow

    ensure_default_pages(model_page)
    ensure_groups_and_workflow(site, model_page)
