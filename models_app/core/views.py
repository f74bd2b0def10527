"""Documents are served by Wagtail's view (which enforces private collections), with two
headers corrected on the way out."""

from django.utils.cache import patch_cache_control

from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve

from .visibility import visibility_for


def serve_document(request, document_id, document_filename):
    response = serve(request, document_id, document_filename)
    # Wagtail's sendfile writes the guessed encoding even when there is none ("None"), which
    # makes browsers and proxies treat the file as compressed with an unknown coding.
    if response.get("Content-Encoding") == "None":
        del response["Content-Encoding"]
    if response.status_code == 200 and is_private(request, document_id):
        # A file behind a login must never be kept by a shared cache.
        patch_cache_control(response, private=True, no_store=True)
    return response


def is_private(request, document_id):
    collection_id = (
        get_document_model()
        .objects.filter(pk=document_id)
        .values_list("collection_id", flat=True)
        .first()
    )
    return collection_id in visibility_for(request).private_collection_ids
