"""The link check as a background job: from the admin's "Sjekk lenker nå" and from cron
(`manage.py check_links --enqueue`)."""

from wagtail.models import Site

from models_app.core.jobs import retried_task
from models_app.core.sites import model_page_of_site

from .link_checker import check_links


@retried_task
def check_site_links(site_id):
    """Check every link of the site's model; the results are stored for the admin report."""
    root = model_page_of_site(Site.objects.select_related("root_page").get(id=site_id))
    if root is None:
        return {"checked": 0, "broken": 0}
    report = check_links(root)
    return {"checked": report.checked, "broken": len(report.broken)}
