"""Builders shared by the indicator tests: small instruments, cohorts, participants and
submitted answers, written straight to the models (kept here, as this package has no
conftest of its own). Codes start with "eval-" so they never meet the demo's."""

import datetime

from django.utils import timezone
from survey.models import Answer, Question, Response
from wagtail.models import Locale

from surveys.models import Cohort, CohortPhase, Domain, Instrument, Item, Participant, Submission
from surveys.storage import sync_storage
from tests.surveys.helpers import make_participant as make_participant  # shared builder

SCALE = [("choice", label) for label in ("1", "2", "3", "4", "5")]
ABC = [("choice", label) for label in ("A", "B", "C")]


def build_instrument(
    code: str, kind: str, domains: list[str], items: list[dict], locale: Locale | None = None
) -> Instrument:
    """An instrument (in the source language unless told), with its library rows."""
    instrument = Instrument(
        locale=locale or Locale.get_default(), code=code, kind=kind, title=code, rating_scale=SCALE
    )
    instrument.domains = [
        Domain(code=domain, name=domain.title(), sort_order=order)
        for order, domain in enumerate(domains)
    ]
    instrument.items = [
        Item(sort_order=order, text=item["code"], **item) for order, item in enumerate(items)
    ]
    instrument.save()
    sync_storage(instrument)
    return Instrument.objects.get(pk=instrument.pk)


def competence_instrument(
    code: str = "eval-competence", knowledge: bool = True, locale: Locale | None = None
) -> Instrument:
    """Five ratings (r1–r3 in "risk", r4–r5 in "comms") and two knowledge items (k1 correct
    1, k2 correct 2): four ratings answered make a valid S, three do not."""
    items = [
        {"code": f"r{n}", "domain_code": "risk" if n <= 3 else "comms", "kind": "rating"}
        for n in range(1, 6)
    ]
    if knowledge:
        items += [
            {"code": "k1", "domain_code": "knowledge", "kind": "knowledge", "choices": ABC,
             "correct_choice": 1},
            {"code": "k2", "domain_code": "knowledge", "kind": "knowledge", "choices": ABC,
             "correct_choice": 2},
        ]  # fmt: skip
    return build_instrument(code, "competence", ["risk", "comms", "knowledge"], items, locale)


def feedback_instrument(code: str = "eval-feedback") -> Instrument:
    return build_instrument(
        code,
        "feedback",
        ["reaction"],
        [
            {"code": "usefulness", "domain_code": "reaction", "kind": "usefulness",
             "choices": SCALE},
            {"code": "relevance", "domain_code": "reaction", "kind": "rating"},
        ],
    )  # fmt: skip


def follow_up_instrument(code: str = "eval-follow-up") -> Instrument:
    return build_instrument(
        code,
        "follow_up",
        ["framework"],
        [
            {"code": "framework-adopted", "domain_code": "framework", "kind": "yes_no"},
            {"code": "framework-date", "domain_code": "framework", "kind": "date",
             "required": False},
            {"code": "framework-scope", "domain_code": "framework", "kind": "choice",
             "choices": ABC, "required": False},
            {"code": "framework-document", "domain_code": "framework", "kind": "url",
             "required": False},
        ],
    )  # fmt: skip


def make_cohort(slug: str, phases: dict[str, Instrument], name: str = "") -> Cohort:
    now = timezone.now()
    cohort = Cohort.objects.create(
        name=name or f"Workshop {slug}",
        slug=slug,
        starts_on=datetime.date(2026, 3, 2),
        ends_on=datetime.date(2026, 3, 4),
    )
    for phase, instrument in phases.items():
        CohortPhase.objects.create(
            cohort=cohort,
            phase=phase,
            instrument=instrument,
            opens_at=now - datetime.timedelta(days=30),
            closes_at=now + datetime.timedelta(days=30),
        )
    return cohort


def answer(
    participant: Participant,
    phase: str,
    answers: dict[str, str],
    *,
    submitted: bool = True,
    language: str | None = None,
    submitted_at: datetime.datetime | None = None,
) -> Submission:
    """A submission with `answers` (item code → stored body), written as the answering
    service stores them (numeric codes as text)."""
    instrument = participant.cohort.phases.get(phase=phase).instrument
    questions = {item.code: item.question_id for item in instrument.items.all()}
    response = Response.objects.create(survey_id=instrument.survey_id)
    submission = Submission.objects.create(
        participant=participant,
        phase=phase,
        response=response,
        language=language or participant.language,
        submitted_at=(submitted_at or timezone.now()) if submitted else None,
    )
    Answer.objects.bulk_create(
        # An unsaved Question stub: Answer.__init__ would query the question otherwise.
        Answer(question=Question(pk=questions[code], type=Question.TEXT), response=response,
               body=body)
        for code, body in answers.items()
    )  # fmt: skip
    return submission


def ratings(*values: int | None, knowledge: tuple[int, int] | None = None) -> dict[str, str]:
    """Answers r1… in order (None: skipped), and the two knowledge answers."""
    result = {f"r{n}": str(value) for n, value in enumerate(values, 1) if value is not None}
    if knowledge is not None:
        result.update(k1=str(knowledge[0]), k2=str(knowledge[1]))
    return result
