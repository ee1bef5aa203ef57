"""The call for experiences after a failed post: messages in the page's language, a focused
summary that links each field in error, and inputs tied to their help and error texts."""

import re

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import translation

from cms.models import ExperienceSubmission
from cms.views import EXPERIENCES_PER_HOUR, _rate_key

from .test_experiences import call_page, fresh_rate_limits  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

REQUIRED = [
    "office",
    "country",
    "contact_name",
    "contact_email",
    "crisis",
    "impact",
    "response",
    "lessons",
]


def summary_of(content: str) -> str:
    match = re.search(r'<div class="[^"]*error-summary[^"]*".*?</div>', content, re.S)
    assert match, "no error summary"
    return match.group(0)


def tag_of(content: str, element_id: str) -> str:
    return re.search(rf'<(?:input|textarea|select)[^>]*\bid="{element_id}"[^>]*>', content).group(0)


def test_an_empty_post_in_arabic_is_answered_in_arabic_with_a_focused_summary(client):
    response = client.post(call_page("ar").url, {"website": ""})
    assert response.status_code == 200
    content = response.content.decode()
    summary = summary_of(content)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert re.search(r"\sautofocus[\s>]", summary)
    assert "<h2" in summary
    assert "This field is required." not in content
    with translation.override("ar"):
        required = translation.gettext("This field is required.")
    assert required != "This field is required."
    links = re.findall(r'<a href="#(id_[a-z_]+)">([^<]+)</a>', summary)
    assert [target for target, _text in links] == [f"id_{name}" for name in REQUIRED]
    for _target, text in links:
        assert text.endswith(required)
    assert "<title>خطأ:" in content


def test_each_input_in_error_is_invalid_and_described_by_ids_that_exist(client):
    content = client.post(call_page("fr").url, {"website": ""}).content.decode()
    ids = set(re.findall(r'\bid="([^"]+)"', content))
    for name in [*REQUIRED, "attachment"]:
        tag = tag_of(content, f"id_{name}")
        described = re.search(r'aria-describedby="([^"]+)"', tag)
        if name == "attachment":  # optional and valid: only its help text
            assert "aria-invalid" not in tag
            assert described.group(1) == "id_attachment_helptext"
            continue
        assert 'aria-invalid="true"' in tag
        for described_id in described.group(1).split():
            assert described_id in ids, f"{name}: {described_id} does not exist"
        assert f"id_{name}_error" in described.group(1).split()
    crisis = re.search(r'aria-describedby="([^"]+)"', tag_of(content, "id_crisis")).group(1)
    assert crisis.split() == ["id_crisis_helptext", "id_crisis_error"]


def test_no_browser_validation_bubbles(client):
    content = client.get(call_page("ar").url).content.decode()
    assert re.search(r'<form class="form"[^>]*\snovalidate[\s>]', content)
    assert "error-summary" not in content  # nothing to report yet, nothing focused


def test_only_invalid_fields_are_listed_and_valid_input_is_kept(client):
    data = {
        "office": "Office of Industrial Property",
        "country": "Atlantis",
        "contact_name": "A. Registrar",
        "contact_email": "not-an-address",
        "crisis": "Floods, March 2024",
        "impact": "Closed for six weeks.",
        "response": "Online filing only.",
        "lessons": "",
        "website": "",
    }
    content = client.post(call_page("en").url, data).content.decode()
    links = re.findall(r'<a href="#(id_[a-z_]+)">([^<]+)</a>', summary_of(content))
    assert links == [
        ("id_contact_email", "Contact e-mail: Enter a valid email address."),
        ("id_lessons", "Lessons learned: This field is required."),
    ]
    assert 'value="Floods, March 2024"' in content
    assert not ExperienceSubmission.objects.exists()


def test_the_rate_limit_message_is_in_the_summary(client):
    request = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1")  # the test client's address
    cache.set(_rate_key(request), EXPERIENCES_PER_HOUR)
    response = client.post(call_page("en").url, {"website": ""})
    assert response.status_code == 429
    assert "Too many experiences" in summary_of(response.content.decode())
