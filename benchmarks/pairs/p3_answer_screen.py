"""P3: one 30-item assessment screen saved and submitted through the services the participant
views use (surveys.answering: start, validate_screen, save_answers, submit), against the
floor: the same 30 Answer rows written by one `bulk_create`.

The demo's instruments have no 30-item screen, so a one-screen instrument of 30 required
ratings (the competence instrument's scale) is made here, in an open PRE phase, with a fresh
participant for every repetition: each saves its first answers and submits once, as the
view's first POST and the review's POST do."""

import datetime
from typing import Any

from ..common import QUICK, setup_django
from ..harness import alternate, pair

ID = "P3"
GOAL = "A ≤ 8 queries; ratio ≤ 2"
DATABASES = ("sqlite", "postgresql")
ITEMS = 30


def _instrument():
    """A one-screen instrument of ITEMS rating items, with its library rows."""
    from wagtail.models import Locale

    from surveys.models import Domain, Instrument, Item
    from surveys.storage import sync_storage

    english = Locale.get_default()
    scale = Instrument.objects.get(code="competence", locale=english).rating_scale
    instrument = Instrument(
        locale=english,
        code="bench-thirty",
        kind="competence",
        title="Thirty statements",
        rating_scale=[("choice", block.value) for block in scale],
    )
    instrument.domains = [Domain(code="all", name="All statements", sort_order=0)]
    instrument.items = [
        Item(code=f"s{n}", domain_code="all", kind="rating", text=f"Statement {n}.", sort_order=n)
        for n in range(ITEMS)
    ]
    instrument.save()
    sync_storage(instrument)
    return Instrument.objects.get(pk=instrument.pk)


def _participants(instrument, count: int) -> list:
    """`count` participants of a new cohort whose PRE phase (this instrument) is open."""
    from django.utils import timezone

    from surveys.models import Cohort, CohortPhase, Participant

    now = timezone.now()
    cohort = Cohort.objects.create(
        name="Benchmark P3",
        slug="bench-p3",
        starts_on=now.date(),
        ends_on=now.date(),
    )
    CohortPhase.objects.create(
        cohort=cohort,
        phase="pre",
        instrument=instrument,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=1),
    )
    Participant.objects.bulk_create(
        Participant(
            cohort=cohort,
            code=f"P3-{n:04d}",
            country="CH",
            sex="female",
            office_type="national_ip_office",
            stakeholder_group="ip-offices",
            language="en",
        )
        for n in range(count)
    )
    return list(Participant.objects.filter(cohort=cohort).order_by("code"))


def _statements(sql: list[str]) -> list[str]:
    """The SQL statements, without the transaction control Django logs beside them (BEGIN,
    COMMIT, savepoints): those are reported as a count of transactions."""
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
    return [text for text in sql if not text.startswith(control)]


def measure(kind: str, url: str) -> dict[str, Any]:
    setup_django(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from survey.models import Answer, Question, Response

    from surveys import answering

    repeat, warmup = (7, 1) if QUICK else (25, 3)
    source = _instrument()
    participants = iter(_participants(source, repeat + warmup + 1))
    # What the view's Context loads before a POST is handled (not part of the pair).
    instrument = answering.instrument_in(source, "en")
    (screen,) = answering.screens(instrument)
    data = {item.code: str(1 + n % 5) for n, item in enumerate(screen.items)}
    responses = iter(
        [Response.objects.create(survey_id=source.survey_id) for _ in range(repeat + warmup + 1)]
    )

    def save_and_submit() -> None:
        submission = answering.start(next(participants), "pre", source, "en")
        answers, errors = answering.validate_screen(screen, data, instrument)
        assert not errors, errors
        answering.save_answers(submission, screen.items, answers, screen=screen.number)
        assert answering.submit(submission, instrument)

    def bulk_insert() -> None:
        response_id = next(responses).pk
        Answer.objects.bulk_create(
            Answer(
                question=Question(pk=item.question_id, type=Question.TEXT),
                response_id=response_id,
                body=data[item.code],
            )
            for item in screen.items
        )

    with CaptureQueriesContext(connection) as a_queries:
        save_and_submit()
    with CaptureQueriesContext(connection) as b_queries:
        bulk_insert()
    a_sql = [query["sql"] for query in a_queries.captured_queries]
    b_sql = [query["sql"] for query in b_queries.captured_queries]
    a_times, b_times = alternate(save_and_submit, bulk_insert, repeat=repeat, warmup=warmup)
    return {
        "id": ID,
        **pair(
            a_times,
            b_times,
            GOAL,
            f"{ITEMS} rating items on one screen: start + validate_screen + save_answers + "
            f"submit for a fresh participant vs Answer.objects.bulk_create of the same rows; "
            f"queries = SQL statements, transaction control (BEGIN/COMMIT) not counted",
            a_queries=len(_statements(a_sql)),
            b_queries=len(_statements(b_sql)),
            a_transactions=a_sql.count("COMMIT"),
            a_captured=len(a_sql),
            b_captured=len(b_sql),
            a_sql=[sql[:100] for sql in _statements(a_sql)],
        ),
    }


if __name__ == "__main__":
    from . import main

    main(measure)
