"""Taking an assessment through the real HTTP paths: personal link, screens, resume,
validation, review, submit once, closed phases, languages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from survey.models import Answer, Response

from surveys.models import CohortPhase, Item, Submission
from surveys.storage import sync_storage

from .helpers import url

pytestmark = pytest.mark.django_db


def test_pre_in_french_with_leaving_midway_and_resuming(client, participant):
    start = client.get(url("start", participant, phase="pre"))
    assert start.status_code == 302 and start.url.endswith("/pre/1/")
    first = client.get(start.url)
    html = first.content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "FR I assess risks." in html
    with override("fr"):  # the interface in French too
        progress = gettext("Part %(number)s of %(total)s") % {"number": 1, "total": 2}
    assert progress != "Part 1 of 2" and progress in html
    assert not Submission.objects.filter(participant=participant).exists()  # GET writes nothing

    # Answer the first screen, then leave from the second with one answer given.
    client.post(start.url, {"r1": "3", "r2": "4", "action": "next"})
    left = client.post(
        url("screen", participant, phase="pre", number=2), {"c1": "5", "action": "leave"}
    )
    assert left.status_code == 302 and "saved=1" in left.url

    # Coming back with the same link resumes where required answers stop: nothing lost.
    resume = client.get(url("start", participant, phase="pre"))
    assert resume.url.endswith("/pre/review/")
    back = client.get(url("screen", participant, phase="pre", number=1)).content.decode()
    assert 'value="3" checked' in back and 'value="4" checked' in back

    done = client.post(url("review", participant, phase="pre"))
    assert done.status_code == 302 and done.url.endswith("/pre/done/")
    submission = Submission.objects.get(participant=participant, phase="pre")
    assert submission.is_submitted and submission.language == "fr"
    stored = dict(
        Answer.objects.filter(response=submission.response).values_list("question__text", "body")
    )
    assert stored == {"I assess risks.": "3", "I plan mitigation.": "4", "I inform users.": "5"}


def test_invalid_answers_are_shown_next_to_the_item_and_the_others_are_kept(client, participant):
    response = client.post(
        url("screen", participant, phase="pre", number=1), {"r1": "7", "r2": "2", "action": "next"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    with override("fr"):
        message = gettext("Choose one of the options.")
    assert 'id="error-r1"' in html and message in html
    assert 'value="2" checked' in html  # the valid answer is still there
    submission = Submission.objects.get(participant=participant)
    assert list(
        Answer.objects.filter(response=submission.response).values_list("body", flat=True)
    ) == ["2"]


def test_submitting_twice_keeps_one_response(client, participant):
    client.post(url("screen", participant, phase="pre", number=1), {"r1": "1", "r2": "2"})
    client.post(url("screen", participant, phase="pre", number=2), {"c1": "3"})
    for _attempt in range(3):  # double click, resend, back button
        response = client.post(url("review", participant, phase="pre"))
        assert response.status_code == 302 and response.url.endswith("/pre/done/")
    assert Submission.objects.filter(participant=participant, phase="pre").count() == 1
    assert Response.objects.filter(submission__participant=participant).count() == 1
    # After submission the screens only lead to the confirmation; answers cannot change.
    client.post(url("screen", participant, phase="pre", number=1), {"r1": "5", "r2": "5"})
    mine = Answer.objects.filter(response__submission__participant=participant)
    assert set(mine.values_list("body", flat=True)) == {"1", "2", "3"}


def test_review_refuses_to_send_with_required_answers_missing(client, participant):
    client.post(url("screen", participant, phase="pre", number=1), {"r1": "1", "r2": "2"})
    response = client.post(url("review", participant, phase="pre"))
    assert response.status_code == 400
    assert not Submission.objects.get(participant=participant).is_submitted


def test_post_in_arabic_shows_the_participants_own_change(client, participant):
    for phase, ratings in [("pre", ("2", "2", "3")), ("post", ("4", "3", "5"))]:
        client.post(
            url("screen", participant, "ar", phase=phase, number=1),
            {"r1": ratings[0], "r2": ratings[1]},
        )
        client.post(url("screen", participant, "ar", phase=phase, number=2), {"c1": ratings[2]})
        client.post(url("review", participant, "ar", phase=phase))
    html = client.get(url("done", participant, "ar", phase="post")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "AR Risk" in html and "<svg" in html and 'role="img"' in html
    # Risk: 2.0 → 3.5; Communication: 3 → 5, in the table that accompanies the chart.
    assert "+1.5" in html.replace("+1٫5", "+1.5") or "+1,5" in html
    assert Submission.objects.get(participant=participant, phase="post").language == "ar"


def test_unknown_and_revoked_links_get_a_clear_page(client, participant):
    unknown = client.get(reverse("surveys:home", kwargs={"token": "not-a-token"}))
    assert unknown.status_code == 404
    assert "This link does not work" in unknown.content.decode()
    participant.revoke()
    revoked = client.get(url("start", participant, "en", phase="pre"))
    assert revoked.status_code == 410
    assert "no longer valid" in revoked.content.decode()
    assert client.get(url("start", participant, "en", phase="nonsense")).status_code in (404, 410)


def test_a_closed_phase_says_when_it_closed_and_accepts_nothing(client, participant, cohort):
    CohortPhase.objects.filter(cohort=cohort, phase="pre").update(
        closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    response = client.post(
        url("screen", participant, "en", phase="pre", number=1), {"r1": "3", "r2": "3"}
    )
    assert "closed on" in response.content.decode()
    assert not Submission.objects.filter(participant=participant).exists()
    # An evaluator reopens it: the link works again.
    CohortPhase.objects.filter(cohort=cohort, phase="pre").update(
        closes_at=timezone.now() + datetime.timedelta(days=7)
    )
    assert client.get(url("screen", participant, "en", phase="pre", number=1)).status_code == 200


def test_saving_a_screen_costs_the_same_queries_whatever_the_item_count(
    client, participant, instrument, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as small:
        client.post(url("screen", participant, "en", phase="pre", number=1), {"r1": "3", "r2": "3"})
    for number in range(3, 30):
        instrument.items.add(
            Item(
                code=f"r{number}",
                domain_code="risk",
                kind="rating",
                text=f"Item {number}",
                sort_order=number,
            )
        )
    instrument.save()
    sync_storage(instrument)
    answers = {f"r{number}": "4" for number in [1, 2, *range(3, 30)]}
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.post(url("screen", participant, "en", phase="pre", number=1), answers)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url("screen", participant, "en", phase="pre", number=1))
    assert page.content.decode().count('type="radio"') == 29 * 5
