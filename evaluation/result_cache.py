"""The survey-based indicators, computed once per state of their data and kept in Django's
cache (Redis in production, shared by every web process).

OBJ-1, OUT-1 and OP-4 read every answer of their cohorts: at 20,000 participants about 2 s,
too slow to repeat on each view of the dashboard. Their results are stored under a key made
of the scope, the thresholds and a fingerprint of the data of each cohort in scope:

- per cohort, the number, highest id and sum of the ids of its participants (an enrolment
  or an import, in bulk or not, a deletion), and a version that saving or deleting a
  participant bumps (an edited country moves them to another region);
- per cohort, the number and sum of the ids of its submitted responses, and the latest
  submission time (a submission, a paper import, a deletion).

So a submission in one cohort recomputes the views that include that cohort, and only those,
and no signal has to be sent for results to be right: the two counting queries (a few
milliseconds) are the check. Answers of submitted responses are never edited in place."""

import hashlib
from collections.abc import Callable
from dataclasses import asdict

from django.core.cache import cache
from django.db.models import Count, Max, Sum

from surveys.models import Participant, Submission

from .indicators import IndicatorResult, Thresholds
from .indicators.data import Scope

TIMEOUT = 7 * 24 * 3600  # a result no longer asked for ages out; a stale one is never served
PREFIX = "evaluation:indicator"


def _version_key(cohort_id: int) -> str:
    return f"evaluation:cohort-version:{cohort_id}"


def bump_cohort(cohort_id: int) -> None:
    """Mark a cohort's participants as changed (called by the Participant signals)."""
    try:
        cache.incr(_version_key(cohort_id))
    except ValueError:
        cache.set(_version_key(cohort_id), 1, None)


def fingerprint(scope: Scope) -> str:
    """The state of the data of the cohorts in scope, in two grouped queries."""
    people = (
        Participant.objects.filter(scope.cohort_filter("cohort"))
        .values("cohort_id")
        .annotate(n=Count("pk"), last=Max("pk"), ids=Sum("pk"))
        .values_list("cohort_id", "n", "last", "ids")
        .order_by("cohort_id")
    )
    submitted = (
        Submission.objects.filter(
            scope.cohort_filter("participant__cohort"), submitted_at__isnull=False
        )
        .values("participant__cohort_id")
        .annotate(n=Count("pk"), last=Max("submitted_at"), ids=Sum("pk"))
        .values_list("participant__cohort_id", "n", "last", "ids")
        .order_by("participant__cohort_id")
    )
    people = list(people)
    versions = cache.get_many([_version_key(cohort_id) for cohort_id, *_rest in people])
    return repr((people, versions, list(submitted)))


def _key(indicator_id: str, scope: Scope, thresholds: Thresholds, state: str) -> str:
    cohorts = scope.cohorts
    if cohorts is not None and not isinstance(cohorts, str | int):
        cohorts = sorted(str(getattr(c, "pk", c)) for c in cohorts)
    described = repr(
        (
            indicator_id,
            cohorts,
            scope.start,
            scope.end,
            scope.region,
            sorted((scope.regions or {}).items()),
            asdict(thresholds),
            state,
        )
    )
    return f"{PREFIX}:{indicator_id}:{hashlib.sha256(described.encode()).hexdigest()}"


def cached_results(
    computations: list[tuple[str, Callable[[Scope, Thresholds], IndicatorResult]]],
    scope: Scope,
    thresholds: Thresholds,
    state: str | None = None,
) -> dict[str, IndicatorResult]:
    """Each (id, compute) result from the cache when its data have not changed, else computed
    and stored. One fingerprint serves them all (`state`, when already taken)."""
    state = fingerprint(scope) if state is None else state
    keys = {name: _key(name, scope, thresholds, state) for name, _compute in computations}
    found = cache.get_many(list(keys.values()))
    results = {}
    for name, compute in computations:
        result = found.get(keys[name])
        if result is None:
            result = compute(scope, thresholds)
            cache.set(keys[name], result, TIMEOUT)
        results[name] = result
    return results
