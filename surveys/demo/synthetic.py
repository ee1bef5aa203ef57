"""Synthetic cohorts of any size, for load and performance work (`generate_cohort`).

The people and their answers are planned by the demo's seeded generator (the same
distributions and edge cases, at scale); every answer is cleaned by the same screen
validation a participant's answers go through and stored in the same rows (the library's
Response and Answer, a Submission per phase), but in bulk: a few inserts per thousand
participants instead of a request per screen."""

import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from survey.models import Answer, Response

from ..answering import _question_stub, instrument_in, screens, validate_screen
from ..enrolment import new_participant_codes
from ..models import Cohort, Instrument, Participant, Submission
from ..models.participants import EnrolledVia
from .cohorts import WINDOWS, demo_phases, phase_window
from .participants import SPECIAL_CASES, PersonPlan, _moment, plan_participants

BATCH = 1000  # participants per transaction: bounded memory, and progress to report
Progress = Callable[[int, int], None]  # (participants stored, of how many)


def _cohort(participants: int, seed: int, instruments: dict[str, Instrument], today) -> Cohort:
    base = slug = f"synthetic-{seed}-{participants}"
    taken = set(Cohort.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    number = 1
    while slug in taken:  # the same size and seed again: a second cohort beside the first
        number += 1
        slug = f"{base}-{number}"
    starts_on = today - datetime.timedelta(days=190)
    cohort = Cohort(
        slug=slug,
        name=f"Synthetic cohort: {participants} participants (seed {seed})",
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=13),
        online=True,
        self_enrolment=False,
        attendance_recorded=True,
    )
    cohort.phases = demo_phases(cohort, instruments)
    cohort.save()
    return cohort


def generate_cohort(
    participants: int,
    seed: int = 1,
    instruments: dict[str, Instrument] | None = None,
    progress: Progress | None = None,
) -> Cohort:
    """A new cohort of `participants` planned people with their submitted answers and drafts,
    on the demo's instruments (`instruments` by code; the demo's when not given)."""
    if participants < SPECIAL_CASES:
        raise ValueError(f"Plan at least {SPECIAL_CASES} participants.")
    if instruments is None:
        from . import load_demo_instruments

        instruments = load_demo_instruments()[0]
    now = timezone.now()
    cohort = _cohort(participants, seed, instruments, timezone.localdate())
    people = plan_participants({cohort.slug: cohort}, now, {cohort.slug: participants}, seed)
    forms: dict[tuple[str, str], tuple[Instrument, list]] = {}
    for first in range(0, len(people), BATCH):
        _store(cohort, people[first : first + BATCH], instruments, forms, now)
        if progress:
            progress(min(first + BATCH, len(people)), len(people))
    return cohort


@transaction.atomic
def _store(cohort: Cohort, people: list[PersonPlan], instruments, forms: dict, now) -> None:
    codes = new_participant_codes(cohort, len(people))
    enrolled = Participant.objects.bulk_create(
        Participant(
            cohort=cohort,
            code=code,
            name=person.name,
            email=person.email,
            country=person.country,
            sex=person.sex,
            office_type=person.office_type,
            function=person.function,
            stakeholder_group=person.stakeholder_group,
            language=person.language,
            enrolled_via=EnrolledVia.IMPORT,
            consented_at=now,
        )
        for code, person in zip(codes, people, strict=True)
    )
    responses, submissions, answers = [], [], []
    for participant, person in zip(enrolled, people, strict=True):
        first = min((phase_window(cohort, phase)[0] for phase in person.phases), default=now)
        participant.created_at = first - datetime.timedelta(days=2)
        for phase, plan in person.phases.items():
            code = WINDOWS[phase][0]
            if (code, person.language) not in forms:
                instrument = instrument_in(instruments[code], person.language)
                forms[code, person.language] = instrument, screens(instrument)
            instrument, instrument_screens = forms[code, person.language]
            response = Response(survey_id=instruments[code].survey_id)
            saved = []
            for screen in instrument_screens[: plan.screens]:
                cleaned, errors = validate_screen(screen, plan.answers, instrument)
                if errors:
                    raise ValueError(f"Planned answers rejected: {errors}")
                saved.append(screen.number)
                answers.extend(
                    (response, item, value)
                    for item in screen.items
                    if (value := cleaned.get(item.code))
                )
            started = _moment(*phase_window(cohort, phase), plan.at, now)
            submitted = plan.screens is None
            responses.append(response)
            submissions.append(
                Submission(
                    participant=participant,
                    phase=phase,
                    response=response,
                    language=person.language,
                    saved_screens=saved,
                    started_at=started,
                    submitted_at=(
                        started + datetime.timedelta(minutes=6 + person.number % 17)
                        if submitted
                        else None
                    ),
                )
            )
    Response.objects.bulk_create(responses, batch_size=500)
    stubs = {}  # one unsaved Question per item: Answer() would fetch it otherwise
    Answer.objects.bulk_create(
        (
            Answer(
                question=stubs.get(item.question_id)
                or stubs.setdefault(item.question_id, _question_stub(item)),
                response_id=response.pk,
                body=value,
            )
            for response, item, value in answers
        ),
        batch_size=2000,
    )
    # started_at and created_at are auto_now_add: set on insert, moved into the windows after.
    started = [submission.started_at for submission in submissions]
    Submission.objects.bulk_create(submissions, batch_size=500)
    for submission, moment in zip(submissions, started, strict=True):
        submission.started_at = moment
    Submission.objects.bulk_update(submissions, ["started_at"], batch_size=500)
    Participant.objects.bulk_update(enrolled, ["created_at"], batch_size=500)
