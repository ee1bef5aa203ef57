"""Erasure keeps every indicator: erasing the demo's participants (names, e-mails,
functions, open comments) leaves all nine results exactly as they were."""

import pytest
from survey.models import Answer

from evaluation.registry import compute_indicators
from surveys.erasure import ERASED, erase_participant
from surveys.models import ErasureRecord, Participant, Submission

pytestmark = pytest.mark.django_db


def results() -> list[dict]:
    return [result.as_dict() for _indicator, result in compute_indicators()]


def test_erasing_every_demo_participant_changes_no_indicator():
    answered = Submission.objects.filter(submitted_at__isnull=False)
    assert answered.exists()
    before = results()
    people = list(Participant.objects.filter(submissions__in=answered).distinct())
    for person in people:
        erase_participant(person)
    assert ErasureRecord.objects.count() == len(people)
    assert not Participant.objects.filter(erased_at__isnull=True, submissions__in=answered)
    assert Answer.objects.filter(body=ERASED).exists()  # open comments were there, and went
    assert results() == before
