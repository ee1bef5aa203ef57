from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from cms.models import HomePage

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
DEMO_PASSWORD = "demo-password-for-tests"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo site (six-language home page, roles, superuser) is loaded once per run;
    each test's changes are rolled back around it."""
    with django_db_blocker.unblock():
        call_command("load_demo", admin_password=DEMO_PASSWORD, stdout=StringIO())


@pytest.fixture
def demo_site(db):
    """The English home page; its five translations are its siblings."""
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
