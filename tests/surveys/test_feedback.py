"""Workshop feedback through the personal link: the usefulness item with "can't judge",
other reactions and optional comments, in Spanish."""

import datetime

import pytest
from django.utils import timezone
from survey.models import Answer
from wagtail.models import Locale

from surveys.models import CohortPhase, Instrument, Participant, Submission

from .helpers import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def attendee(cohort):
    feedback = Instrument.objects.get(code="feedback", locale=Locale.get_default())
    now = timezone.now()
    CohortPhase.objects.create(
        cohort=cohort,
        phase="feedback",
        instrument=feedback,
        opens_at=now - datetime.timedelta(hours=2),
        closes_at=now + datetime.timedelta(days=2),
    )
    return Participant.objects.create(
        cohort=cohort,
        code="GVA-FB1",
        country="AR",
        sex="male",
        office_type="national_ip_office",
        stakeholder_group="ip-offices",
        language="es",
    )


def test_feedback_in_spanish_with_cant_judge_and_a_comment(client, attendee):
    screen_1 = url("screen", attendee, "es", phase="feedback", number=1)
    page = client.get(screen_1).content.decode()
    assert '<html lang="es" dir="ltr">' in page
    assert 'name="usefulness" value="9"' in page  # "can't judge" is offered, coded 9
    client.post(
        screen_1,
        {"usefulness": "9", "relevance": "4", "organisation": "5", "application": "4"},
    )
    # Comments are optional: an empty screen goes on to the review.
    screen_2 = url("screen", attendee, "es", phase="feedback", number=2)
    response = client.post(screen_2, {"most-useful": "Los casos prácticos.", "suggestions": ""})
    assert response.url.endswith("/feedback/review/")
    assert client.post(url("review", attendee, "es", phase="feedback")).status_code == 302

    submission = Submission.objects.get(participant=attendee, phase="feedback")
    assert submission.is_submitted and submission.language == "es"
    bodies = set(Answer.objects.filter(response=submission.response).values_list("body", flat=True))
    assert bodies == {"9", "4", "5", "Los casos prácticos."}


def test_a_usefulness_answer_outside_the_scale_is_refused(client, attendee):
    screen_1 = url("screen", attendee, "en", phase="feedback", number=1)
    response = client.post(
        screen_1, {"usefulness": "6", "relevance": "4", "organisation": "5", "application": "4"}
    )
    assert 'id="error-usefulness"' in response.content.decode()
    submission = Submission.objects.get(participant=attendee, phase="feedback")
    stored = Answer.objects.filter(response=submission.response).values_list("body", flat=True)
    assert sorted(stored) == ["4", "4", "5"]  # the other answers are kept
