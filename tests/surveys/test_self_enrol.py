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
    html = response.content.decode()
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
    assert response.status_code == 200
    assert not Participant.objects.filter(cohort=cohort).exists()
