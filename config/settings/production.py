"""Production: every secret and host comes from the environment.

Required: SECRET_KEY, ALLOWED_HOSTS (comma-separated), DATABASE_URL.
Optional: REDIS_URL (Django's Redis cache), CSRF_TRUSTED_ORIGINS, WAGTAILADMIN_BASE_URL,
SECURE_SSL_REDIRECT (default on), SECURE_HSTS_SECONDS (default one year), the mail server
(EMAIL_URL or EMAIL_HOST…, DEFAULT_FROM_EMAIL, SERVER_EMAIL), AXES_COOLOFF_MINUTES (login
lockout, default 30), SURVEYS_ENROL_PER_ADDRESS_HOUR and SURVEYS_ENROL_PER_COHORT_HOUR
(self-enrolment limits, default 10 and 300).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from config.email_url import email_settings

from .base import *  # noqa: F403


def _require(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable for production.")
    return value


DEBUG = False
SECRET_KEY = _require("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _require("ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
# The site's public address, which links in e-mails start with (Wagtail's notifications,
# survey invitations). Unset, Wagtail's system check warns and the invitations fall back to
# the default site's root URL.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or None
_require("DATABASE_URL")  # read by base.py through dj-database-url; no silent SQLite fallback
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))  # noqa: F405

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
    # A cache shared by all workers: published pages can be served from it.
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))

# Mail server (README, "Mail"): EMAIL_URL, or EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS; DEFAULT_FROM_EMAIL, SERVER_EMAIL, EMAIL_TIMEOUT.
try:
    globals().update(email_settings(os.environ))
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from error

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.storage.StaticStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Login throttling and the forms' rate limits count by REMOTE_ADDR; no X-Forwarded-For is
# trusted (a client could write any address there). Behind a proxy, let the proxy or gunicorn
# set REMOTE_ADDR to the client's address; else every visitor shares the proxy's address and
# a lockout applies to a username from everywhere. AXES_COOLOFF_MINUTES (default 30) sets how
# long a lockout lasts.
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() != "false"
# Load balancers probe over plain HTTP: /healthz/ answers them instead of redirecting.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Cookies over HTTPS only; SECURE_COOKIES=false is for a trial on loopback over plain HTTP
# (make serve-production, the smoke test), never for a public address.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = (
    os.environ.get("SECURE_COOKIES", "true").lower() != "false"
)

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405
