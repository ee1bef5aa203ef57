"""A host site that installs the expert network without the evaluation: `regions` and
`experts` must migrate and pass the checks on their own (tests/experts/test_standalone.py)."""

from tests.plugin_site.settings import *  # noqa: F403
from tests.plugin_site.settings import INSTALLED_APPS

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "evaluation"]
