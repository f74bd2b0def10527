"""The open data of a site: `/data/` (the page "Åpne data"), `/data/samhandlingsmodell.json`
(its public model), the schema, and on the default site `/data/kommuner.json` (every
municipality's public model).

Anyone may read them from anywhere (`Access-Control-Allow-Origin: *`); they never depend on
who asks (always the public model), set no cookie and are cached publicly. The document
answers a conditional request (ETag or Last-Modified) with 304 Not Modified. The licence is a
setting of the site (`MunicipalitySettings.open_data_licence`); the exchange schema has no
field for it, so it is the `Link: <…>; rel="license"` header and the text of the page.
"""

import hashlib
import json

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from wagtail.models import Site

from models_app.core.models import MunicipalitySettings
from models_app.core.sites import request_model_page
from models_app.core.visibility import restricted_page_paths
from models_app.exchange.validation import SCHEMA_PATH

from .documents import is_public, last_change, public_document, public_models

CACHE_SECONDS = 300
JSON_TYPE = "application/json; charset=utf-8"


def open_to_all(response):
    """Readable by scripts of any website, cached like a public page."""
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def json_bytes(data):
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def public_model(request):
    """(site, model page, restricted paths) of the request's site; 404 when it has no public
    model."""
    site = Site.find_for_request(request)
    model_page = request_model_page(request)
    restricted = restricted_page_paths()
    if site is None or model_page is None or not is_public(model_page, restricted):
        raise Http404("No public samhandlingsmodell on this site")
    return site, model_page, restricted


@require_safe
def model_document(request):
    site, model_page, restricted = public_model(request)
    body = json_bytes(public_document(model_page))
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    changed = last_change(model_page, restricted)
    last_modified = int(changed.timestamp()) if changed else None  # HTTP dates have seconds
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(body, content_type=JSON_TYPE)
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    _name, url = MunicipalitySettings.for_site(site).licence()
    response["Link"] = f'<{url}>; rel="license"'
    return open_to_all(response)


@require_safe
def municipalities(request):
    """Every municipality's public model, on the installation's default site only."""
    site = Site.find_for_request(request)
    if site is None or not site.is_default_site:
        raise Http404("The list of municipalities is on the default site")
    entries = [
        {
            "name": entry.name,
            "number": entry.number,
            "address": entry.address,
            "language": entry.language,
            "document": entry.document_url,
            "last_change": entry.last_change.isoformat() if entry.last_change else None,
        }
        for entry in public_models()
    ]
    return open_to_all(HttpResponse(json_bytes({"municipalities": entries}), JSON_TYPE))


@require_safe
def schema(request):
    response = FileResponse(SCHEMA_PATH.open("rb"), content_type=JSON_TYPE)
    return open_to_all(response)


@require_safe
def open_data_page(request):
    site, model_page, restricted = public_model(request)
    licence_name, licence_url = MunicipalitySettings.for_site(site).licence()
    context = {
        "breadcrumbs": [model_page],
        "document_url": site.root_url + reverse("open_data_document"),
        "schema_url": site.root_url + reverse("open_data_schema"),
        "index_url": site.root_url + reverse("open_data_index") if site.is_default_site else "",
        "licence_name": licence_name,
        "licence_url": licence_url,
        "last_change": last_change(model_page, restricted),
    }
    return render(request, "opendata/open_data_page.html", context)
