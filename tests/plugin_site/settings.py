"""A Wagtail site without `cms`: surveys and evaluation run here as a plugin would in any
Wagtail site with wagtail-localize (`make test` runs their tests under this module too).

Only what the host site supplies changes: no cms app or middleware, its own URLs and a
minimal `base.html`. The evaluation's site-resource indicators then have no hook to read.
"""

from config.settings.test import *  # noqa: F403
from config.settings.test import BASE_DIR, INSTALLED_APPS, MIDDLEWARE, TEMPLATES

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "cms"]
MIDDLEWARE = [entry for entry in MIDDLEWARE if not entry.startswith("cms.")]
ROOT_URLCONF = "tests.plugin_site.urls"
TEMPLATES = [
    {
        **TEMPLATES[0],
        "DIRS": [BASE_DIR / "tests" / "plugin_site" / "templates"],
    }
]
