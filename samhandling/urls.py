from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("dokumenter/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Images only: documents go through Wagtail's serve view, which enforces private collections.
    for folder in ("images/", "original_images/"):
        urlpatterns += static(
            settings.MEDIA_URL + folder, document_root=settings.MEDIA_ROOT / folder
        )

urlpatterns += [
    # Wagtail's own pattern serves only paths ending in "/": let it serve the calendar feeds too
    # (the "kalender.ics" routes of ArenaIndexPage and ArenaPage).
    re_path(r"^((?:[\w\-]+/)+kalender\.ics)$", wagtail_views.serve, name="calendar_feed"),
    path("", include(wagtail_urls)),
]
