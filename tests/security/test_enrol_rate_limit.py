"""Self-enrolment is limited per address and per cohort (surveys/throttle.py)."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from surveys import throttle
from surveys.models import Cohort, CohortPhase, Instrument, Participant

pytestmark = pytest.mark.django_db

FORM = {
    "consent": "on",
    "country": "MA",
    "office_type": "national_ip_office",
    "stakeholder_group": "ip-offices",
    "sex": "female",
    "language": "en",
}


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def limits(settings):
    settings.SURVEYS_ENROL_PER_ADDRESS_HOUR = 2
    settings.SURVEYS_ENROL_PER_COHORT_HOUR = 3
    return settings


@pytest.fixture
def open_cohort(demo_site) -> Cohort:
    now = timezone.now()
    cohort = Cohort.objects.create(
        name="Rabat workshop",
        slug="rabat-throttle",
        starts_on=datetime.date(2026, 5, 4),
        ends_on=datetime.date(2026, 5, 6),
        self_enrolment=True,
    )
    CohortPhase.objects.create(
        cohort=cohort,
        phase="pre",
        instrument=Instrument.objects.filter(kind="competence").first(),
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=1),
    )
    return cohort


def enrol(cohort: Cohort, email: str, address: str = "192.0.2.1"):
    url = reverse("surveys:enrol", kwargs={"key": cohort.enrolment_key})
    return Client().post(url, {**FORM, "email": email}, REMOTE_ADDR=address)


def test_counting_without_http(limits):
    assert throttle.enrolment_allowed("192.0.2.1", 1)
    throttle.count_enrolment("192.0.2.1", 1)
    throttle.count_enrolment("192.0.2.1", 1)
    assert not throttle.enrolment_allowed("192.0.2.1", 1)  # the address had its two
    assert not throttle.enrolment_allowed("192.0.2.1", 2)  # in any cohort
    assert throttle.enrolment_allowed("192.0.2.2", 1)  # cohort 1 has one left
    throttle.count_enrolment("192.0.2.2", 1)
    assert not throttle.enrolment_allowed("192.0.2.3", 1)  # the cohort had its three
    assert throttle.enrolment_allowed("192.0.2.3", 2)


def test_no_address_is_stored_in_clear(limits):
    throttle.count_enrolment("192.0.2.44", 7)
    keys = list(cache._cache.keys())  # locmem
    assert keys and not any("192.0.2.44" in key for key in keys)


def test_one_address_is_refused_after_its_share_with_the_form_kept(limits, open_cohort):
    assert enrol(open_cohort, "a@example.org").status_code == 303
    assert enrol(open_cohort, "b@example.org").status_code == 303
    refused = enrol(open_cohort, "c@example.org")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Too many enrolments" in page
    assert 'value="c@example.org"' in page
    assert not Participant.objects.filter(cohort=open_cohort, email="c@example.org").exists()
    assert enrol(open_cohort, "c@example.org", address="192.0.2.99").status_code == 303


def test_a_cohort_is_refused_after_its_share(limits, open_cohort):
    for number in range(3):
        response = enrol(open_cohort, f"p{number}@example.org", address=f"192.0.2.{10 + number}")
        assert response.status_code == 303
    refused = enrol(open_cohort, "late@example.org", address="192.0.2.50")
    assert refused.status_code == 429
    assert Participant.objects.filter(cohort=open_cohort).count() == 3
