"""How many queries saving a screen and submitting cost, whatever the number of items, and
that the leaner submit keeps its promises (once only, nothing changes when incomplete).

Tests run inside a transaction, so each transaction.atomic() of the services shows up here as
a SAVEPOINT and its RELEASE; the limits count the SQL statements without them."""

import pytest
from survey.models import Answer

from surveys import answering
from surveys.models import Submission

from .helpers import url

pytestmark = pytest.mark.django_db

CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK", "BEGIN", "COMMIT")


def statements(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(CONTROL)]


def test_first_save_and_submit_take_eight_statements(
    participant, instrument, django_assert_max_num_queries
):
    # What the view's Context has loaded before it calls the services.
    translated = answering.instrument_in(instrument, "en")
    every_item = answering.Screen(1, "All", "", list(translated.items.all()))
    data = {"r1": "2", "r2": "3", "c1": "4", "c2": "More practice."}
    with django_assert_max_num_queries(8 + 2 * 3) as captured:  # three savepoints here
        submission = answering.start(participant, "pre", instrument, "en")
        answers, errors = answering.validate_screen(every_item, data, translated)
        answering.save_answers(submission, every_item.items, answers, screen=1)
        assert answering.submit(submission, translated)
    assert not errors
    assert len(statements(captured)) <= 8
    stored = Submission.objects.get(pk=submission.pk)
    assert stored.submitted_at == submission.submitted_at is not None
    assert Answer.objects.filter(response_id=stored.response_id).count() == 4


def test_the_last_screen_and_the_review_posts_stay_within_their_queries(
    client, participant, django_assert_max_num_queries
):
    client.post(url("screen", participant, "en", phase="pre", number=1), {"r1": "1", "r2": "2"})
    with django_assert_max_num_queries(6 + 4 + 2) as last_screen:  # Context, save, savepoint
        response = client.post(url("screen", participant, "en", phase="pre", number=2), {"c1": "3"})
    assert response.status_code == 302 and response.url.endswith("/pre/review/")
    with django_assert_max_num_queries(6 + 2 + 2) as review:  # Context, submit, savepoint
        response = client.post(url("review", participant, "en", phase="pre"))
    assert response.status_code == 302 and response.url.endswith("/pre/done/")
    assert len(statements(last_screen)) <= 10 and len(statements(review)) <= 8
    assert Submission.objects.get(participant=participant, phase="pre").is_submitted


def test_a_second_submit_changes_nothing_and_says_so(participant, instrument):
    translated = answering.instrument_in(instrument, "en")
    submission = answering.start(participant, "pre", instrument, "en")
    answering.save_answers(
        submission, list(translated.items.all()), {"r1": "1", "r2": "2", "c1": "3"}
    )
    assert answering.submit(submission, translated)
    first = Submission.objects.get(pk=submission.pk).submitted_at

    again = Submission.objects.get(pk=submission.pk)  # a resend: another request's copy
    assert answering.submit(again, translated) is False
    assert again.submitted_at == first == Submission.objects.get(pk=submission.pk).submitted_at


def test_an_incomplete_submit_leaves_the_draft_unsubmitted(participant, instrument):
    translated = answering.instrument_in(instrument, "en")
    submission = answering.start(participant, "pre", instrument, "en")
    answering.save_answers(submission, list(translated.items.all()), {"r1": "1"})
    with pytest.raises(answering.IncompleteSubmission) as raised:
        answering.submit(submission, translated)
    assert {item.code for item in raised.value.missing} == {"r2", "c1"}
    assert submission.submitted_at is None
    assert Submission.objects.get(pk=submission.pk).submitted_at is None


def test_starting_again_finds_the_same_submission(participant, instrument):
    first = answering.start(participant, "pre", instrument, "en")
    again = answering.start(participant, "pre", instrument, "en")
    assert again.pk == first.pk
    assert Submission.objects.filter(participant=participant, phase="pre").count() == 1


def test_a_review_post_with_nothing_saved_sends_nothing(client, participant, instrument):
    # A draft whose only screen save left every item empty (all optional here).
    instrument.items.update(required=False)
    translated = answering.instrument_in(instrument, "en")
    submission = answering.start(participant, "pre", instrument, "en")
    answering.save_answers(submission, list(translated.items.all()), {}, screen=1)
    response = client.post(url("review", participant, "en", phase="pre"))
    assert response.status_code == 400
    assert Submission.objects.get(pk=submission.pk).submitted_at is None
    with pytest.raises(answering.NothingSaved):
        answering.submit(submission, translated, require_answer=True)
    assert answering.submit(submission, translated)  # without the option, as paper entry does
