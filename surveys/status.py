"""Where each participant stands for one phase: invited (when), reminded (how often, last),
started, submitted, a bounce or failure with the mail server's answer, opted out."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, QuerySet, Subquery

from .models import (
    CohortPhase,
    MessageKind,
    MessageStatus,
    OptOut,
    OutreachMessage,
    Participant,
    Submission,
)


@dataclass
class ParticipantStatus:
    participant: Participant
    invited_at: datetime | None = None
    reminders: int = 0
    last_reminded_at: datetime | None = None
    waiting: int = 0
    problem: str = ""  # the latest bounce or failure: status and the server's answer
    problem_status: str = ""
    started_at: datetime | None = None
    submitted_at: datetime | None = None
    opted_out_at: datetime | None = None


class Statuses:
    """A lazy sequence for Django's Paginator: each page costs three queries."""

    def __init__(self, cohort_phase: CohortPhase) -> None:
        self.cohort_phase = cohort_phase
        submissions = Submission.objects.filter(
            participant=OuterRef("pk"), phase=cohort_phase.phase
        )
        self.people: QuerySet[Participant] = (
            Participant.objects.filter(cohort_id=cohort_phase.cohort_id)
            .annotate(
                started_at=Subquery(submissions.values("started_at")[:1]),
                submitted_at=Subquery(submissions.values("submitted_at")[:1]),
            )
            .order_by("code")
        )

    def count(self) -> int:
        return self.people.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        people = self.people[index]
        return build(self.cohort_phase, list(people))


def build(cohort_phase: CohortPhase, people: list[Participant]) -> list[ParticipantStatus]:
    rows = {
        person.pk: ParticipantStatus(
            person, started_at=person.started_at, submitted_at=person.submitted_at
        )
        for person in people
    }
    messages = OutreachMessage.objects.filter(
        participant__in=rows, phase=cohort_phase.phase
    ).order_by("pk")
    for message in messages:
        row = rows[message.participant_id]
        if message.status == MessageStatus.SENT:
            row.problem = row.problem_status = ""  # a later message got through
            if message.kind == MessageKind.INVITATION:
                row.invited_at = row.invited_at or message.sent_at
            else:
                row.reminders += 1
                row.last_reminded_at = message.sent_at
        elif message.status in (MessageStatus.PENDING, MessageStatus.SENDING):
            row.waiting += 1
        else:
            row.problem_status = message.get_status_display()
            row.problem = message.error
    for pk, at in OptOut.objects.filter(participant__in=rows, phase=cohort_phase.phase).values_list(
        "participant", "opted_out_at"
    ):
        rows[pk].opted_out_at = at
    return list(rows.values())


def participant_statuses(cohort_phase: CohortPhase) -> Statuses:
    return Statuses(cohort_phase)
