"""What the open data holds: each site's public model as an exchange document, and the list of
every municipality's public model.

The document is the exporter's, with `public_only` (nothing internal, nor below an internal
page, nor a reference to it), and then without e-mail addresses: the schema allows contact
e-mails and `mailto:` links, but they may name a person, so the open copy leaves them out.
"""

import re
from dataclasses import dataclass

from django.db.models import Max
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.models import Page, Site

from models_app.core.sites import interface_language, model_page_class
from models_app.core.visibility import restricted_page_paths, under
from models_app.exchange.exporter import export_document

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MAILTO_LINK = re.compile(r"\[([^\]]*)\]\(mailto:[^)]*\)")


def is_public(model_page, restricted_paths):
    internal = bool(restricted_paths) and model_page.path.startswith(tuple(restricted_paths))
    return model_page.live and not internal


def public_document(model_page):
    """The model as anyone may see it, valid against the exchange schema."""
    document = export_document(model_page, public_only=True)
    with translation.override(interface_language(model_page)):
        return without_email(document, _("[e-mail address left out]"))


def without_email(value, placeholder):
    """A copy of a document's value without e-mail keys, mailto links or e-mail addresses."""
    if isinstance(value, dict):
        return {
            key: without_email(item, placeholder)
            for key, item in value.items()
            if key != "email" and not is_mailto(item)
        }
    if isinstance(value, list):
        return [
            without_email(item, placeholder)
            for item in value
            if not (isinstance(item, dict) and is_mailto(item.get("url")))
        ]
    if isinstance(value, str):
        return EMAIL.sub(placeholder, MAILTO_LINK.sub(r"\1", value))
    return value


def is_mailto(value):
    return isinstance(value, str) and value.startswith("mailto:")


def last_change(model_page, restricted_paths):
    """When a page anyone may see last changed: one query."""
    pages = Page.objects.descendant_of(model_page, inclusive=True).live()
    if restricted_paths:
        pages = pages.exclude(under(restricted_paths))
    return pages.aggregate(latest=Max("last_published_at"))["latest"]


@dataclass
class Municipality:
    name: str
    number: str
    address: str
    language: str
    document_url: str
    last_change: object


def public_models():
    """Every site with a public model, by name: a fixed number of queries however many."""
    restricted = restricted_page_paths()
    roots = (
        model_page_class()
        .objects.filter(id__in=Site.objects.values("root_page_id"))
        .order_by("municipality_name")
    )
    roots = [root for root in roots if is_public(root, restricted)]
    sites = {}
    for site in Site.objects.order_by("-is_default_site", "port"):
        sites.setdefault(site.root_page_id, site)
    changes = latest_changes(roots, restricted)
    path = reverse("open_data_document")
    return [
        Municipality(
            name=root.municipality_name,
            number=root.municipality_number,
            address=sites[root.id].root_url + "/",
            language=root.language,
            document_url=sites[root.id].root_url + path,
            last_change=changes.get(root.path),
        )
        for root in roots
    ]


def latest_changes(roots, restricted):
    """{root path: the newest public publication below it}, one query per depth of root."""
    changes = {}
    for depth in {root.depth for root in roots}:
        length = depth * Page.steplen
        pages = Page.objects.live().filter(depth__gte=depth)
        if restricted:
            pages = pages.exclude(under(restricted))
        rows = (
            pages.annotate(root=Substr("path", 1, length))
            .filter(root__in=[root.path for root in roots if root.depth == depth])
            .values("root")
            .annotate(latest=Max("last_published_at"))
        )
        changes.update({row["root"]: row["latest"] for row in rows})
    return changes
