"""generate_cohort: synthetic cohorts of any size, planned like the demo, cleaned by the same
screen validation as a participant's answers and stored in the same rows, in bulk."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from survey.models import Answer

from surveys.answering import instrument_in, screens, validate_screen
from surveys.models import Cohort, Submission

pytestmark = pytest.mark.django_db


def generate(participants: int, seed: int) -> Cohort:
    out = StringIO()
    call_command("generate_cohort", participants=participants, seed=seed, stdout=out)
    assert "participants" in out.getvalue()
    return Cohort.objects.filter(slug__startswith=f"synthetic-{seed}-").latest("pk")


def answers_of(cohort: Cohort) -> list[tuple]:
    return sorted(
        Answer.objects.filter(response__submission__participant__cohort=cohort).values_list(
            "response__submission__phase", "question_id", "body"
        )
    )


def test_a_cohort_of_people_with_answers_the_survey_itself_would_accept(
    django_assert_max_num_queries,
):
    # Bulk: a few inserts per thousand participants, not a request per screen (measured: 187,
    # most of them reading the three instruments once in each of the six languages).
    with django_assert_max_num_queries(200):
        cohort = generate(200, seed=5)
    assert cohort.participants.count() == 201  # and one person enrolled twice
    assert {p.phase for p in cohort.phases.all()} == {"pre", "post", "feedback", "follow_up"}
    submitted = Submission.objects.filter(participant__cohort=cohort, submitted_at__isnull=False)
    assert submitted.count() > 450
    assert Submission.objects.filter(participant__cohort=cohort, submitted_at=None).exists()
    for submission in submitted.select_related("participant__cohort")[:40]:
        window = cohort.phases.get(phase=submission.phase)
        assert window.opens_at <= submission.started_at < submission.submitted_at
        # Every stored answer passes the screens' own validation again.
        instrument = instrument_in(window.instrument, submission.language)
        stored = {
            item.code: body
            for item in instrument.items.all()
            for question_id, body in Answer.objects.filter(
                response=submission.response
            ).values_list("question_id", "body")
            if question_id == item.question_id
        }
        for screen in screens(instrument):
            _answers, errors = validate_screen(screen, stored, instrument)
            assert not errors, (submission, errors)


def test_the_same_seed_makes_the_same_answers():
    first, second = generate(60, seed=9), generate(60, seed=9)
    assert first.slug != second.slug
    assert answers_of(first) == answers_of(second)
    assert answers_of(first) != answers_of(generate(60, seed=10))


@pytest.mark.parametrize("participants", ["0", "-3", "ten", "13"])
def test_a_size_it_cannot_plan_is_refused(participants):
    with pytest.raises(CommandError):
        call_command("generate_cohort", "--participants", participants, stdout=StringIO())
    assert not Cohort.objects.filter(slug__startswith="synthetic-").exists()
