from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
DEMO_PASSWORD = "demo-password-for-tests"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo site (six-language home page, roles, superuser) is loaded once per run;
    each test's changes are rolled back around it."""
    with django_db_blocker.unblock():
        if apps.is_installed("cms"):
            call_command("load_demo", admin_password=DEMO_PASSWORD, stdout=StringIO())
        else:
            load_plugin_demo()


def load_plugin_demo() -> None:
    """Without cms (tests/plugin_site), what a host site would have: its languages and a
    superuser; then the plugin's own demo through its load_demo_content hooks."""
    from django.contrib.auth import get_user_model
    from wagtail import hooks
    from wagtail.models import Locale

    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", DEMO_PASSWORD)
    for load_content in hooks.get_hooks("load_demo_content"):
        load_content(user=user)


@pytest.fixture
def demo_site(db):
    """The English home page; its five translations are its siblings."""
    from cms.models import HomePage

    return HomePage.objects.get(locale__language_code="en")


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.get(username="admin")


@pytest.fixture(autouse=True)
def english_by_default():
    """LocaleMiddleware leaves the last request's language active in the thread; every test
    starts from the source language instead of inheriting it."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: its database is rolled back, and ids are reused,
    so a result cached by an earlier test could describe rows this one never made."""
    from django.core.cache import cache

    cache.clear()
