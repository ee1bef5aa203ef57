"""Response rates per cohort and phase, for the evaluators' report."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.template.defaultfilters import floatformat
from django.utils import timezone

from .models import Cohort, CohortPhase, Participant, Submission


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
    """One row per phase of each cohort, in three queries whatever the number of cohorts:
    the phases, participants counted per cohort, submissions counted per cohort and phase.

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
            )
        )
    return rows
