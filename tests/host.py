"""Which host site the tests run in: the full site, or tests/plugin_site, where surveys and
evaluation run as a plugin without cms (its site-resource feed is then absent)."""

from django.apps import apps

WITH_CMS = apps.is_installed("cms")
