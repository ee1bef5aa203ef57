"""Headers and Content-Security-Policy from the first page on."""

import re

import pytest

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.parametrize("path", ["/en/", "/ar/", "/fr/no-such-page/"])
def test_public_pages_send_the_security_headers(client, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_public_page_has_no_inline_script_or_style(client):
    content = client.get("/en/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", content)
    assert "<style" not in content
    assert not re.search(r"\sstyle=", content)


def test_admin_policy_is_relaxed_for_the_admin_only(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["style-src"]
    assert "'unsafe-inline'" in policy["script-src"]  # Wagtail's date widgets need it
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    # ... and the relaxation never leaks onto the public site, even for the same user.
    public = directives(client.get("/en/")["Content-Security-Policy"])
    assert public["script-src"] == ["'self'"]


def test_admin_requires_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_csrf_is_enforced_on_the_admin_login(demo_site):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/admin/login/", {"username": "admin", "password": "x"})
    assert response.status_code == 403


def test_survey_library_urls_are_not_exposed(client):
    # django-survey-and-report's CSV view would serve every response to anyone.
    for path in ["/survey/csv/1/", "/en/survey/csv/1/", "/en/survey/"]:
        assert client.get(path, follow=True).status_code == 404


def test_server_error_page_speaks_all_six_languages(client, settings):
    from django.urls import path

    def broken(request):
        raise RuntimeError("boom")

    settings.ROOT_URLCONF = type("urls", (), {"urlpatterns": [path("boom/", broken)]})
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    content = response.content.decode()
    for code in ["fr", "es", "ru", "zh-hans", "ar"]:
        assert f'lang="{code}"' in content
    assert "Traceback" not in content and "boom" not in content
