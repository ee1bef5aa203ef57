"""Local development: `make run` and manage.py default to this module."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-never-used-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# Mail is queued like in production and printed by the worker (`manage.py db_worker`).
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Serve static files straight from the apps and static/, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
