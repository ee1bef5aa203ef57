"""The self-enrolment form after a failed post: a focused summary linking each field in
error, inputs described by help and error texts that exist, and no over-long e-mail crash."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from surveys.forms import SelfEnrolmentForm
from surveys.models import Participant

pytestmark = pytest.mark.django_db

REQUIRED = ["consent", "country", "office_type", "stakeholder_group", "sex", "language"]


def enrol_url(cohort, lang: str) -> str:
    with translation.override(lang):
        return reverse("surveys:enrol", kwargs={"key": cohort.enrolment_key})


def summary_of(content: str) -> str:
    match = re.search(r'<div class="[^"]*survey-error-summary[^"]*".*?</div>', content, re.S)
    assert match, "no error summary"
    return match.group(0)


def tag_of(content: str, element_id: str) -> str:
    return re.search(rf'<(?:input|select)[^>]*\bid="{element_id}"[^>]*>', content).group(0)


def described_by(content: str, element_id: str) -> list[str]:
    found = re.search(r'aria-describedby="([^"]+)"', tag_of(content, element_id))
    return found.group(1).split() if found else []


def test_help_texts_are_tied_to_their_inputs(client, cohort):
    content = client.get(enrol_url(cohort, "en")).content.decode()
    ids = set(re.findall(r'\bid="([^"]+)"', content))
    for name in ("sex", "email"):
        assert described_by(content, f"id_{name}") == [f"id_{name}_helptext"]
        assert f"id_{name}_helptext" in ids
    assert "survey-error-summary" not in content
    assert re.search(r"<form[^>]*\snovalidate[\s>]", content)


@pytest.mark.parametrize("lang", ["ar", "zh-hans"])
def test_an_empty_post_gets_a_focused_summary_in_the_pages_language(client, cohort, lang):
    content = client.post(enrol_url(cohort, lang), {"language": "", "website": ""})
    content = content.content.decode()
    summary = summary_of(content)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert re.search(r"\sautofocus[\s>]", summary) and "<h2" in summary
    links = re.findall(r'<a href="#(id_[a-z_]+)">([^<]+)</a>', summary)
    assert [target for target, _text in links] == [f"id_{name}" for name in REQUIRED]
    with translation.override(lang):
        required = translation.gettext("This field is required.")
        tick = translation.gettext("Please tick the box to agree, or close this page.")
    assert required != "This field is required."
    assert links[0][1] == tick
    assert all(text.endswith(required) for _target, text in links[1:])
    assert "This field is required." not in content


def test_inputs_in_error_are_invalid_and_described_by_existing_ids(client, cohort):
    content = client.post(enrol_url(cohort, "fr"), {"sex": "", "website": ""}).content.decode()
    ids = set(re.findall(r'\bid="([^"]+)"', content))
    for name in REQUIRED:
        assert 'aria-invalid="true"' in tag_of(content, f"id_{name}")
        assert f"id_{name}_error" in described_by(content, f"id_{name}")
        assert all(target in ids for target in described_by(content, f"id_{name}"))
    assert described_by(content, "id_sex") == ["id_sex_helptext", "id_sex_error"]
    assert "aria-invalid" not in tag_of(content, "id_email")


def test_an_over_long_email_is_refused_by_the_form_not_the_database(client, cohort):
    email = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".org"  # 309 characters, well formed
    assert 254 < len(email) <= 320
    with translation.override("en"):
        form = SelfEnrolmentForm({"email": email})
        assert not form.is_valid()
        assert form.errors["email"] == [
            f"This e-mail address is too long: at most 254 characters (it has {len(email)})."
        ]
    response = client.post(
        enrol_url(cohort, "en"),
        {
            "consent": "on",
            "country": "MA",
            "office_type": "national_ip_office",
            "stakeholder_group": "ip-offices",
            "sex": "female",
            "language": "en",
            "email": email,
        },
    )
    assert response.status_code == 400
    links = re.findall(r'<a href="#(id_[a-z_]+)">', summary_of(response.content.decode()))
    assert links == ["id_email"]
    assert not Participant.objects.filter(cohort=cohort).exists()


def test_the_email_limit_is_the_models():
    assert SelfEnrolmentForm().fields["email"].max_length == (
        Participant._meta.get_field("email").max_length
    )
