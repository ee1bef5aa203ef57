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

# django-axes stays on (tests/security/test_login_throttle.py); its attempts are rows rolled
# back with each test. The enrolment limits count in the process-wide locmem cache, so the
# suite's many enrolments from 127.0.0.1 would add up: high here, lowered by the tests of it.
AXES_ENABLED = True
SURVEYS_ENROL_PER_ADDRESS_HOUR = 1_000_000
SURVEYS_ENROL_PER_COHORT_HOUR = 1_000_000
