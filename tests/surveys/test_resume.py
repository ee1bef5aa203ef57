"""Where a participant resumes, and what the review page tells before sending, for an
instrument whose items are all optional (the demo's self-ratings are)."""

import pytest

from surveys import answering
from surveys.models import Item, Submission

from .helpers import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def optional(participant):
    Item.objects.update(required=False)
    return participant


def start(client, participant) -> str:
    response = client.get(url("start", participant, phase="pre"))
    assert response.status_code == 302
    return response.url


def test_start_opens_part_1_then_resumes_after_the_last_saved_part(client, optional):
    assert start(client, optional).endswith("/pre/1/")
    # Part 1 saved with nothing chosen: it was seen, so the participant goes on to Part 2.
    saved = client.post(url("screen", optional, phase="pre", number=1), {"action": "next"})
    assert saved.url.endswith("/pre/2/")
    assert start(client, optional).endswith("/pre/2/")
    client.post(url("screen", optional, phase="pre", number=2), {"c1": "4", "action": "leave"})
    assert start(client, optional).endswith("/pre/review/")
    assert Submission.objects.get(participant=optional).saved_screens == [1, 2]


def test_a_screen_left_with_an_error_is_where_the_participant_comes_back(client, participant):
    client.post(
        url("screen", participant, phase="pre", number=1), {"r1": "2", "r2": "1", "action": "next"}
    )
    # "9" is not on the scale: the screen is kept with its error, not counted as saved.
    client.post(url("screen", participant, phase="pre", number=2), {"c1": "9", "action": "leave"})
    assert start(client, participant).endswith("/pre/2/")


def test_drafts_begun_before_screens_were_recorded_resume_after_their_answers(client, participant):
    client.post(
        url("screen", participant, phase="pre", number=1), {"r1": "2", "r2": "3", "action": "next"}
    )
    Submission.objects.update(saved_screens=[])
    assert start(client, participant).endswith("/pre/2/")


def test_review_lists_unanswered_items_with_links_and_says_when_it_would_not_count(
    client, optional
):
    client.post(url("screen", optional, phase="pre", number=1), {"r1": "2", "action": "next"})
    client.post(url("screen", optional, phase="pre", number=2), {"action": "next"})
    html = client.get(url("review", optional, phase="pre")).content.decode()
    screen_1 = url("screen", optional, phase="pre", number=1)
    screen_2 = url("screen", optional, phase="pre", number=2)
    assert f'href="{screen_1}#item-r2"' in html
    assert f'href="{screen_2}#item-c1"' in html and f'href="{screen_2}#item-c2"' in html
    assert f'href="{screen_1}#item-r1"' not in html  # answered
    # 1 of 3 statements rated; 80 % of 3 needs 3.
    assert 'id="would-not-count"' in html


def test_enough_ratings_count_and_the_threshold_is_the_evaluators(client, optional):
    from evaluation.models import EvaluationSettings

    client.post(
        url("screen", optional, phase="pre", number=1), {"r1": "2", "r2": "3", "action": "next"}
    )
    client.post(url("screen", optional, phase="pre", number=2), {"action": "next"})
    review = url("review", optional, phase="pre")
    assert 'id="would-not-count"' in client.get(review).content.decode()  # 2 of 3 < 80 %
    settings = EvaluationSettings.load()
    settings.validity = "0.60"
    settings.save()
    assert answering.validity_share() == pytest.approx(0.6)
    assert 'id="would-not-count"' not in client.get(review).content.decode()


def test_sending_with_nothing_saved_says_so_and_sends_nothing(client, optional):
    nothing = client.post(url("review", optional, phase="pre"))
    assert nothing.status_code == 400
    assert 'id="errors"' in nothing.content.decode()
    # Saved screens, but every item left empty: still nothing to send.
    client.post(url("screen", optional, phase="pre", number=1), {"action": "next"})
    empty = client.post(url("review", optional, phase="pre"))
    assert empty.status_code == 400
    assert not Submission.objects.get(participant=optional).is_submitted
    # One answer is enough to send an assessment whose items are all optional.
    client.post(url("screen", optional, phase="pre", number=2), {"c1": "3", "action": "next"})
    sent = client.post(url("review", optional, phase="pre"))
    assert sent.status_code == 302 and sent.url.endswith("/pre/done/")


def test_completeness_counts_only_self_ratings():
    items = [
        Item(code="a", kind="rating"),
        Item(code="b", kind="rating"),
        Item(code="k", kind="knowledge"),
        Item(code="t", kind="text"),
    ]
    screens = [answering.Screen(1, "One", "", items[:2]), answering.Screen(2, "Two", "", items[2:])]
    check = answering.completeness(screens, {"a": "4", "k": "2"}, validity=0.5)
    assert (check.rating_items, check.ratings_answered, check.ratings_needed) == (2, 1, 1)
    assert check.counts
    assert [item.code for item in check.unanswered[1]] == ["b"]
    assert [item.code for item in check.unanswered[2]] == ["t"]
    assert not answering.completeness(screens, {"k": "2"}, validity=0.5).counts
