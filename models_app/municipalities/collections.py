"""Each municipality's two document collections: a public one, and a private one whose
documents need a login (the documents of internal tools). Both are made with the site."""

from wagtail.models import Collection, CollectionViewRestriction


def municipality_name(site_root_page):
    page = getattr(site_root_page, "specific", site_root_page)
    return getattr(page, "municipality_name", "") or page.title


# Collection names are data, not interface text: editors see them in the admin, in the
# municipality's language, and they must stay the same whoever runs the command.
COLLECTION_NAMES = {
    "public": "Dokumenter – {municipality}",
    "private": "Interne dokumenter – {municipality}",
}


def collection_name(which, site_root_page):
    return COLLECTION_NAMES[which].format(municipality=municipality_name(site_root_page))


def _collection(name):
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first()
    if collection is None:
        collection = root.add_child(name=name)
    return collection


def public_collection(site_root_page):
    """The collection "Dokumenter – <municipality>" under Wagtail's root collection."""
    return _collection(collection_name("public", site_root_page))


def private_collection(site_root_page):
    """The collection "Interne dokumenter – <municipality>" under Wagtail's root collection,
    restricted to logged-in users. A stricter restriction an editor set is kept."""
    collection = _collection(collection_name("private", site_root_page))
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection
