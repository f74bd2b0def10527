"""Settings shared by every environment. Secrets and hosts come from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Our apps, bottom layer first (docs/architecture.md): their order is the order of their
# stylesheets, of the page types with a review cycle, and of search result groups.
OUR_APPS = [
    "models_app.core",
    "models_app.model",
    "models_app.services",
    "models_app.plans",
    "models_app.routines",
    "models_app.arenas",
    "models_app.measures",
    "models_app.tools",
    "models_app.guide",
    "models_app.citizen",
    "models_app.embed",
    "models_app.changelog",
    "models_app.pagecache",
    "models_app.search",
    "models_app.municipalities",
    "models_app.review",
    "models_app.checks",
    "models_app.exchange",
    "models_app.accounts",
    "models_app.opendata",
]

INSTALLED_APPS = [
    *OUR_APPS,
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The page cache (models_app/pagecache): 304s and hits before anything touches the
    # database; it stores what GZip and every inner middleware made.
    "django.middleware.http.ConditionalGetMiddleware",
    "models_app.pagecache.middleware.PageCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "models_app.core.language.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "models_app.accounts.employees.SiteEmployeeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into models_app.core.throttle's page.
    "axes.middleware.AxesMiddleware",
]
INSTALLED_APPS.append("wagtail.contrib.redirects")

ROOT_URLCONF = "samhandling.urls"
WSGI_APPLICATION = "samhandling.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "models_app.core.frame.frame",
            ],
        },
    },
]

# A SQLite file by default; PostgreSQL (or any database Django supports) through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every worker and app server: Redis through REDIS_URL (losing it is not an
# outage: models_app/pagecache/backends.py). Without it a cache in each process's memory, fine
# for one process (`make run`); production then turns the page cache off (production.py).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "models_app.pagecache.backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "samhandling"),
            # A Redis that does not answer must not hold up a page: fail fast, serve uncached.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous pages are kept this many seconds in our cache (0: off) and in a CDN/Varnish in front
# (s-maxage); a publish purges both at once, so this only bounds date-dependent content.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_SHARED_SECONDS = int(os.environ.get("PAGE_CACHE_SHARED_SECONDS", "600"))
# The query parameters pages read (search, the tiltaksoversikt's filters, the guide's service);
# others are left out of the cache key, so that "?utm_source=…" is the same page.
PAGE_CACHE_QUERY_PARAMETERS = frozenset({"q", "malgruppe", "alder", "tjeneste", "tilgang"})
# Background jobs (link checks, reminders, imports, frontend-cache purges): in the database,
# run by `manage.py db_worker` (production, `make serve`); TASK_BACKEND=immediate runs them
# in the request instead (`make run`, tests). A failed job is tried JOB_ATTEMPTS times.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("TASK_BACKEND", "immediate") == "immediate"
        else "django_tasks_db.DatabaseBackend"
    }
}
JOB_ATTEMPTS = 3
JOB_RETRY_SECONDS = 60
# A CDN or Varnish in front, purged on every change (wagtail.contrib.frontend_cache): the URL
# Varnish takes PURGE requests on, e.g. http://127.0.0.1:6081.
if os.environ.get("VARNISH_URL"):
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["VARNISH_URL"],
        }
    }
# Login throttling (django-axes, models_app/core/throttle.py): after AXES_FAILURE_LIMIT wrong
# passwords for one account, or from one address, logins are refused for AXES_COOLOFF_TIME.
# Before that, from LOGIN_SLOW_AFTER failures on, each try must wait 1, 2, 4, … seconds (at most
# LOGIN_MAX_DELAY_SECONDS) after the last failure (models_app.core.throttle.ThrottleHandler).
# Only failed logins are stored, never a successful one or an anonymous visitor.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_HANDLER = "models_app.core.throttle.ThrottleHandler"
LOGIN_SLOW_AFTER = int(os.environ.get("LOGIN_SLOW_AFTER", "3"))
LOGIN_MAX_DELAY_SECONDS = 60
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCK_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_CALLABLE = "models_app.core.throttle.locked_out"
AXES_CLIENT_IP_CALLABLE = "models_app.core.throttle.client_address"
AXES_VERBOSE = False
# How many reverse proxies in front of the app add to X-Forwarded-For (docs/operations.md).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Browser features the site never uses are switched off for it and anything it could embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface speaks bokmål by default; each municipality's site can choose nynorsk.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
# The admin's import confirms a previewed exchange document (at most 5 MB) by sending it back
# signed and compressed in a form field: as base64, up to a third more than the file.
DATA_UPLOAD_MAX_MEMORY_SIZE = 8 * 1024 * 1024
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

WAGTAIL_SITE_NAME = "Samhandlingsmodell"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# PostgreSQL stems Norwegian words ("rutiner" finds "rutine"); SQLite ignores SEARCH_CONFIG.
# Pages are indexed when saved; after changing the configuration run `manage.py update_index`.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "norwegian"}
}
# Never "direct": Wagtail's serve view is what keeps documents in private collections private.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "odt", "xlsx", "ods", "pptx", "txt", "csv"]
# A private collection is for chosen groups (the municipality's employees), as private pages
# are (ModelPage.private_page_options): no shared password, and no "any logged-in user"
# (models_app/municipalities/privacy.py).
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAIL_I18N_ENABLED = False
# Employees log in on the site's own login page (accounts); restricted pages send them there.
# The admin keeps its own login at /admin/login/.
LOGIN_URL = "/logg-inn/"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

# Strict Content Security Policy for the public site: no inline script or style, nothing
# from other hosts. The Wagtail admin keeps its own policy (it still needs inline script).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
# The admin's live preview shows pages in a same-origin frame, so not DENY.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The link checker never connects to loopback, private, link-local or reserved addresses
# (docs/checks.md); an operator may allow networks of its own, comma-separated CIDRs.
LINK_CHECK_ALLOWED_NETWORKS = [
    network.strip()
    for network in os.environ.get("LINK_CHECK_ALLOWED_NETWORKS", "").split(",")
    if network.strip()
]
