"""Control characters and undecodable bodies: a 400 for URLs and bodies, a message next to the
field for what people type, and never a 500 (PostgreSQL cannot store NUL)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from config.input_guard import reject_control_characters
from surveys import validators as plugin_validators
from surveys.forms import SelfEnrolmentForm
from surveys.models import Participant

from ..surveys.conftest import cohort, instrument, participant  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

ENROLMENT = {
    "consent": "on",
    "country": "MA",
    "office_type": "national_ip_office",
    "stakeholder_group": "ip-offices",
    "sex": "female",
    "language": "fr",
}


@pytest.fixture
def quiet_client() -> Client:
    """Server errors come back as responses, so a 500 is a status the test can assert on."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "check", [reject_control_characters, plugin_validators.reject_control_characters]
)
def test_text_keeps_tabs_and_line_breaks_and_refuses_other_controls(check):
    check("Line one\r\n\tLine two — ✓ عربى")
    for bad in ("a\x00b", "\x01=3+3", "bell\x07", "del\x7f", "\x1b[31m"):
        with pytest.raises(ValidationError):
            check(bad)


@pytest.mark.parametrize(
    "url",
    [
        "/en/survey/%00/",
        "/en/survey/enrol/%00/",
        "/en/survey/enrol/abc%01def/",
        "/en/%0d%0aSet-Cookie:x=1/",
        "/en/search/?q=a%00b",
        "/en/search/?q=%1b",
        "/en/?x=%7f",
    ],
)
def test_control_characters_in_paths_and_query_strings_get_a_400(quiet_client, url):
    assert quiet_client.get(url).status_code == 400


def test_ordinary_urls_pass(quiet_client):
    assert quiet_client.get("/en/search/?q=caf%C3%A9+%E2%9C%93").status_code == 200


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded; charset=utf-16", "name=Awa".encode("utf-16")),
        ("application/x-www-form-urlencoded; charset=utf-16", b"name=Awa&x=%00%d8"),
        ("application/x-www-form-urlencoded; charset=nonsense", b"name=Awa"),
        ("application/x-www-form-urlencoded; charset=", b"name=Awa"),
        ("application/x-www-form-urlencoded", b"name=%ff%fe"),
        ("application/x-www-form-urlencoded", b"name=\xc3\x28"),
        ("multipart/form-data; boundary=x; charset=utf-32", b"--x--"),
        ("multipart/form-data; charset=bogus; boundary=x", b"--x--"),
        ("text/plain; charset=no-such-codec", b"hello"),
    ],
)
def test_bodies_in_a_charset_that_cannot_be_read_get_a_400(quiet_client, content_type, body):
    url = reverse("surveys:enrol", kwargs={"key": "anything"})
    assert quiet_client.generic("POST", url, body, content_type=content_type).status_code == 400


def test_a_body_in_its_declared_utf8_is_read_and_latin1_refused(quiet_client, cohort):  # noqa: F811
    url = reverse("surveys:enrol", kwargs={"key": cohort.enrolment_key})
    body = "&".join(f"{key}={value}" for key, value in ENROLMENT.items()) + "&name=Jos%C3%A9"
    latin = "application/x-www-form-urlencoded; charset=latin-1"
    assert quiet_client.generic("POST", url, body.encode(), content_type=latin).status_code == 400
    assert not Participant.objects.filter(cohort=cohort).exists()
    utf8 = "application/x-www-form-urlencoded; charset=UTF-8"
    response = quiet_client.generic("POST", url, body.encode(), content_type=utf8)
    assert response.status_code == 303
    assert Participant.objects.get(cohort=cohort).name == "José"


def test_a_session_cookie_with_nul_is_ignored_not_looked_up(quiet_client):
    quiet_client.cookies["sessionid"] = "abc\x00def"
    assert quiet_client.get("/en/search/").status_code == 200


def test_the_enrolment_form_says_which_field_holds_control_characters(client, cohort):  # noqa: F811
    url = reverse("surveys:enrol", kwargs={"key": cohort.enrolment_key})
    response = client.post(url, {**ENROLMENT, "name": "Awa\x00", "function": "Exam\x01iner"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_name_error"' in html or 'id="id_name-error"' in html
    assert html.count("control characters") >= 2  # by each field (and in a summary)
    assert not Participant.objects.filter(cohort=cohort).exists()


def test_control_character_message_is_in_the_users_language():
    with override("fr"):
        form = SelfEnrolmentForm({**ENROLMENT, "consent": "on", "name": "a\x00"})
        assert not form.is_valid()
        message = str(form.errors["name"][0])
    assert message  # the English text until the catalogues are filled; never a 500
    assert "name" in form.errors


@pytest.mark.parametrize("length", [255, 300, 320])
def test_an_overlong_enrolment_email_gets_a_message_not_a_500(quiet_client, cohort, length):  # noqa: F811
    url = reverse("surveys:enrol", kwargs={"key": cohort.enrolment_key})
    email = "a" * 64 + "@" + ("b" * 60 + ".") * 4
    email = email[: length - 4] + ".org"
    response = quiet_client.post(url, {**ENROLMENT, "email": email})
    assert response.status_code == 400
    assert "too long" in response.content.decode()
    assert not Participant.objects.filter(cohort=cohort).exists()


def test_a_nul_in_a_feedback_answer_is_refused_and_the_saved_answer_kept(client, participant):  # noqa: F811
    with override("en"):
        url = reverse(
            "surveys:screen", kwargs={"token": participant.token, "phase": "pre", "number": 2}
        )
    assert client.post(url, {"c1": "3", "c2": "Drills", "action": "leave"}).status_code == 302
    response = client.post(url, {"c1": "4", "c2": "a\x00b"})
    assert response.status_code == 200
    assert "control characters" in response.content.decode()
    from surveys import answering
    from surveys.models import Submission

    submission = Submission.objects.get(participant=participant, phase="pre")
    stored = answering.stored_answers(
        submission, participant.cohort.phases.get(phase="pre").instrument
    )
    assert stored["c2"] == "Drills"  # kept
    assert stored["c1"] == "4"  # the valid answer beside it is saved
