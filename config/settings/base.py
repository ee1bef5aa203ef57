"""Settings shared by every mode; dev.py, test.py and production.py refine them."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.machine_translation import machine_translator_from_env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "cms",
    "surveys",
    "regions",
    "experts",
    "evaluation",
    "ops",
    # django-survey-and-report, through an AppConfig that fixes its default_auto_field.
    "surveys.library.SurveyLibraryConfig",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales (same app label)
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
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
    "django_filters",
    "django_countries",
    "django_tasks_db",  # the task queue's table (app label django_tasks_database)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "axes",  # login throttling (AXES_* below)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.input_guard.InputGuardMiddleware",  # 400 for control characters, bad charsets
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compressed here, after WhiteNoise (which serves static files precompressed). BREACH:
    # Django masks the CSRF token anew in every response and this middleware pads each
    # compressed body with random bytes (README, "Compression").
    "django.middleware.gzip.GZipMiddleware",
    # Anonymous visitors' pages from the shared cache: a hit skips everything below.
    "cms.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.csp.SiteCSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "config.no_store.NoStoreDownloadsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "config.context_processors.site",
            ],
        },
    },
]

# Embedded SQLite unless DATABASE_URL names another database (PostgreSQL in production and CI).
# WAL, a busy timeout and IMMEDIATE transactions keep a workshop's simultaneous submissions
# from failing with "database is locked".
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=0,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages: the six UN languages; English is the source of all content. ---
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ru", _("Russian")),
    ("zh-hans", _("Chinese")),
    ("ar", _("Arabic")),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# Without this, "Translate this page" on a live page publishes an English copy at once.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Optional: MACHINE_TRANSLATION=deepl (DEEPL_API_KEY) or libretranslate (LIBRETRANSLATE_URL,
# LIBRETRANSLATE_API_KEY). Unset, the site has no machine translation and needs none.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_from_env(os.environ)

# --- Static and media files ---
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Files only some roles may see (submitted attachments): never served by a URL of their own.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Wagtail ---
WAGTAIL_SITE_NAME = "IP Resilience Hub"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Security, in every mode ---
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail's preview panel relaxes this to SAMEORIGIN on its own views.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Wagtail's admin JavaScript reads it
LOGIN_URL = "wagtailadmin_login"

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from
# one address, that pair is refused for AXES_COOLOFF_TIME (a 429 page, templates/axes/). Unlock
# early in the admin (Settings > Locked-out logins) or `manage.py axes_reset_username NAME`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out pair before checking
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ops.lockouts.lockout_response"  # templates/axes/lockout.html
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ADMIN = False  # no Django admin: the Wagtail view in ops/lockouts.py instead
# The client address is REMOTE_ADDR, as for the site's other rate limits (production.py).

# Self-enrolment links (surveys/throttle.py): enrolments accepted per hour from one address
# and into one cohort.
SURVEYS_ENROL_PER_ADDRESS_HOUR = int(os.environ.get("SURVEYS_ENROL_PER_ADDRESS_HOUR", "10"))
SURVEYS_ENROL_PER_COHORT_HOUR = int(os.environ.get("SURVEYS_ENROL_PER_COHORT_HOUR", "300"))

# django-csp 4: no inline script or style on the public site. Scripts and styles come from
# our own origin only; the Wagtail admin gets the relaxation it needs in config/csp.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# The AGPL asks that users of the running site be offered its complete source: set this to
# where the deployed version's source can be downloaded; the footer links to it.
SOURCE_CODE_URL = os.environ.get("SOURCE_CODE_URL", "")

# Background jobs (django-tasks): the review workbook export, every e-mail, Wagtail's own
# tasks. Stored in the database and run by `python manage.py db_worker` (django-tasks-db);
# without a worker nothing queued runs. The test settings run each job inside the request.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# /healthz/ fails once the oldest task ready to run has waited longer than this (seconds).
HEALTH_QUEUE_MAX_AGE = int(os.environ.get("HEALTH_QUEUE_MAX_AGE", "300"))
# An export still queued after EXPORT_QUEUED_LIMIT seconds, or running without a sign of life
# for EXPORT_STALE_AFTER seconds, is marked failed (evaluation.tasks.fail_stale_exports).
EXPORT_QUEUED_LIMIT = int(os.environ.get("EXPORT_QUEUED_LIMIT", "900"))
EXPORT_STALE_AFTER = int(os.environ.get("EXPORT_STALE_AFTER", "300"))

# Mail: queued as a task (config/mail.py), delivered by the worker through
# EMAIL_DELIVERY_BACKEND; production.py reads the server from EMAIL_URL or EMAIL_HOST.
EMAIL_BACKEND = "config.mail.QueuedEmailBackend"
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_TIMEOUT = 30  # seconds: a silent mail server must not hold a worker forever

# Invitations and reminders (surveys.delivery): messages per minute an office's mail relay
# accepts (0: no pause), how many a worker task sends before handing over to the next, and how
# often the worker runs the reminders' schedule (django-tasks-db; else cron `send_reminders`).
SURVEYS_MAIL_RATE = int(os.environ.get("SURVEYS_MAIL_RATE", "60"))
SURVEYS_MAIL_BATCH = int(os.environ.get("SURVEYS_MAIL_BATCH", "50"))
SURVEYS_OUTREACH_EVERY = int(os.environ.get("SURVEYS_OUTREACH_EVERY", "900"))
# Retention (surveys.erasure, `apply_retention`): participants' personal data is erased this many
# months after their cohort's last phase window closed; 0 keeps it until erased by hand.
SURVEYS_RETENTION_MONTHS = int(os.environ.get("SURVEYS_RETENTION_MONTHS", "24"))

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole-page cache for anonymous visitors (cms/page_cache.py); on in production with Redis.
PAGE_CACHE_SECONDS = 0

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # django-survey-and-report logs each of its defaults at INFO on every start.
    "loggers": {"survey": {"level": "WARNING"}},
}

# No avatars fetched from a third party (privacy, and the CSP allows none).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
