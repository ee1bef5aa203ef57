"""Self-enrolment through the cohort's public link: consent, a few fields, a personal link."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import override

from surveys.models import Participant

pytestmark = pytest.mark.django_db

VALID = {
    "consent": "on",
    "country": "MA",
    "office_type": "national_ip_office",
    "stakeholder_group": "ip-offices",
    "sex": "female",
    "language": "ar",
    "email": "amal@example.org",
}


def enrol_url(cohort, lang="ar"):
    with override(lang):
        return reverse("surveys:enrol", kwargs={"key": cohort.enrolment_key})


def test_an_attendee_enrols_and_gets_a_personal_link_on_screen_and_by_mail(client, cohort):
    form = client.get(enrol_url(cohort))
    assert form.status_code == 200 and '<html lang="ar" dir="rtl">' in form.content.decode()
    response = client.post(enrol_url(cohort), VALID)
    participant = Participant.objects.get(cohort=cohort)
    assert participant.enrolled_via == "self" and participant.consented_at is not None
    assert participant.language == "ar" and participant.email == "amal@example.org"
    # Post/redirect/get: the browser lands on the personal link itself, which it can bookmark.
    assert response.status_code == 303
    assert response["Location"] == f"http://testserver/ar/survey/{participant.token}/?enrolled=1"
    html = client.get(response["Location"]).content.decode()
    assert "Bookmark this page" not in html  # in Arabic
    assert f"/ar/survey/{participant.token}/" in html and "<svg" in html
    assert len(participant.token) >= 43  # 256 random bits, URL-safe
    assert len(mail.outbox) == 1 and participant.token in mail.outbox[0].body
    # The link opens the participant's questionnaires.
    assert client.get(f"/ar/survey/{participant.token}/").status_code == 200


def test_missing_consent_and_fields_are_reported_and_nothing_is_saved(client, cohort):
    response = client.post(enrol_url(cohort, "fr"), {**VALID, "consent": "", "country": "XX"})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('class="survey-error"') == 2
    assert 'value="amal@example.org"' in html  # what was typed is kept
    assert not Participant.objects.filter(cohort=cohort).exists()


def test_closed_or_unknown_enrolment_links_say_so(client, cohort):
    assert client.get(reverse("surveys:enrol", kwargs={"key": "nope"})).status_code == 404
    cohort.self_enrolment = False
    cohort.save()
    response = client.get(enrol_url(cohort, "en"))
    assert response.status_code == 404 and "Enrolment is closed" in response.content.decode()


def test_bots_filling_the_hidden_field_are_not_enrolled(client, cohort):
    response = client.post(enrol_url(cohort, "en"), {**VALID, "website": "http://spam"})
    assert response.status_code == 303
    assert client.get(response["Location"]).status_code == 200
    assert not Participant.objects.filter(cohort=cohort).exists()
    assert not mail.outbox


def test_sending_the_form_again_from_the_same_browser_keeps_one_participant(client, cohort):
    first = client.post(enrol_url(cohort, "en"), VALID)
    again = client.post(enrol_url(cohort, "en"), VALID)  # a reload that re-posts, a double tap
    participant = Participant.objects.get(cohort=cohort)
    assert again.status_code == 303 and again["Location"] == first["Location"]
    assert participant.token in again["Location"]
    # The same e-mail with a corrected field is still the same person.
    corrected = client.post(enrol_url(cohort, "en"), {**VALID, "sex": "male"})
    assert corrected["Location"] == first["Location"]
    assert Participant.objects.filter(cohort=cohort).count() == 1
    assert len(mail.outbox) == 1


def test_another_person_at_the_same_kiosk_gets_their_own_link(client, cohort):
    client.post(enrol_url(cohort, "en"), VALID)
    other = client.post(
        enrol_url(cohort, "en"), {**VALID, "email": "", "sex": "male", "country": "SN"}
    )
    assert Participant.objects.filter(cohort=cohort).count() == 2
    assert Participant.objects.get(cohort=cohort, country="SN").token in other["Location"]


def test_an_email_already_enrolled_gets_its_link_by_mail_and_never_on_screen(client, cohort):
    client.post(enrol_url(cohort, "en"), VALID)
    participant = Participant.objects.get(cohort=cohort)
    mail.outbox.clear()
    stranger = client.__class__()  # another browser, typing the same address
    response = stranger.post(enrol_url(cohort, "en"), {**VALID, "email": "AMAL@example.org"})
    assert Participant.objects.filter(cohort=cohort).count() == 1
    assert response.status_code == 303 and participant.token not in response["Location"]
    page = stranger.get(response["Location"])
    assert page.status_code == 200 and participant.token not in page.content.decode()
    assert "sent to the e-mail address you gave" in page.content.decode()
    assert len(mail.outbox) == 1 and participant.token in mail.outbox[0].body
    assert mail.outbox[0].to == ["amal@example.org"]
