from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from models_app.accounts import urls as accounts_urls
from models_app.accounts import views as accounts_views
from models_app.core import seo
from models_app.core import views as core_views
from models_app.embed import views as embed_views
from models_app.opendata import sitemaps as opendata_sitemaps
from models_app.opendata import urls as opendata_urls
from models_app.pagecache.views import healthz
from models_app.search import urls as search_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("sitemap.xml", opendata_sitemaps.sitemap, name="sitemap"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("healthz", healthz, name="healthz"),
    # Employees log in and out on the public site. Our views, not Wagtail's: Wagtail's logout
    # adds a "logged out" message, which would leave a cookie with the now anonymous visitor.
    path("logg-inn/", include(accounts_urls)),
    path("logg-ut/", accounts_views.logout_page, name="employee_logout"),
    # Wagtail's document view with its headers corrected (models_app/core/views.py).
    re_path(r"^dokumenter/(\d+)/(.*)$", core_views.serve_document, name="wagtaildocs_serve"),
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
    path("sok/", include(search_urls)),
    path("innebygd/", embed_views.embed, name="embed"),
    path("data/", include(opendata_urls)),
    path("", include(wagtail_urls)),
]
