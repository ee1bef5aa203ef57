"""Concurrent submits for one participant and phase: exactly one response (PostgreSQL,
where requests really run in parallel; SQLite serialises writers anyway)."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from survey.models import Answer, Response

from surveys.models import Submission

from .helpers import url

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent transactions"
)


def in_parallel(count: int, request) -> list[int]:
    """Run `request(client)` from `count` threads released at the same moment."""
    barrier = threading.Barrier(count)
    statuses = []

    def worker():
        client = Client()
        try:
            barrier.wait()
            statuses.append(request(client).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_saves_and_submits_leave_one_response(participant):
    screen_1 = url("screen", participant, "en", phase="pre", number=1)
    statuses = in_parallel(8, lambda c: c.post(screen_1, {"r1": "2", "r2": "3"}))
    assert statuses == [302] * 8
    assert Submission.objects.filter(participant=participant, phase="pre").count() == 1
    mine = Answer.objects.filter(response__submission__participant=participant)
    assert Response.objects.filter(submission__participant=participant).count() == 1
    assert mine.count() == 2  # not 16: the saves did not interleave

    Client().post(url("screen", participant, "en", phase="pre", number=2), {"c1": "4"})
    review = url("review", participant, "en", phase="pre")
    statuses = in_parallel(8, lambda c: c.post(review))
    assert statuses == [302] * 8
    submission = Submission.objects.get(participant=participant, phase="pre")
    assert submission.is_submitted
    assert Response.objects.filter(submission__participant=participant).count() == 1
    assert sorted(mine.values_list("body", flat=True)) == ["2", "3", "4"]
