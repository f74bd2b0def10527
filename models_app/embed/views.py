"""`/innebygd/`: the clickable model for a frame on the municipality's own website.

The page has no header or footer; every link opens in the top window (`<base target="_top">`),
so without JavaScript the visitor leaves the frame for the full page, and with it an element
opens in place as on the model page. Our small script tells the host page the content's height
(`embed.js`, received by `host.js`); no third-party resizer.

Only the origins in the site's `embed_origins` setting (and the site itself) may frame it: the
Content-Security-Policy `frame-ancestors` of this response alone is widened, every other page
keeps refusing frames. It always shows what an anonymous visitor sees, even to a logged-in
employee, so that nothing internal can end up on another website, and it sets no cookie, so
it is cached publicly like any anonymous page.

Query budget: the site and its settings, the model page, then the grid's fixed queries.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from models_app.core.models import MunicipalitySettings
from models_app.core.sites import request_model_page
from models_app.core.visibility import Visibility

# Shared caches may keep the embed as long as they keep any public page.
CACHE_SECONDS = 300


@require_safe
def embed(request):
    # Whoever asks, the embed shows the public model only.
    request.user = AnonymousUser()
    model_page = request_model_page(request)
    if model_page is None or not model_page.live:
        raise Http404("No samhandlingsmodell on this site")
    request._samhandling_visibility = Visibility(None, model_page.path)
    settings = MunicipalitySettings.for_request(request)
    response = TemplateResponse(
        request,
        "embed/embed.html",
        {"page": model_page, "model_page": model_page, "grid": model_page.grid(request)},
    )
    response._csp_replace = {"frame-ancestors": settings.frame_ancestors()}
    response.xframe_options_exempt = True
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response
