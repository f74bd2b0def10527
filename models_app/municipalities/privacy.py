"""The admin's privacy setting for document collections offers no "Private, accessible to
logged-in users": internal content belongs to one municipality, so a private collection is
for chosen groups (the municipality's "– ansatte" group and its editors), never for anyone
signed in to any municipality. Pages get the same through ModelPage.private_page_options;
collections have no such option, so Wagtail's view is given this form instead."""

from wagtail.admin.forms.collections import CollectionViewRestrictionForm
from wagtail.admin.views import collection_privacy
from wagtail.models import CollectionViewRestriction


class CollectionPrivacyForm(CollectionViewRestrictionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["restriction_type"]
        field.choices = [
            choice for choice in field.choices if choice[0] != CollectionViewRestriction.LOGIN
        ]


def use_in_admin():
    collection_privacy.CollectionViewRestrictionForm = CollectionPrivacyForm
