from .base import *  # noqa: F403

DEBUG = True
# Development only: production refuses to start without SECRET_KEY from the environment.
SECRET_KEY = "dev-only-not-secret-4d1f0b6c2a"  # noqa: S105
# Every municipality is its own Site, reached by its own hostname.
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
