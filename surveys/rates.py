"""Response rates per cohort and phase, for the evaluators' report: the funnel from enrolled
to invited, started and submitted, and what each scheduled reminder brought in."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    Cohort,
    CohortPhase,
    MessageKind,
    MessageStatus,
    OptOut,
    OutreachMessage,
    Participant,
    Submission,
)

# A submission this soon after a reminder counts as that reminder's effect.
REMINDER_EFFECT_WINDOW = timedelta(hours=48)


@dataclass
class ReminderEffect:
    days: int  # scheduled this many days before the window closed
    sent: int
    answered: int  # submitted within REMINDER_EFFECT_WINDOW of their reminder


@dataclass
class Outreach:
    invited: int = 0  # participants whose invitation the mail server took
    reminded: int = 0
    opted_out: int = 0
    undelivered: int = 0  # participants with a bounced or failed message
    waiting: int = 0  # messages queued, not sent yet
    reminders: list[ReminderEffect] = field(default_factory=list)


@dataclass
class RateRow:
    cohort: Cohort
    phase: CohortPhase
    participants: int
    started: int
    submitted: int
    opens_at: datetime
    closes_at: datetime
    open_now: bool
    outreach: Outreach = field(default_factory=Outreach)

    @property
    def invited(self) -> int:
        return self.outreach.invited

    @property
    def reminders_display(self) -> str:
        """For example "7 days before: 40 sent, 12 answered within 48 h", per reminder."""
        return "; ".join(
            _("%(days)d days before: %(sent)d sent, %(answered)d answered within 48 h")
            % {"days": effect.days, "sent": effect.sent, "answered": effect.answered}
            for effect in self.outreach.reminders
        )

    @property
    def rate(self) -> float | None:
        """Submitted out of enrolled, in per cent; None for a cohort without participants."""
        if not self.participants:
            return None
        return round(100 * self.submitted / self.participants, 1)

    @property
    def rate_display(self) -> str:
        return "" if self.rate is None else f"{floatformat(self.rate, -1)} %"

    @property
    def phase_display(self) -> str:
        return self.phase.get_phase_display()


def response_rates(
    cohorts: QuerySet[Cohort],
    now: datetime | None = None,
    participants: QuerySet[Participant] | None = None,
) -> list[RateRow]:
    """One row per phase of each cohort, in six queries whatever the number of cohorts:
    the phases, participants counted per cohort, submissions counted per cohort and phase,
    and the invitations and reminders (surveys.rates.outreach_by_phase).

    Every enrolled participant counts, revoked links included: they were invited.
    `participants` narrows the counts (to one region's, say); None counts everyone."""
    now = now or timezone.now()
    people = Participant.objects.all() if participants is None else participants
    phases = (
        CohortPhase.objects.filter(cohort__in=cohorts)
        .select_related("cohort")
        .order_by("-cohort__starts_on", "cohort__name", "cohort_id", "opens_at", "sort_order")
    )
    enrolled = dict(
        people.filter(cohort__in=cohorts)
        .values("cohort")
        .annotate(count=Count("pk"))
        .values_list("cohort", "count")
    )
    submissions = Submission.objects.filter(participant__cohort__in=cohorts)
    if participants is not None:
        submissions = submissions.filter(participant__in=participants.values("pk"))
    counted = (
        submissions.values("participant__cohort", "phase")
        .annotate(
            started=Count("pk"),
            submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        )
        .values_list("participant__cohort", "phase", "started", "submitted")
    )
    answered = {
        (cohort, phase): (started, submitted) for cohort, phase, started, submitted in counted
    }
    sent = outreach_by_phase(cohorts, participants)
    rows = []
    for phase in phases:
        started, submitted = answered.get((phase.cohort_id, phase.phase), (0, 0))
        rows.append(
            RateRow(
                cohort=phase.cohort,
                phase=phase,
                participants=enrolled.get(phase.cohort_id, 0),
                started=started,
                submitted=submitted,
                opens_at=phase.opens_at,
                closes_at=phase.closes_at,
                open_now=phase.is_open(now),
                outreach=sent.get((phase.cohort_id, phase.phase), Outreach()),
            )
        )
    return rows


def outreach_by_phase(
    cohorts: QuerySet[Cohort], participants: QuerySet[Participant] | None = None
) -> dict[tuple[int, str], Outreach]:
    """Invitations, reminders and opt-outs per (cohort id, phase), in three queries."""
    messages = OutreachMessage.objects.filter(participant__cohort__in=cohorts)
    opt_outs = OptOut.objects.filter(participant__cohort__in=cohorts)
    if participants is not None:
        messages = messages.filter(participant__in=participants.values("pk"))
        opt_outs = opt_outs.filter(participant__in=participants.values("pk"))
    sent = Q(status=MessageStatus.SENT)
    found: dict[tuple[int, str], Outreach] = {}
    counted = messages.values("participant__cohort", "phase").annotate(
        invited=Count("participant", distinct=True, filter=sent & Q(kind=MessageKind.INVITATION)),
        reminded=Count("participant", distinct=True, filter=sent & Q(kind=MessageKind.REMINDER)),
        undelivered=Count(
            "participant",
            distinct=True,
            filter=Q(status__in=[MessageStatus.BOUNCED, MessageStatus.FAILED]),
        ),
        waiting=Count("pk", filter=Q(status__in=[MessageStatus.PENDING, MessageStatus.SENDING])),
    )
    for row in counted:
        found[(row["participant__cohort"], row["phase"])] = Outreach(
            invited=row["invited"],
            reminded=row["reminded"],
            undelivered=row["undelivered"],
            waiting=row["waiting"],
        )
    for cohort, phase, count in (
        opt_outs.values("participant__cohort", "phase")
        .annotate(count=Count("pk"))
        .values_list("participant__cohort", "phase", "count")
    ):
        found.setdefault((cohort, phase), Outreach()).opted_out = count
    answered_soon = Submission.objects.filter(
        participant=OuterRef("participant"),
        phase=OuterRef("phase"),
        submitted_at__gte=OuterRef("sent_at"),
        submitted_at__lt=OuterRef("sent_at") + REMINDER_EFFECT_WINDOW,
    )
    effects = (
        messages.filter(sent, kind=MessageKind.REMINDER)
        .annotate(answered=Exists(answered_soon))
        .values("participant__cohort", "phase", "step")
        .annotate(sent=Count("pk"), answered_count=Count("pk", filter=Q(answered=True)))
        .order_by("participant__cohort", "phase", "-step")
    )
    for row in effects:
        found.setdefault((row["participant__cohort"], row["phase"]), Outreach()).reminders.append(
            ReminderEffect(row["step"], row["sent"], row["answered_count"])
        )
    return found
