"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL is set."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND  # what the mail tasks deliver with: mail.outbox
# Each task runs inside the call that queues it: tests see its outcome at once.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SURVEYS_MAIL_RATE = 0  # no pause between invitations
MEDIA_ROOT = BASE_DIR / ".cache" / "test-media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / ".cache" / "test-private-media"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"

# Serve static files straight from the apps and static/, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
