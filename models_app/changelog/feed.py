"""The Endringslogg as an Atom feed (RFC 4287), for feed readers.

Always the public changes, whoever asks: a feed reader is anonymous, and the feed is cached
like a public page. No entry names a person; the feed's author is the municipality.
"""

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed

from models_app.core.sites import interface_language

from .changes import recent_changes

CACHE_SECONDS = 300


def atom_response(log_page, model_page, request):
    changes = recent_changes(model_page, request, exclude=log_page, public_only=True)
    feed_url = request.build_absolute_uri()
    feed = Atom1Feed(
        title=f"{log_page.title} – {model_page.municipality_name}",
        link=log_page.get_full_url(request),
        description=log_page.summary,
        language=interface_language(model_page),
        feed_url=feed_url,
        feed_guid=feed_url,
        author_name=model_page.municipality_name,
    )
    for change in changes:
        url = request.build_absolute_uri(change.url)
        feed.add_item(
            title=change.title,
            link=url,
            description=change.note or str(change.kind).capitalize(),
            unique_id=f"{url}#{change.published_at.isoformat()}",
            pubdate=change.published_at,
            updateddate=change.published_at,
            categories=[str(change.kind)] if change.kind else None,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response
