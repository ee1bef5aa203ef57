"""Who is invited and reminded, and when: plain functions over querysets, no HTTP.

Planning creates one OutreachMessage per participant and step ("pending"); the delivery task
(surveys.delivery) sends them. A participant is written to only with an active link and an
e-mail address, and never for a phase they have submitted. Reminders go only to those
invited, never to those who opted out of that phase's reminders, at most once per scheduled
reminder, and only the latest reminder that is due (a run missed for a week does not send
two at once). Invitations on opening leave out whoever opted out of an earlier phase: the
evaluator decides about them, by sending from the cohort's page."""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from .invitations import MissingMessage, messages_for, source_language
from .models import (
    CohortPhase,
    MessageKind,
    MessageStatus,
    OptOut,
    OutreachMessage,
    Participant,
    Submission,
)

logger = logging.getLogger(__name__)

# A message claimed for sending this long ago, and never marked sent or failed, belonged to a
# worker that died: it is marked failed, not sent again (the server may have taken it).
INTERRUPTED_AFTER = datetime.timedelta(minutes=10)


@dataclass
class TickResult:
    invited: int = 0
    reminded: int = 0
    interrupted: int = 0


def reachable(cohort_phase: CohortPhase) -> QuerySet[Participant]:
    """The cohort's participants who can be written to about this phase: active link, an
    e-mail address, and the phase not submitted."""
    submitted = Submission.objects.filter(
        participant=OuterRef("pk"), phase=cohort_phase.phase, submitted_at__isnull=False
    )
    return (
        Participant.objects.filter(cohort_id=cohort_phase.cohort_id, revoked_at__isnull=True)
        .exclude(email="")
        .exclude(Exists(submitted))
    )


def without_email(cohort_phase: CohortPhase) -> QuerySet[Participant]:
    """Active participants nobody can e-mail: their link is printed or handed over."""
    return Participant.objects.filter(
        cohort_id=cohort_phase.cohort_id, revoked_at__isnull=True, email=""
    ).order_by("code")


def _invitations(phase: str) -> QuerySet[OutreachMessage]:
    return OutreachMessage.objects.filter(phase=phase, kind=MessageKind.INVITATION)


def require_message(phase: str) -> None:
    if (phase, source_language()) not in messages_for({phase}):
        raise MissingMessage(phase)


def invitation_recipients(cohort_phase: CohortPhase, resend: bool = False):
    """Who `plan_invitations` would write to now. Without `resend`: those never invited to
    this phase. With it: also those invited before (never those with a message waiting)."""
    people = reachable(cohort_phase)
    waiting = _invitations(cohort_phase.phase).filter(
        participant=OuterRef("pk"), status__in=[MessageStatus.PENDING, MessageStatus.SENDING]
    )
    if resend:
        return people.exclude(Exists(waiting))
    invited = _invitations(cohort_phase.phase).filter(participant=OuterRef("pk"))
    return people.exclude(Exists(invited))


@transaction.atomic
def plan_invitations(cohort_phase: CohortPhase, resend: bool = False) -> int:
    """Queue the phase's invitation for its recipients; returns how many were queued."""
    require_message(cohort_phase.phase)
    people = list(invitation_recipients(cohort_phase, resend).values_list("pk", flat=True))
    rounds: dict[int, int] = {}
    for pk, step in (
        _invitations(cohort_phase.phase)
        .filter(participant__in=people)
        .values_list("participant", "step")
    ):
        rounds[pk] = max(rounds.get(pk, 0), step)
    created = OutreachMessage.objects.bulk_create(
        [
            OutreachMessage(
                participant_id=pk,
                phase=cohort_phase.phase,
                kind=MessageKind.INVITATION,
                step=rounds.get(pk, 0) + 1,
            )
            for pk in people
        ],
        ignore_conflicts=True,  # another run planned the same step: it is sent once
        batch_size=500,
    )
    return len(created)


def due_reminder(cohort_phase: CohortPhase, now: datetime.datetime) -> int | None:
    """The scheduled reminder (days before closing) due now: the latest one whose time has
    come, while the window is open; None when none is."""
    if not cohort_phase.is_open(now):
        return None
    due = [
        days
        for days in cohort_phase.reminder_schedule
        if now >= cohort_phase.closes_at - datetime.timedelta(days=days)
    ]
    return min(due) if due else None


@transaction.atomic
def plan_reminders(cohort_phase: CohortPhase, now: datetime.datetime) -> int:
    days = due_reminder(cohort_phase, now)
    if days is None:
        return 0
    reminder_time = cohort_phase.closes_at - datetime.timedelta(days=days)
    # Invited (the server took it) before this reminder's time: someone invited yesterday
    # is not reminded today.
    invited = _invitations(cohort_phase.phase).filter(
        participant=OuterRef("pk"), status=MessageStatus.SENT, sent_at__lt=reminder_time
    )
    opted_out = OptOut.objects.filter(participant=OuterRef("pk"), phase=cohort_phase.phase)
    already = OutreachMessage.objects.filter(
        participant=OuterRef("pk"), phase=cohort_phase.phase, kind=MessageKind.REMINDER, step=days
    )
    people = (
        reachable(cohort_phase)
        .filter(Exists(invited))
        .exclude(Exists(opted_out))
        .exclude(Exists(already))
        .values_list("pk", flat=True)
    )
    created = OutreachMessage.objects.bulk_create(
        [
            OutreachMessage(
                participant_id=pk, phase=cohort_phase.phase, kind=MessageKind.REMINDER, step=days
            )
            for pk in people
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    return len(created)


@transaction.atomic
def plan_opening_invitations(cohort_phase: CohortPhase, now: datetime.datetime) -> int:
    """Invitations of a phase that invites on opening, once its window is open, to everyone
    not invited yet except those who opted out of an earlier phase."""
    if not (cohort_phase.invite_on_opening and cohort_phase.is_open(now)):
        return 0
    opted_out = OptOut.objects.filter(participant=OuterRef("pk"))
    people = list(
        invitation_recipients(cohort_phase).exclude(Exists(opted_out)).values_list("pk", flat=True)
    )
    created = OutreachMessage.objects.bulk_create(
        [
            OutreachMessage(
                participant_id=pk,
                phase=cohort_phase.phase,
                kind=MessageKind.INVITATION,
                step=1,
            )
            for pk in people
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    return len(created)


def mark_interrupted(now: datetime.datetime) -> int:
    return OutreachMessage.objects.filter(
        status=MessageStatus.SENDING, claimed_at__lt=now - INTERRUPTED_AFTER
    ).update(
        status=MessageStatus.FAILED,
        error="Interrupted while sending: not sent again, in case the mail server took it.",
    )


def run_outreach(now: datetime.datetime | None = None) -> TickResult:
    """One pass of the schedule: interrupted sends closed, invitations of phases that just
    opened, reminders due. Idempotent: a second pass at once plans nothing."""
    now = now or timezone.now()
    result = TickResult(interrupted=mark_interrupted(now))
    open_phases = CohortPhase.objects.filter(opens_at__lte=now, closes_at__gt=now).select_related(
        "cohort"
    )
    source = source_language()
    texts = messages_for({cohort_phase.phase for cohort_phase in open_phases})
    with_text = {phase for phase, language in texts if language == source}
    for cohort_phase in open_phases:
        if cohort_phase.phase not in with_text:
            if cohort_phase.invite_on_opening or cohort_phase.reminder_schedule:
                logger.warning(
                    "No %s invitation message in %s: nothing sent for cohort %s",
                    cohort_phase.phase,
                    source,
                    cohort_phase.cohort.slug,
                )
            continue
        result.invited += plan_opening_invitations(cohort_phase, now)
        result.reminded += plan_reminders(cohort_phase, now)
    return result


def rate_per_minute() -> int:
    return int(getattr(settings, "SURVEYS_MAIL_RATE", 60))


def pending_count() -> int:
    return OutreachMessage.objects.filter(status=MessageStatus.PENDING).count()
