"""wagtail-localize's snippets API is closed on the plugin's models in any host site (this file
also runs under tests.plugin_site.settings, without cms)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import resolve

from surveys.roles import EVALUATORS

pytestmark = pytest.mark.django_db

# Each people model of the plugin, with the group entitled to list it.
URLS = [
    "/admin/localize/api/snippets/surveys/participant/",
    "/admin/localize/api/snippets/experts/expert/",
]
ENTITLED = {URLS[0]: EVALUATORS, URLS[1]: "Coordinators"}


@pytest.fixture
def admin_user_only(django_user_model):
    user = django_user_model.objects.create_user("plain-admin", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.mark.parametrize("url", URLS)
def test_the_plugins_guard_answers_first(url):
    assert resolve(url).url_name.endswith("_localize_snippets_api")


@pytest.mark.parametrize("url", URLS)
def test_an_admin_user_without_rights_is_refused(client, admin_user_only, url):
    client.force_login(admin_user_only)
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert "code" not in response.content.decode().lower()


@pytest.mark.parametrize("url", URLS)
def test_the_entitled_role_still_gets_the_list(client, django_user_model, url):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("a-member", password="x")
    user.groups.add(Group.objects.get(name=ENTITLED[url]))
    client.force_login(user)
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert isinstance(response.json(), list | dict)
