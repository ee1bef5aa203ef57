"""Data quality (the project's risk 1) and participation (risk 2): what may weaken the figures,
found in the survey data for the evaluators to follow up before they trust the indicators.

- unmatched PRE/POST: participants with only one valid competence response, or one below the
  validity threshold (the reasons of OBJ-1's flow, per cohort and per participant);
- straight-lining: a response giving the same answer to every rating item, with enough items
  for that to be unlikely by chance;
- incomplete responses: started and never submitted (drafts);
- duplicate participants: one person enrolled twice in a cohort (same e-mail, or same name and
  country), which splits their PRE and POST over two links;
- response rates per cohort and phase, low ones flagged.

The checks are plain functions over values (tested without the database); `quality_report`
reads what they need in a fixed number of queries. Findings name participants by id only: the
admin page shows their pseudonymous code to evaluators, the workbook an HMAC pseudonym.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from surveys.models import Cohort, CohortPhase, Submission
from surveys.models.cohorts import Phase
from surveys.models.instruments import ItemKind
from surveys.rates import RateRow, response_rates

from .indicators import Thresholds
from .indicators.data import (
    FEEDBACK,
    POST,
    PRE,
    RATING_RANGE,
    Scope,
    Score,
    SurveyData,
    competence_scores,
    load_survey_data,
    merged,
    sharing,
)
from .indicators.learning import (
    EXCLUSIONS,
    INVALID_POST,
    INVALID_PRE,
    NO_RESPONSE,
    POST_ONLY,
    PRE_ONLY,
    exclusion,
)

# Fewer rating answers than this can be all alike by honest chance: not flagged.
STRAIGHT_LINE_MIN_ITEMS = 5

# The kinds of finding, in the order the report lists them.
DUPLICATE, STRAIGHT_LINE, DRAFT = "duplicate", "straight_line", "draft"
SAME_EMAIL, SAME_NAME = "same_email", "same_name_and_country"
ISSUES = (DUPLICATE, STRAIGHT_LINE, DRAFT, *EXCLUSIONS)
# Matching problems that are about one phase's response.
PHASE_OF_EXCLUSION = {INVALID_PRE: PRE, INVALID_POST: POST}
ISSUE_LABELS = {
    DUPLICATE: _("Enrolled more than once"),
    STRAIGHT_LINE: _("Same answer to every rating item"),
    DRAFT: _("Started, never submitted"),
    NO_RESPONSE: _("No response"),
    INVALID_PRE: _("PRE with too few items answered"),
    INVALID_POST: _("POST with too few items answered"),
    PRE_ONLY: _("PRE only"),
    POST_ONLY: _("POST only"),
}


@dataclass(frozen=True)
class Identity:
    """What duplicate detection compares; names and e-mails stay inside this module."""

    id: int
    cohort: str
    name: str = ""
    email: str = ""
    country: str = ""

    @property
    def email_key(self) -> str:
        return self.email.strip().casefold()


@dataclass(frozen=True)
class Finding:
    participant_id: int
    cohort: str  # slug
    issue: str  # one of ISSUES
    phase: str = ""  # the response concerned, "" when about the participant
    detail: Mapping[str, object] = field(default_factory=dict)


@dataclass
class CohortQuality:
    """Counts of one cohort; `excluded` has OBJ-1's reasons for not being matched."""

    cohort: str
    enrolled: int = 0
    asks_competence: bool = False  # has a PRE or POST phase: matching applies
    matched: int = 0
    excluded: dict[str, int] = field(default_factory=lambda: dict.fromkeys(EXCLUSIONS, 0))
    drafts: int = 0
    straight_lined: int = 0
    duplicates: int = 0  # participants in a duplicate group

    @property
    def match_rate(self) -> float | None:
        if not self.asks_competence or not self.enrolled:
            return None
        return self.matched / self.enrolled


@dataclass
class QualityReport:
    cohorts: list[CohortQuality]
    findings: list[Finding]
    participation: list[RateRow]
    low_response: float  # response rates below this share are flagged
    now: datetime
    cohort_names: dict[str, str] = field(default_factory=dict)  # slug → name
    codes: dict[int, str] = field(default_factory=dict)  # participant id → pseudonymous code

    def count(self, issue: str) -> int:
        return sum(finding.issue == issue for finding in self.findings)

    def totals(self) -> dict[str, int]:
        return {issue: self.count(issue) for issue in ISSUES}

    def low_rates(self) -> list[RateRow]:
        """Phases already open whose response rate is below the threshold (compared exactly,
        as OP-4 does); a phase not yet open has no rate to judge."""
        return [
            row
            for row in self.participation
            if row.participants
            and row.opens_at <= self.now
            and row.submitted < self.low_response * row.participants
        ]


# --- The checks, over plain values ---


def straight_line(values: Iterable[float], min_items: int = STRAIGHT_LINE_MIN_ITEMS):
    """The one value given to every rating item, or None: fewer than `min_items` answers on the
    1–5 scale ("can't judge" and missing ones aside), or not all the same."""
    low, high = RATING_RANGE
    ratings = [value for value in values if low <= value <= high]
    if len(ratings) < min_items or len(set(ratings)) != 1:
        return None
    return ratings[0]


def name_key(name: str) -> str:
    """A name compared without case, accents, punctuation or spacing: "José  Pérez-Ruiz" and
    "jose perez ruiz" are the same."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", letters).split())


def duplicate_groups(people: Iterable[Identity]) -> list[tuple[list[int], str]]:
    """Groups of participants of one cohort who look like the same person: the same e-mail
    (any case), or the same name and country. Each group once, its ids in order, with its
    reason: the e-mail when any two of them share one, else the name."""
    parent: dict[int, int] = {}
    email_joined: set[int] = set()  # ids joined to another through their e-mail

    def root(pid: int) -> int:
        while parent[pid] != pid:
            pid = parent[pid]
        return pid

    first_with: dict[tuple, int] = {}
    for person in sorted(people, key=lambda p: p.id):
        parent[person.id] = person.id
        keys = []
        if person.email_key:
            keys.append((person.cohort, SAME_EMAIL, person.email_key))
        if name_key(person.name) and person.country:
            keys.append((person.cohort, SAME_NAME, name_key(person.name), person.country))
        for key in keys:
            if key not in first_with:
                first_with[key] = person.id
                continue
            other = first_with[key]
            parent[max(root(other), root(person.id))] = min(root(other), root(person.id))
            if key[1] == SAME_EMAIL:
                email_joined.update((other, person.id))
    members: dict[int, list[int]] = defaultdict(list)
    for pid in sorted(parent):
        members[root(pid)].append(pid)
    return [
        (ids, SAME_EMAIL if email_joined.intersection(ids) else SAME_NAME)
        for _top, ids in sorted(members.items())
        if len(ids) > 1
    ]


def quality_from_data(
    data: SurveyData,
    identities: Sequence[Identity],
    drafts: Iterable[tuple[int, str]],
    thresholds: Thresholds | None = None,
    min_items: int = STRAIGHT_LINE_MIN_ITEMS,
    unclosed: Collection[tuple[str, str]] = (),
    scores: Mapping[tuple[int, str], Score] | None = None,
) -> tuple[list[CohortQuality], list[Finding]]:
    """Counts per cohort and the findings per participant, from loaded values: `data` the
    submitted responses, `identities` the participants in scope, `drafts` the (participant id,
    phase) of responses started and not submitted, `unclosed` the (cohort slug, phase) whose
    window has not closed yet (an unmatched participant there may still answer); `scores`
    the competence scores when already computed from the same data."""
    th = thresholds or Thresholds()
    cohorts: dict[str, CohortQuality] = {}
    cohort_of = {person.id: person.cohort for person in identities}
    for person in identities:
        cohorts.setdefault(person.cohort, CohortQuality(person.cohort)).enrolled += 1
    findings: list[Finding] = []

    email_of = {person.id: person.email_key for person in identities}
    for number, (ids, _why) in enumerate(duplicate_groups(identities), start=1):
        for pid in ids:
            cohorts[cohort_of[pid]].duplicates += 1
            others = [other for other in ids if other != pid]
            # Each member's own reason: one joined by name alone does not share the e-mail.
            shares_email = bool(email_of[pid]) and any(
                email_of[other] == email_of[pid] for other in others
            )
            findings.append(
                Finding(
                    pid,
                    cohort_of[pid],
                    DUPLICATE,
                    detail={
                        "group": number,
                        "reason": SAME_EMAIL if shares_email else SAME_NAME,
                        "others": others,
                    },
                )
            )

    rating_kinds = {ItemKind.RATING, ItemKind.USEFULNESS}
    for (pid, phase), response in sorted(data.responses.items()):
        if pid not in cohort_of:
            continue
        codes = data.phase_items.get((cohort_of[pid], phase), ())
        ratings = [
            response.values[code]
            for code in codes
            if data.items[code].kind in rating_kinds and code in response.values
        ]
        value = straight_line(ratings, min_items)
        if value is not None:
            cohorts[cohort_of[pid]].straight_lined += 1
            low, high = RATING_RANGE
            answered = sum(1 for rating in ratings if low <= rating <= high)
            findings.append(
                Finding(
                    pid,
                    cohort_of[pid],
                    STRAIGHT_LINE,
                    phase,
                    {"value": round(value), "items": answered},
                )
            )

    for pid, phase in sorted(set(drafts)):
        if pid in cohort_of:
            cohorts[cohort_of[pid]].drafts += 1
            findings.append(Finding(pid, cohort_of[pid], DRAFT, phase))

    # Matching, as OBJ-1 does it: in the cohorts that ask for a PRE or a POST.
    competence = {slug for slug, phase in data.phase_items if phase in (PRE, POST)}
    for slug in competence & set(cohorts):
        cohorts[slug].asks_competence = True
    scores = competence_scores(data) if scores is None else scores
    for person in identities:
        if person.cohort not in competence:
            continue
        pre, post = scores.get((person.id, PRE)), scores.get((person.id, POST))
        reason = exclusion(pre, post, th)
        quality = cohorts[person.cohort]
        if reason is None:
            quality.matched += 1
            continue
        quality.excluded[reason] += 1
        score = pre if reason == INVALID_PRE else post
        detail: dict[str, object] = {}
        if reason in PHASE_OF_EXCLUSION and score is not None:
            detail = {"answered": score.answered, "items": score.rating_items}
        # A missing response may still come: its window has not closed.
        awaited = {PRE_ONLY: (POST,), POST_ONLY: (PRE,), NO_RESPONSE: (PRE, POST)}
        pending = [p for p in awaited.get(reason, ()) if (person.cohort, p) in unclosed]
        if pending:
            detail = {"pending": pending[0]}
        findings.append(
            Finding(person.id, person.cohort, reason, PHASE_OF_EXCLUSION.get(reason, ""), detail)
        )

    order = {issue: index for index, issue in enumerate(ISSUES)}
    findings.sort(
        key=lambda f: (
            order[f.issue],
            f.cohort,
            f.detail.get("group", 0),
            f.participant_id,
            f.phase,
        )
    )
    return sorted(cohorts.values(), key=lambda c: c.cohort), findings


def describe(finding: Finding, names: Mapping[int, str]) -> str:
    """What the finding is about, in the active language; `names` says how the report names
    participants (their code in the admin, a pseudonym in the workbook)."""
    detail = finding.detail
    if finding.issue == DUPLICATE:
        others = ", ".join(names.get(pid, str(pid)) for pid in detail["others"])
        if detail["reason"] == SAME_EMAIL:
            return str(_("Same e-mail as %(others)s")) % {"others": others}
        return str(_("Same name and country as %(others)s")) % {"others": others}
    if finding.issue == STRAIGHT_LINE:
        return str(_("%(value)s to all %(items)s rating items")) % detail
    if finding.issue in PHASE_OF_EXCLUSION and detail:
        return str(_("%(answered)s of %(items)s rating items answered")) % detail
    if "pending" in detail:
        phase = dict(Phase.choices).get(detail["pending"], detail["pending"])
        return str(_("Window not closed yet: %(phase)s")) % {"phase": phase}
    return ""


# --- Over the database ---


def quality_report(
    scope: Scope | None = None,
    thresholds: Thresholds | None = None,
    now: datetime | None = None,
) -> QualityReport:
    """The report for the participants in `scope`, in a fixed number of queries whatever
    their number: the survey data (six), participants, drafts, and the response rates with
    their invitations and reminders (six).

    The period of the scope narrows the submitted responses; enrolment, drafts and the
    response rates count every participant in the scope's cohorts and region."""
    scope = scope or Scope()
    th = thresholds or Thresholds()
    now = now or timezone.now()
    scores = None
    if sharing():
        # Beside the indicators (the workbook): their reads of the same phases, and OBJ-1's
        # scores, serve here too.
        competence = load_survey_data(scope, (PRE, POST))
        data = merged(competence, load_survey_data(scope, (FEEDBACK,)))
        scores = competence_scores(competence)
    else:
        data = load_survey_data(scope, (PRE, POST, FEEDBACK))
    people = scope.participants()
    identities, codes, cohort_names = [], {}, {}
    for pid, code, slug, cohort_name, name, email, country in people.values_list(
        "pk", "code", "cohort__slug", "cohort__name", "name", "email", "country"
    ).order_by("pk"):
        identities.append(Identity(pid, slug, name, email, str(country)))
        codes[pid] = code
        cohort_names[slug] = cohort_name
    drafts = Submission.objects.filter(
        participant__in=people.values("pk"), submitted_at__isnull=True
    ).values_list("participant_id", "phase")
    in_scope: QuerySet[Cohort] = Cohort.objects.filter(
        pk__in=CohortPhase.objects.filter(scope.cohort_filter("cohort")).values("cohort_id")
    )
    participation = response_rates(
        in_scope, now, participants=people if scope.region is not None else None
    )
    unclosed = {(row.cohort.slug, row.phase.phase) for row in participation if row.closes_at > now}
    cohorts, findings = quality_from_data(
        data, identities, drafts, th, unclosed=unclosed, scores=scores
    )
    for row in participation:
        cohort_names.setdefault(row.cohort.slug, row.cohort.name)
    return QualityReport(
        cohorts, findings, participation, th.op4_low_response, now, cohort_names, codes
    )
