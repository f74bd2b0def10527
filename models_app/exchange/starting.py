"""A municipality's new site starts private: behind a login until an approver makes it public.

A site made from the recommended model holds the template's instructions ("Slik bruker du
malen") and its sample texts, and a model check with errors; none of that should reach the
public. So the model page (and with it the whole site) gets a login restriction, which an
approver lifts with Wagtail's own privacy setting on the model page when the site is ready.
"""

from django.conf import settings

from wagtail.models import PageViewRestriction

from models_app.checks.model_check import check_model
from models_app.core.sites import model_page_of_site, site_for_hostname

TEMPLATE_PATH = settings.BASE_DIR / "fixtures" / "templates" / "anbefalt-modell.json"


def is_template(path):
    """Whether a file is the recommended model (the template), wherever it is named from."""
    try:
        return TEMPLATE_PATH.resolve().samefile(path)
    except OSError:
        return False


def starts_new_model(hostname):
    """Whether an import for this hostname (None: the default site) makes a new model: no
    site yet, or one whose root is not a model (Wagtail's welcome page)."""
    return model_page_of_site(site_for_hostname(hostname)) is None


def keep_private(site):
    """Put the site's model page behind a login, unless it has a restriction already."""
    root = site.root_page
    if not PageViewRestriction.objects.filter(page=root).exists():
        PageViewRestriction.objects.create(page=root, restriction_type=PageViewRestriction.LOGIN)


def is_private(site):
    return PageViewRestriction.objects.filter(page_id=site.root_page_id).exists()


def errors_to_fix(site):
    """How many requirements of the model check the new site does not meet yet."""
    findings = check_model(site.root_page.specific, site_id=site.pk)
    return sum(finding.is_error for finding in findings)
