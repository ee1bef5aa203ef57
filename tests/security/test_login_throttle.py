"""Login throttling (django-axes): five wrong passwords lock a username from one address."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from ops import lockouts
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


def sign_in(client: Client, password: str, address: str = ATTACKER, **headers):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": "admin", "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def lock_admin(client: Client) -> None:
    for _ in range(5):
        sign_in(client, "wrong-password")


def test_five_wrong_passwords_lock_the_username_from_that_address(superuser):
    client = Client()
    first = sign_in(client, "wrong-password")
    assert first.status_code == 200  # the login form again, not yet a lockout
    for _ in range(4):
        sign_in(client, "wrong-password")
    refused = sign_in(client, DEMO_PASSWORD)
    assert refused.status_code == 429
    assert "Too many sign-in attempts" in refused.content.decode()
    assert "no-store" in refused["Cache-Control"]
    assert "_auth_user_id" not in client.session
    assert lockouts.current_lockouts().filter(username="admin", ip_address=ATTACKER).exists()


def test_another_address_is_not_locked(superuser):
    lock_admin(Client())
    other = Client()
    response = sign_in(other, DEMO_PASSWORD, address=ELSEWHERE)
    assert response.status_code == 302
    assert other.session["_auth_user_id"] == str(superuser.pk)


def test_the_lockout_page_speaks_the_visitors_language(superuser):
    client = Client()
    lock_admin(client)
    response = sign_in(client, DEMO_PASSWORD, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 429
    assert 'lang="fr"' in response.content.decode()


def test_unlocking_in_the_admin_lets_the_right_password_in(superuser):
    client = Client()
    lock_admin(client)
    admin = Client()
    admin.force_login(superuser)
    listing = admin.get(reverse("ops_lockouts"))
    assert listing.status_code == 200
    assert ATTACKER in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="admin", ip_address=ATTACKER)
    done = admin.post(reverse("ops_lockouts"), {"attempt": attempt.pk})
    assert done.status_code == 302
    assert not lockouts.current_lockouts().exists()
    response = sign_in(client, DEMO_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(superuser.pk)


def test_the_unlock_view_needs_the_permission(superuser, django_user_model):
    editor = django_user_model.objects.create_user("editor-c", password="x" * 12)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(editor)
    assert client.get(reverse("ops_lockouts")).status_code in (302, 403)
    lock_admin(Client())
    attempt = AccessAttempt.objects.get(username="admin")
    refused = client.post(reverse("ops_lockouts"), {"attempt": attempt.pk})
    assert refused.status_code in (302, 403)
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()

    editor.user_permissions.add(Permission.objects.get(codename=lockouts.UNLOCK_PERMISSION[5:]))
    editor = django_user_model.objects.get(pk=editor.pk)  # a fresh permission cache
    client.force_login(editor)
    assert client.get(reverse("ops_lockouts")).status_code == 200


def test_the_settings_menu_offers_it_to_superusers_only(superuser, django_user_model):
    admin = Client()
    admin.force_login(superuser)
    url = reverse("ops_lockouts")
    assert url in admin.get(reverse("wagtailadmin_home")).content.decode()
    editor = django_user_model.objects.create_user("editor-d", password="x" * 12)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    other = Client()
    other.force_login(editor)
    assert url not in other.get(reverse("wagtailadmin_home")).content.decode()
